package io.shipsync.logistics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shipsync.events.PackageItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.hibernate.Session;

/** Rows of {@code print_runs}, {@code waybills} and {@code waybill_prints}. */
@ApplicationScoped
public class WaybillRepository {

    private static final TypeReference<List<PackageItem>> ITEMS = new TypeReference<>() {
    };
    private static final TypeReference<List<Waybill.Goods>> GOODS = new TypeReference<>() {
    };
    private static final String SELECT_WAYBILL = """
            SELECT waybill_id, shop_id, order_id, run_id, seq, carrier_code, packages, state, ewaybill_order_id,
                   create_sent_at, sub_sent_at, tracking_number, sub_tracking_numbers, print_info, receiver::text AS receiver, goods::text AS goods,
                   items::text AS items, error, prints, first_printed_at, declared_at, cancelled_at
            FROM waybills\s""";
    private static final String SELECT_RUN = """
            SELECT r.run_id, r.shop_id, r.carrier_code, r.account_id, r.template_id, r.total, r.created_at, r.created_by,
                   count(*) FILTER (WHERE w.state IN ('TAKEN', 'CANCELLED')) AS taken,
                   count(*) FILTER (WHERE w.state IN ('FAILED', 'HELD')) AS failed,
                   count(*) FILTER (WHERE w.state IN ('INTENDED', 'PRECREATED')) AS remaining
            FROM print_runs r JOIN waybills w ON w.run_id = r.run_id
            """;

    private final Session session;
    private final ObjectMapper json;

    WaybillRepository(Session session, ObjectMapper json) {
        this.session = session;
        this.json = json;
    }

    public void addRun(PrintRun run) {
        session.createNativeQuery("""
                        INSERT INTO print_runs (run_id, shop_id, carrier_code, account_id, template_id, total, created_at, created_by)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                .setParameter(1, run.runId()).setParameter(2, run.shopId()).setParameter(3, run.carrierCode())
                .setParameter(4, run.accountId()).setParameter(5, run.templateId()).setParameter(6, run.total())
                .setParameter(7, run.createdAt()).setParameter(8, run.createdBy())
                .executeUpdate();
    }

    /** Records the intent to take a number for the order, before any platform call; returns the waybill id. */
    public long intend(String shopId, String orderId, UUID runId, int seq, String carrierCode, int packages,
                       List<PackageItem> items, Instant at) {
        return session.createNativeQuery("""
                        INSERT INTO waybills (shop_id, order_id, run_id, seq, carrier_code, packages, state, items, created_at, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'INTENDED', CAST(?7 AS jsonb), ?8, ?8) RETURNING waybill_id""", Long.class)
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, runId).setParameter(4, seq)
                .setParameter(5, carrierCode).setParameter(6, packages).setParameter(7, write(items)).setParameter(8, at)
                .getSingleResult();
    }

    public Optional<PrintRun> run(String shopId, UUID runId) {
        return session.createNativeQuery(SELECT_RUN + "WHERE r.shop_id = ?1 AND r.run_id = ?2 GROUP BY r.run_id", Tuple.class)
                .setParameter(1, shopId).setParameter(2, runId)
                .getResultList().stream().findFirst().map(WaybillRepository::run);
    }

    public List<PrintRun> runs(String shopId, int offset, int limit) {
        return session.createNativeQuery(SELECT_RUN + """
                        WHERE r.shop_id = ?1 GROUP BY r.run_id ORDER BY r.created_at DESC, r.run_id
                        OFFSET ?2 LIMIT ?3""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, offset).setParameter(3, limit)
                .getResultList().stream().map(WaybillRepository::run).toList();
    }

    public long countRuns(String shopId) {
        return session.createNativeQuery("SELECT count(*) FROM print_runs WHERE shop_id = ?1", Long.class)
                .setParameter(1, shopId).getSingleResult();
    }

    public Optional<Waybill> find(String shopId, long waybillId) {
        return session.createNativeQuery(SELECT_WAYBILL + "WHERE shop_id = ?1 AND waybill_id = ?2", Tuple.class)
                .setParameter(1, shopId).setParameter(2, waybillId)
                .getResultList().stream().findFirst().map(this::waybill);
    }

    /** The waybill, locked against a concurrent taker, printer or canceller. */
    public Optional<Waybill> lock(String shopId, long waybillId) {
        return session.createNativeQuery(SELECT_WAYBILL + "WHERE shop_id = ?1 AND waybill_id = ?2 FOR UPDATE", Tuple.class)
                .setParameter(1, shopId).setParameter(2, waybillId)
                .getResultList().stream().findFirst().map(this::waybill);
    }

    /** The run's waybills in page order, handed over one at a time so a long run is never all in memory. */
    public void eachOfRun(String shopId, UUID runId, Consumer<Waybill> each) {
        session.createNativeQuery(SELECT_WAYBILL + "WHERE shop_id = ?1 AND run_id = ?2 ORDER BY seq", Tuple.class)
                .setParameter(1, shopId).setParameter(2, runId).setFetchSize(100)
                .getResultStream().map(this::waybill).forEach(each);
    }

    /** Waybills of the run that hold a number now: the pages of its labels. */
    public int countTaken(String shopId, UUID runId) {
        return session.createNativeQuery("SELECT count(*) FROM waybills WHERE shop_id = ?1 AND run_id = ?2 AND state = 'TAKEN'",
                        Long.class)
                .setParameter(1, shopId).setParameter(2, runId).getSingleResult().intValue();
    }

    public List<Waybill> ofRun(String shopId, UUID runId, int offset, int limit) {
        return session.createNativeQuery(SELECT_WAYBILL + "WHERE shop_id = ?1 AND run_id = ?2 ORDER BY seq OFFSET ?3 LIMIT ?4",
                        Tuple.class)
                .setParameter(1, shopId).setParameter(2, runId).setParameter(3, offset).setParameter(4, limit)
                .getResultList().stream().map(this::waybill).toList();
    }

    /** The order's waybill that holds a number now, if any. */
    public Optional<Waybill> taken(String shopId, String orderId) {
        return session.createNativeQuery(SELECT_WAYBILL + "WHERE shop_id = ?1 AND order_id = ?2 AND state = 'TAKEN'", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId)
                .getResultList().stream().findFirst().map(this::waybill);
    }

    /** Live or cancelled waybills that took this number (a number declared for an order names its waybill). */
    public List<Waybill> byTrackingNumber(String shopId, String trackingNumber) {
        return session.createNativeQuery(SELECT_WAYBILL + "WHERE shop_id = ?1 AND tracking_number = ?2", Tuple.class)
                .setParameter(1, shopId).setParameter(2, trackingNumber)
                .getResultList().stream().map(this::waybill).toList();
    }

    public void precreated(long waybillId, String ewaybillOrderId, Waybill.MaskedReceiver receiver, List<Waybill.Goods> goods,
                           Instant at) {
        session.createNativeQuery("""
                        UPDATE waybills SET state = 'PRECREATED', ewaybill_order_id = ?2, receiver = CAST(?3 AS jsonb),
                                            goods = CAST(?4 AS jsonb), updated_at = ?5
                        WHERE waybill_id = ?1""")
                .setParameter(1, waybillId).setParameter(2, ewaybillOrderId).setParameter(3, writeValue(receiver))
                .setParameter(4, writeValue(goods)).setParameter(5, at).executeUpdate();
    }

    /** The intent to call create, recorded before the call: an answer lost after it must be settled, not repeated. */
    public void createSent(long waybillId, Instant at) {
        session.createNativeQuery("UPDATE waybills SET create_sent_at = ?2, updated_at = ?2 WHERE waybill_id = ?1")
                .setParameter(1, waybillId).setParameter(2, at).executeUpdate();
    }

    public void taken(long waybillId, String trackingNumber, String printInfo, Instant at) {
        session.createNativeQuery("""
                        UPDATE waybills SET state = 'TAKEN', tracking_number = ?2, print_info = ?3, error = NULL, updated_at = ?4
                        WHERE waybill_id = ?1""")
                .setParameter(1, waybillId).setParameter(2, trackingNumber).setParameter(3, printInfo).setParameter(4, at)
                .executeUpdate();
    }

    /** addsuborder is not idempotent: the intent is recorded before the one call ever made for a waybill. */
    public void subSent(long waybillId, Instant at) {
        session.createNativeQuery("UPDATE waybills SET sub_sent_at = ?2, updated_at = ?2 WHERE waybill_id = ?1")
                .setParameter(1, waybillId).setParameter(2, at).executeUpdate();
    }

    public void subTaken(long waybillId, List<String> subTrackingNumbers, Instant at) {
        session.createNativeQuery("UPDATE waybills SET sub_tracking_numbers = ?2, updated_at = ?3 WHERE waybill_id = ?1")
                .setParameter(1, waybillId).setParameter(2, subTrackingNumbers.toArray(String[]::new)).setParameter(3, at)
                .executeUpdate();
    }

    /** Ends a waybill without a number: FAILED (refused) or HELD (a risk), with the reason. */
    public void ended(long waybillId, Waybill.State state, String reason, Instant at) {
        session.createNativeQuery("UPDATE waybills SET state = ?2, error = ?3, updated_at = ?4 WHERE waybill_id = ?1")
                .setParameter(1, waybillId).setParameter(2, state.name()).setParameter(3, reason).setParameter(4, at)
                .executeUpdate();
    }

    /** A reason kept on a waybill still being taken: why its last attempt did not finish. */
    public void attemptFailed(long waybillId, String reason, Instant at) {
        session.createNativeQuery("UPDATE waybills SET error = ?2, updated_at = ?3 WHERE waybill_id = ?1")
                .setParameter(1, waybillId).setParameter(2, reason).setParameter(3, at).executeUpdate();
    }

    public void cancelled(long waybillId, Instant at) {
        session.createNativeQuery("UPDATE waybills SET state = 'CANCELLED', cancelled_at = ?2, updated_at = ?2 WHERE waybill_id = ?1")
                .setParameter(1, waybillId).setParameter(2, at).executeUpdate();
    }

    /** The number was declared to the platform (发货): it can no longer be cancelled. */
    public void declared(String shopId, String trackingNumber, Instant at) {
        session.createNativeQuery("""
                        UPDATE waybills SET declared_at = ?3, updated_at = ?3
                        WHERE shop_id = ?1 AND tracking_number = ?2 AND declared_at IS NULL""")
                .setParameter(1, shopId).setParameter(2, trackingNumber).setParameter(3, at).executeUpdate();
    }

    /** Records one print of the waybill; returns the print's id, which the platform notification is keyed by. */
    public long printed(Waybill waybill, boolean reprint, String by, Instant at) {
        session.createNativeQuery("""
                        UPDATE waybills SET prints = prints + 1, first_printed_at = coalesce(first_printed_at, ?2), updated_at = ?2
                        WHERE waybill_id = ?1""")
                .setParameter(1, waybill.waybillId()).setParameter(2, at).executeUpdate();
        return session.createNativeQuery("""
                        INSERT INTO waybill_prints (waybill_id, shop_id, reprint, printed_at, printed_by)
                        VALUES (?1, ?2, ?3, ?4, ?5) RETURNING print_id""", Long.class)
                .setParameter(1, waybill.waybillId()).setParameter(2, waybill.shopId()).setParameter(3, reprint)
                .setParameter(4, at).setParameter(5, by).getSingleResult();
    }

    /** A print the platform has not been told of yet, with its waybill. */
    public record PendingNotice(long printId, boolean reprint, Waybill waybill) {
    }

    public Optional<PendingNotice> pendingNotice(String shopId, long printId) {
        return session.createNativeQuery("""
                        SELECT print_id, waybill_id, reprint FROM waybill_prints
                        WHERE shop_id = ?1 AND print_id = ?2 AND notified_at IS NULL""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, printId)
                .getResultList().stream().findFirst()
                .flatMap(r -> find(shopId, r.get("waybill_id", Long.class))
                        .map(w -> new PendingNotice(printId, r.get("reprint", Boolean.class), w)));
    }

    public void notified(long printId, Instant at) {
        session.createNativeQuery("UPDATE waybill_prints SET notified_at = ?2 WHERE print_id = ?1")
                .setParameter(1, printId).setParameter(2, at).executeUpdate();
    }

    private static PrintRun run(Tuple r) {
        return new PrintRun(r.get("run_id", UUID.class), r.get("shop_id", String.class), r.get("carrier_code", String.class),
                r.get("account_id", String.class), r.get("template_id", String.class), r.get("total", Integer.class),
                r.get("created_at", Instant.class), r.get("created_by", String.class),
                new PrintRun.Progress(r.get("taken", Long.class).intValue(), r.get("failed", Long.class).intValue(),
                        r.get("remaining", Long.class).intValue()));
    }

    private Waybill waybill(Tuple r) {
        String receiver = r.get("receiver", String.class);
        String goods = r.get("goods", String.class);
        String[] subs = r.get("sub_tracking_numbers", String[].class);
        return new Waybill(r.get("waybill_id", Long.class), r.get("shop_id", String.class), r.get("order_id", String.class),
                r.get("run_id", UUID.class), r.get("seq", Integer.class), r.get("carrier_code", String.class),
                r.get("packages", Integer.class), Waybill.State.valueOf(r.get("state", String.class)),
                r.get("ewaybill_order_id", String.class), r.get("create_sent_at", Instant.class),
                r.get("sub_sent_at", Instant.class), r.get("tracking_number", String.class), subs == null ? List.of() : Arrays.asList(subs),
                r.get("print_info", String.class),
                receiver == null ? null : readValue(receiver, Waybill.MaskedReceiver.class),
                goods == null ? List.of() : readValue(goods, GOODS), readItems(r.get("items", String.class)), r.get("error", String.class), r.get("prints", Integer.class),
                r.get("first_printed_at", Instant.class), r.get("declared_at", Instant.class),
                r.get("cancelled_at", Instant.class));
    }

    private String write(List<PackageItem> items) {
        return writeValue(items);
    }

    private String writeValue(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<PackageItem> readItems(String items) {
        try {
            return json.readValue(items, ITEMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("waybills.items holds what we never wrote", e);
        }
    }

    private <T> T readValue(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("waybills holds JSON we never wrote", e);
        }
    }

    private <T> T readValue(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("waybills holds JSON we never wrote", e);
        }
    }
}
