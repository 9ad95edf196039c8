package io.shipsync.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.DriftKind;
import io.shipsync.events.WaybillCancelled;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.order.config.OrderRulesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * 自动发货: declares printed waybills (打单 → WaybillPrinted) per the shop's rule: at once, after 30
 * minutes, after 24 hours (presale), or never (manual only). Each pending declaration is a row, and a work
 * item due at its time (queue {@value #QUEUE}), so timers survive restarts; time comes from the injectable
 * clock. Each runs alone: a declaration refused for one order is recorded (REFUSED, a finding) in a transaction
 * of its own and never holds up another's. The package declared holds the waybill's own items when WaybillPrinted
 * names them, so the parcels of an order split across waybills (拆单) each declare what they carry. A cancelled
 * waybill (取消面单, WaybillCancelled) is never declared.
 */
@ApplicationScoped
public class AutoShipping implements WorkHandler {

    public static final String QUEUE = "auto-ship";

    private static final Logger LOG = Logger.getLogger(AutoShipping.class);
    private static final Duration RECHECK = Duration.ofMinutes(1);

    /** When a printed waybill is declared. */
    public enum Mode { IMMEDIATELY, AFTER_30_MINUTES, AFTER_24_HOURS, MANUAL_ONLY }

    private static final TypeReference<List<ShipmentPackage.Item>> ITEMS = new TypeReference<>() {
    };

    private final EntityManager entityManager;
    private final ObjectMapper mapper;
    private final Shipping shipping;
    private final Holds holds;
    private final Findings findings;
    private final OrderRulesConfig rules;
    private final WorkQueue work;
    private final Clock clock;

    AutoShipping(EntityManager entityManager, ObjectMapper mapper, Shipping shipping, Holds holds, Findings findings,
                 OrderRulesConfig rules, WorkQueue work, Clock clock) {
        this.entityManager = entityManager;
        this.mapper = mapper;
        this.shipping = shipping;
        this.holds = holds;
        this.findings = findings;
        this.rules = rules;
        this.work = work;
        this.clock = clock;
    }

    /** A waybill waiting for its declaration, as its row holds it; no items when the waybill did not name them. */
    private record Scheduled(long id, String shopId, String orderId, String carrierCode, String trackingNumber,
                             List<ShipmentPackage.Item> items) {
    }

    /** The shop's rule; shops that never chose one declare at once (G1: printed ⇒ declared). */
    public Mode mode(String shopId) {
        List<?> mode = entityManager.createNativeQuery("SELECT mode FROM auto_ship_rules WHERE shop_id = ?1")
                .setParameter(1, shopId).getResultList();
        return mode.isEmpty() ? Mode.IMMEDIATELY : Mode.valueOf((String) mode.get(0));
    }

    @Transactional
    public void setMode(String shopId, Mode mode) {
        entityManager.createNativeQuery("""
                INSERT INTO auto_ship_rules (shop_id, mode, updated_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (shop_id) DO UPDATE SET mode = EXCLUDED.mode, updated_at = EXCLUDED.updated_at""")
                .setParameter(1, shopId).setParameter(2, mode.name()).setParameter(3, clock.instant()).executeUpdate();
    }

    /**
     * Schedules the declaration of a printed waybill; a reprint of the same number schedules nothing new, nor does a
     * waybill already cancelled.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void printed(String shopId, WaybillPrinted waybill) {
        Mode mode = mode(shopId);
        Instant due = switch (mode) {
            case IMMEDIATELY, MANUAL_ONLY -> waybill.printedAt();
            case AFTER_30_MINUTES -> waybill.printedAt().plus(rules.autoShipShortDelay());
            case AFTER_24_HOURS -> waybill.printedAt().plus(rules.autoShipLongDelay());
        };
        List<ShipmentPackage.Item> items = waybill.items().stream()
                .map(i -> new ShipmentPackage.Item(i.productId(), i.skuId(), i.quantity())).toList();
        // A waybill cancelled before its print arrived already has its CANCELLED row: the insert meets it.
        @SuppressWarnings("unchecked")
        List<Number> ids = entityManager.createNativeQuery("""
                INSERT INTO scheduled_declarations (shop_id, order_id, waybill_id, carrier_code, tracking_number, due_at,
                    status, outcome, created_at, items)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CAST(?10 AS jsonb))
                ON CONFLICT (shop_id, waybill_id, tracking_number) DO NOTHING
                RETURNING id""")
                .setParameter(1, shopId).setParameter(2, waybill.orderId()).setParameter(3, waybill.waybillId())
                .setParameter(4, waybill.carrierCode()).setParameter(5, waybill.trackingNumber()).setParameter(6, due)
                .setParameter(7, mode == Mode.MANUAL_ONLY ? "MANUAL" : "WAITING")
                .setParameter(8, mode == Mode.MANUAL_ONLY ? "the shop declares by hand" : null)
                .setParameter(9, clock.instant()).setParameter(10, json(items))
                .getResultList();
        if (!ids.isEmpty() && mode != Mode.MANUAL_ONLY) {
            work.submit(QUEUE, shopId, ids.get(0).toString(), due);
        }
    }

    /**
     * A cancelled waybill is never declared: its pending (or manual) declaration ends CANCELLED with the reason, and
     * one not scheduled yet is recorded CANCELLED, so a WaybillPrinted arriving after it schedules nothing. A waybill
     * already declared is left declared and only logged: logistics-service refuses to cancel those, so such a
     * cancel means the two services disagree, and undoing a declaration is an operator's correction, not ours.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancelled(String shopId, WaybillCancelled waybill) {
        // The order's row first, then the scheduled one, as a declaration takes them: a declaration of this number
        // running now has either committed (its package is seen below) or waits and then finds the row CANCELLED.
        Order.findForUpdate(shopId, waybill.orderId());
        boolean declared = ShipmentPackage.live(shopId, waybill.orderId()).stream()
                .anyMatch(p -> p.trackingNumber.equals(waybill.trackingNumber()));
        if (declared) {
            LOG.warnf("Waybill %s (%s %s) of order %s was cancelled after it was declared; the declaration stands: %s",
                    waybill.waybillId(), waybill.carrierCode(), waybill.trackingNumber(), waybill.orderId(), waybill.reason());
            return;
        }
        @SuppressWarnings("unchecked")
        List<Number> ids = entityManager.createNativeQuery("""
                INSERT INTO scheduled_declarations (shop_id, order_id, waybill_id, carrier_code, tracking_number, due_at,
                    status, outcome, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'CANCELLED', ?7, ?8)
                ON CONFLICT (shop_id, waybill_id, tracking_number) DO UPDATE SET status = 'CANCELLED', outcome = EXCLUDED.outcome
                    WHERE scheduled_declarations.status IN ('WAITING', 'MANUAL')
                RETURNING id""")
                .setParameter(1, shopId).setParameter(2, waybill.orderId()).setParameter(3, waybill.waybillId())
                .setParameter(4, waybill.carrierCode()).setParameter(5, waybill.trackingNumber())
                .setParameter(6, waybill.cancelledAt()).setParameter(7, "waybill cancelled: " + waybill.reason())
                .setParameter(8, clock.instant())
                .getResultList();
        if (ids.isEmpty()) {
            LOG.infof("Waybill %s (%s %s) of order %s was cancelled after its declaration had ended; nothing to stop",
                    waybill.waybillId(), waybill.carrierCode(), waybill.trackingNumber(), waybill.orderId());
        }
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public Settings defaults() {
        return Settings.DEFAULTS.withPollInterval(rules.autoShipPollInterval());
    }

    /** Waybills scheduled before they went through the work queue are queued at start. */
    void requeueWaiting(@Observes StartupEvent startup) {
        work.requeueOrphans(QUEUE, "scheduled_declarations", "status = 'WAITING'", "due_at");
    }

    @Override
    public WorkOutcome work(WorkItem item) {
        return declare(Long.parseLong(item.key()));
    }

    /**
     * Declares one scheduled waybill now. A refusal rolls back the declaration's own transaction only; it is then
     * recorded, with its finding, in a new one.
     */
    WorkOutcome declare(long id) {
        Scheduled waybill = QuarkusTransaction.requiringNew().call(() -> waiting(id));
        if (waybill == null) {
            return WorkOutcome.done();
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> declare(waybill));
        } catch (RuntimeException e) {
            ProblemException refusal = refusal(e);
            if (refusal == null) {
                throw e;
            }
            LOG.warnf("Auto-ship of %s %s for order %s refused: %s", waybill.carrierCode(), waybill.trackingNumber(),
                    waybill.orderId(), refusal.getMessage());
            QuarkusTransaction.requiringNew().run(() -> {
                if (!finish(id, "REFUSED", refusal.getMessage())) {
                    return; // cancelled meanwhile: a cancelled waybill is no drift
                }
                List<String> local = ShipmentPackage.live(waybill.shopId(), waybill.orderId()).stream()
                        .map(p -> p.trackingNumber).toList();
                findings.report(waybill.shopId(), waybill.orderId(), DriftKind.TRACKING_MISMATCH, refusal.getMessage(), null,
                        local, List.of(waybill.trackingNumber()));
            });
            return WorkOutcome.done();
        }
    }

    private WorkOutcome declare(Scheduled waybill) {
        String shopId = waybill.shopId();
        String orderId = waybill.orderId();
        // Locked before the packages are read, as Shipping.declare does: a manual declaration racing
        // this one has either committed (and is seen below) or waits for this one to commit.
        Order order = Order.findForUpdate(shopId, orderId).orElse(null);
        // Then the row, as a cancel does: a cancel committed meanwhile is seen here, a later one waits for this.
        if (!lockWaiting(waybill.id())) {
            return WorkOutcome.done();
        }
        if (order == null || holds.open(shopId, orderId).isPresent()) {
            // Printed before the order reached us, or held: look again shortly rather than fail.
            finish(waybill.id(), "WAITING", order == null ? "order not known yet" : "order is held");
            return WorkOutcome.retryAt(clock.instant().plus(RECHECK), order == null ? "order not known yet" : "order is held");
        }
        List<ShipmentPackage> live = ShipmentPackage.live(shopId, orderId);
        // The waybill's own items; without them (a version 1 waybill), whatever of the order is not declared yet.
        List<ShipmentPackage.Item> items = waybill.items().isEmpty() ? undeclared(order, live) : waybill.items();
        boolean alreadyDeclared = live.stream().anyMatch(p -> p.trackingNumber.equals(waybill.trackingNumber()));
        if (!alreadyDeclared && items.isEmpty()) {
            throw ProblemException.conflict("自动发货规则冲突: every item of order " + orderId
                    + " is already declared under another tracking number; " + waybill.carrierCode() + " "
                    + waybill.trackingNumber() + " was not declared");
        }
        shipping.declare(shopId, orderId, new Shipping.Declaration(List.of(new Shipping.PackageRequest(waybill.carrierCode(),
                waybill.trackingNumber(), alreadyDeclared ? List.of() : items)), false), "auto-ship");
        finish(waybill.id(), "DONE", "declared");
        return WorkOutcome.done();
    }

    private static List<ShipmentPackage.Item> undeclared(Order order, List<ShipmentPackage> live) {
        Map<String, Integer> remaining = Shipping.remaining(order, live);
        return order.lines.stream()
                .filter(l -> remaining.getOrDefault(l.productId + "/" + l.skuId, 0) > 0)
                .map(l -> new ShipmentPackage.Item(l.productId, l.skuId, remaining.get(l.productId + "/" + l.skuId)))
                .distinct().toList();
    }

    private Scheduled waiting(long id) {
        List<Tuple> rows = entityManager.createNativeQuery("""
                SELECT id, shop_id, order_id, carrier_code, tracking_number, CAST(items AS text) AS items
                FROM scheduled_declarations WHERE id = ?1 AND status = 'WAITING'""", Tuple.class)
                .setParameter(1, id).getResultList();
        return rows.stream().map(r -> new Scheduled(r.get("id", Number.class).longValue(), r.get("shop_id", String.class),
                r.get("order_id", String.class), r.get("carrier_code", String.class), r.get("tracking_number", String.class),
                items(r.get("items", String.class))))
                .findFirst().orElse(null);
    }

    /** Locks the scheduled row; whether it still waits (not cancelled, nor finished by another run). */
    private boolean lockWaiting(long id) {
        return !entityManager.createNativeQuery("""
                SELECT id FROM scheduled_declarations WHERE id = ?1 AND status = 'WAITING' FOR UPDATE""")
                .setParameter(1, id).getResultList().isEmpty();
    }

    private String json(List<ShipmentPackage.Item> items) {
        try {
            return mapper.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ShipmentPackage.Item> items(String json) {
        try {
            return mapper.readValue(json, ITEMS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProblemException problem && problem.problem().status() < 500) {
                return problem;
            }
        }
        return null;
    }

    /** Ends (or, held, keeps) a waiting declaration with its outcome; false when it no longer waits (cancelled). */
    private boolean finish(long id, String status, String outcome) {
        return entityManager.createNativeQuery("""
                UPDATE scheduled_declarations SET status = ?2, outcome = ?3 WHERE id = ?1 AND status = 'WAITING'""")
                .setParameter(1, id).setParameter(2, status).setParameter(3, outcome).executeUpdate() == 1;
    }
}
