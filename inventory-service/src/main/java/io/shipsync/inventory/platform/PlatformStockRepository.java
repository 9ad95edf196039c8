package io.shipsync.inventory.platform;

import io.shipsync.inventory.StockKey;
import io.shipsync.inventory.platform.StockReconciler.Counts;
import io.shipsync.inventory.platform.StockReconciler.Run;
import io.shipsync.inventory.platform.StockReconciler.RunState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

/**
 * Rows of the platform stock family: {@code platform_stock} (per shop and SKU of the mirrored warehouse),
 * {@code platform_unpaid_holds} and {@code platform_stock_reconciliations}. Whether a push is owed or in flight
 * is read from the work queue's row of the SKU ({@code work_items}, queue {@link StockPusher#QUEUE}). Columns are
 * read by name.
 */
@ApplicationScoped
public class PlatformStockRepository {

    /** A push is owed or running (the queue's READY item), or one's outcome is not recorded yet. */
    private static final String PUSH_PENDING = """
            (p.pushing IS NOT NULL OR EXISTS (SELECT 1 FROM work_items w WHERE w.queue = '%s' AND w.shop_id = p.shop_id
                                              AND w.item_key = p.sku_id AND w.state = 'READY'))""".formatted(StockPusher.QUEUE);
    private static final String BY_SKU = " WHERE shop_id = ?1 AND sku_id = ?2";
    private static final String RUN_COLUMNS = """
            id, shop_id, state, started_at, finished_at, checked, matched, corrected, pending, unreadable, deferred,
            accuracy, error""";

    /** Units an unpaid order held on the platform for one SKU. */
    public record UnpaidHold(String skuId, String productId, long units) {
    }

    /**
     * A SKU of the mirrored warehouse: our figures beside its sync row and its push (null fields: no row yet;
     * {@code attempts} and {@code nextAttempt} only while a push is queued).
     */
    public record SkuSync(String skuId, String productId, long available, boolean frozen, long heldUnpaid, Long believed,
                          Long seenStock, Instant seenAt, Boolean matched, boolean due, long pushes, Instant lastPushedAt,
                          Integer attempts, Instant nextAttempt, Integer lastErrcode, String lastError,
                          double overshownUnitSeconds) {
    }

    /** What a push of the SKU starts from: the belief (null = unknown), unpaid holds, a push whose outcome is unknown. */
    record PushTarget(String productId, Long believed, long heldUnpaid, Long pushing, Instant inStepAt) {
    }

    /** A SKU with no push owed or in flight, its row locked: unpaid holds, the pusher's recorded runs, last in step. */
    record IdleSync(long heldUnpaid, long pushRuns, Instant inStepAt) {
    }

    private final Session session;

    PlatformStockRepository(Session session) {
        this.session = session;
    }

    /**
     * Keeps a sync row for the SKU, moves the belief down by {@code taken} units the platform took (negative: gave
     * back) and the unpaid holds by {@code held}.
     */
    public void noteChange(StockKey key, String productId, long taken, long held) {
        // A belief we never had stays null (greatest() would turn it into 0): the next push reads the platform.
        bySku(session.createNativeQuery("""
                INSERT INTO platform_stock (shop_id, sku_id, product_id, held_unpaid) VALUES (?1, ?2, ?3, greatest(?5, 0))
                ON CONFLICT (shop_id, sku_id) DO UPDATE SET
                    held_unpaid = greatest(platform_stock.held_unpaid + ?5, 0),
                    believed = CASE WHEN platform_stock.believed IS NULL THEN NULL
                                    ELSE greatest(platform_stock.believed - ?4, 0) END"""), key)
                .setParameter(3, productId).setParameter(4, taken).setParameter(5, held).executeUpdate();
    }

    /** Records an unpaid order's units of a SKU; false when they were recorded before. */
    public boolean hold(String shopId, String orderId, String skuId, String productId, long units, Instant at) {
        return session.createNativeQuery("""
                INSERT INTO platform_unpaid_holds (shop_id, order_id, sku_id, product_id, units, held_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, skuId)
                .setParameter(4, productId).setParameter(5, units).setParameter(6, at)
                .executeUpdate() == 1;
    }

    /** Removes the order's holds and returns them. */
    public List<UnpaidHold> settleHolds(String shopId, String orderId) {
        return session.createNativeQuery("""
                DELETE FROM platform_unpaid_holds WHERE shop_id = ?1 AND order_id = ?2 RETURNING sku_id, product_id, units""",
                        Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId).getResultList().stream()
                .map(r -> new UnpaidHold(r.get("sku_id", String.class), r.get("product_id", String.class),
                        r.get("units", Long.class)))
                .toList();
    }

    /** Of {@code orderIds}, the orders that hold units here as unpaid. */
    Set<String> heldOrders(String shopId, Collection<String> orderIds) {
        return new HashSet<>(session.createNativeQuery("""
                SELECT DISTINCT order_id FROM platform_unpaid_holds WHERE shop_id = ?1 AND order_id = ANY(CAST(?2 AS text[]))""",
                        String.class)
                .setParameter(1, shopId).setParameter(2, orderIds.toArray(String[]::new)).getResultList());
    }

    Optional<PushTarget> pushTarget(StockKey key) {
        return bySku(session.createNativeQuery("""
                SELECT product_id, believed, held_unpaid, pushing, in_step_at FROM platform_stock""" + BY_SKU, Tuple.class), key)
                .getResultList().stream().findFirst()
                .map(r -> new PushTarget(r.get("product_id", String.class), r.get("believed", Long.class),
                        r.get("held_unpaid", Long.class), r.get("pushing", Long.class), r.get("in_step_at", Instant.class)));
    }

    /** A stock/update of {@code difference} is about to leave. */
    void pushing(StockKey key, long difference) {
        bySku(session.createNativeQuery("UPDATE platform_stock SET pushing = ?3" + BY_SKU), key)
                .setParameter(3, difference).executeUpdate();
    }

    /** The platform's figure is unknown (a push may have landed unrecorded): read it before the next push. */
    void forget(StockKey key) {
        bySku(session.createNativeQuery("""
                UPDATE platform_stock SET believed = NULL, pushing = NULL, push_runs = push_runs + 1""" + BY_SKU), key)
                .executeUpdate();
    }

    /**
     * A push went through (or none was needed): the belief, or what was {@code read} instead, moves by what was
     * {@code pushed} (orders the platform took meanwhile have moved it already, and compose with it); the SKU is
     * in step as of {@code at}, and {@code overshown} unit-seconds a reading found are added.
     */
    void pushed(StockKey key, Long read, long pushed, Instant at, double overshown) {
        bySku(session.createNativeQuery("""
                UPDATE platform_stock SET pushing = NULL, push_runs = push_runs + 1, last_errcode = NULL, last_error = NULL,
                    believed = greatest(coalesce(CAST(?3 AS bigint), believed) + ?4, 0),
                    pushes = pushes + CASE WHEN ?4 = 0 THEN 0 ELSE 1 END,
                    last_pushed_at = CASE WHEN ?4 = 0 THEN last_pushed_at ELSE ?5 END,
                    in_step_at = ?5, overshown_unit_seconds = overshown_unit_seconds + ?6""" + BY_SKU), key)
                .setParameter(3, read).setParameter(4, pushed).setParameter(5, at).setParameter(6, overshown)
                .executeUpdate();
    }

    /**
     * A push failed, with the error kept: the belief is dropped when {@code forget}, else replaced by what was
     * {@code read}, if anything (a reading also counts its {@code overshown} unit-seconds and ends them at {@code at}).
     */
    void pushFailed(StockKey key, Integer errcode, String error, boolean forget, Long read, Instant at, double overshown) {
        bySku(session.createNativeQuery("""
                UPDATE platform_stock SET pushing = NULL, push_runs = push_runs + 1, last_errcode = ?3, last_error = ?4,
                    believed = CASE WHEN ?5 THEN NULL ELSE coalesce(CAST(?6 AS bigint), believed) END,
                    in_step_at = CASE WHEN CAST(?6 AS bigint) IS NULL THEN in_step_at ELSE ?7 END,
                    overshown_unit_seconds = overshown_unit_seconds + ?8""" + BY_SKU), key)
                .setParameter(3, errcode).setParameter(4, error).setParameter(5, forget).setParameter(6, read)
                .setParameter(7, at).setParameter(8, overshown).executeUpdate();
    }

    /** Shops with a WeChat Shop account (the shared client's table): the ones whose stock is reconciled. */
    public List<String> shopsWithAccount() {
        return session.createNativeQuery("SELECT shop_id FROM platform_accounts ORDER BY shop_id", String.class).getResultList();
    }

    /** Makes a sync row for every SKU stocked in the warehouse that has none yet; returns their SKU ids. */
    public List<String> addMissing(String shopId, String warehouseId) {
        return session.createNativeQuery("""
                INSERT INTO platform_stock (shop_id, sku_id, product_id)
                SELECT shop_id, sku_id, product_id FROM stock WHERE shop_id = ?1 AND warehouse_id = ?2
                ON CONFLICT DO NOTHING RETURNING sku_id""", String.class)
                .setParameter(1, shopId).setParameter(2, warehouseId).getResultList();
    }

    /** Every SKU stocked in the warehouse with a sync row. */
    List<StockReconciler.Sku> skus(String shopId, String warehouseId) {
        return session.createNativeQuery("""
                SELECT p.sku_id, p.product_id FROM platform_stock p
                JOIN stock s ON s.shop_id = p.shop_id AND s.sku_id = p.sku_id AND s.warehouse_id = ?2
                WHERE p.shop_id = ?1 ORDER BY p.sku_id""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, warehouseId).getResultList().stream()
                .map(r -> new StockReconciler.Sku(new StockKey(shopId, r.get("sku_id", String.class), warehouseId),
                        r.get("product_id", String.class)))
                .toList();
    }

    /** The pusher's recorded runs of the SKU; empty while a push is owed or in flight. */
    Optional<Long> pushRunsIfIdle(StockKey key) {
        return bySku(session.createNativeQuery("SELECT p.push_runs FROM platform_stock p" + BY_SKU
                + " AND NOT " + PUSH_PENDING, Long.class), key).getResultList().stream().findFirst();
    }

    /** The SKU's sync row, locked; empty while a push is owed or in flight. */
    Optional<IdleSync> lockIdle(StockKey key) {
        return bySku(session.createNativeQuery("SELECT p.held_unpaid, p.push_runs, p.in_step_at FROM platform_stock p"
                + BY_SKU + " AND NOT " + PUSH_PENDING + " FOR UPDATE", Tuple.class), key)
                .getResultList().stream().findFirst()
                .map(r -> new IdleSync(r.get("held_unpaid", Long.class), r.get("push_runs", Long.class),
                        r.get("in_step_at", Instant.class)));
    }

    /**
     * Keeps a reading, with the {@code overshown} unit-seconds it found; when it agrees it is also the belief (which
     * may have been unknown).
     */
    void noteReading(StockKey key, long seen, boolean agrees, Instant at, double overshown) {
        bySku(session.createNativeQuery("""
                UPDATE platform_stock SET seen_stock = ?3, seen_at = ?4, matched = ?5,
                    believed = CASE WHEN ?5 THEN ?3 ELSE believed END,
                    in_step_at = ?4, overshown_unit_seconds = overshown_unit_seconds + ?6""" + BY_SKU), key)
                .setParameter(3, seen).setParameter(4, at).setParameter(5, agrees).setParameter(6, overshown)
                .executeUpdate();
    }

    /**
     * The platform showed {@code seen} and is corrected: the belief becomes {@code believed}, from which the pusher
     * sends the correction.
     */
    void noteDiffering(StockKey key, long seen, long believed, Instant at, double overshown) {
        bySku(session.createNativeQuery("""
                UPDATE platform_stock SET believed = ?3, seen_stock = ?4, seen_at = ?5, matched = false,
                    in_step_at = ?5, overshown_unit_seconds = overshown_unit_seconds + ?6""" + BY_SKU), key)
                .setParameter(3, believed).setParameter(4, seen).setParameter(5, at).setParameter(6, overshown)
                .executeUpdate();
    }

    /** Keeps why the SKU's stock could not be read. */
    void noteUnreadable(StockKey key, Integer errcode, String error) {
        bySku(session.createNativeQuery("UPDATE platform_stock SET last_errcode = ?3, last_error = ?4" + BY_SKU), key)
                .setParameter(3, errcode).setParameter(4, error).executeUpdate();
    }

    /** Records a run as RUNNING; empty when the shop has one running already. */
    Optional<Run> startRun(String shopId, Instant at) {
        return session.createNativeQuery("""
                INSERT INTO platform_stock_reconciliations (shop_id, state, started_at, checked, matched, corrected, pending,
                                                            unreadable, deferred)
                VALUES (?1, 'RUNNING', ?2, 0, 0, 0, 0, 0, 0)
                ON CONFLICT (shop_id) WHERE state = 'RUNNING' DO NOTHING RETURNING\s""" + RUN_COLUMNS, Tuple.class)
                .setParameter(1, shopId).setParameter(2, at).getResultList().stream().findFirst()
                .map(PlatformStockRepository::run);
    }

    /** Completes a running run with what it counted. */
    Optional<Run> finishRun(long id, Instant at, Counts counts, BigDecimal accuracy) {
        return session.createNativeQuery("""
                UPDATE platform_stock_reconciliations SET state = 'FINISHED', finished_at = ?2, checked = ?3, matched = ?4,
                    corrected = ?5, pending = ?6, unreadable = ?7, deferred = ?8, accuracy = ?9
                WHERE id = ?1 AND state = 'RUNNING' RETURNING\s""" + RUN_COLUMNS, Tuple.class)
                .setParameter(1, id).setParameter(2, at).setParameter(3, counts.checked()).setParameter(4, counts.matched())
                .setParameter(5, counts.corrected()).setParameter(6, counts.pending()).setParameter(7, counts.unreadable())
                .setParameter(8, counts.deferred()).setParameter(9, accuracy).getResultList().stream().findFirst()
                .map(PlatformStockRepository::run);
    }

    /** Ends a running run as FAILED with the reason. */
    void failRun(long id, Instant at, String error) {
        session.createNativeQuery("""
                UPDATE platform_stock_reconciliations SET state = 'FAILED', finished_at = ?2, error = ?3
                WHERE id = ?1 AND state = 'RUNNING'""")
                .setParameter(1, id).setParameter(2, at).setParameter(3, error).executeUpdate();
    }

    /** The shop's run now in progress. */
    Optional<Run> running(String shopId) {
        return session.createNativeQuery("SELECT " + RUN_COLUMNS + " FROM platform_stock_reconciliations"
                        + " WHERE shop_id = ?1 AND state = 'RUNNING'", Tuple.class)
                .setParameter(1, shopId).getResultList().stream().findFirst().map(PlatformStockRepository::run);
    }

    /** When the shop's latest run started. */
    Optional<Instant> lastStartedAt(String shopId) {
        return session.createNativeQuery("""
                SELECT max(started_at) FROM platform_stock_reconciliations WHERE shop_id = ?1""", Instant.class)
                .setParameter(1, shopId).getResultList().stream().filter(Objects::nonNull).findFirst();
    }

    public Optional<Run> run(String shopId, long id) {
        return session.createNativeQuery("SELECT " + RUN_COLUMNS + " FROM platform_stock_reconciliations"
                        + " WHERE shop_id = ?1 AND id = ?2", Tuple.class)
                .setParameter(1, shopId).setParameter(2, id).getResultList().stream().findFirst()
                .map(PlatformStockRepository::run);
    }

    /** The shop's runs, newest first. */
    public List<Run> runs(String shopId, int limit) {
        return session.createNativeQuery("SELECT " + RUN_COLUMNS + " FROM platform_stock_reconciliations"
                        + " WHERE shop_id = ?1 ORDER BY id DESC LIMIT ?2", Tuple.class)
                .setParameter(1, shopId).setParameter(2, limit).getResultList().stream()
                .map(PlatformStockRepository::run).toList();
    }

    /** The shop's latest run that finished. */
    public Optional<Run> lastFinished(String shopId) {
        return session.createNativeQuery("SELECT " + RUN_COLUMNS + " FROM platform_stock_reconciliations"
                        + " WHERE shop_id = ?1 AND state = 'FINISHED' ORDER BY id DESC LIMIT 1", Tuple.class)
                .setParameter(1, shopId).getResultList().stream().findFirst().map(PlatformStockRepository::run);
    }

    /** The shop's SKUs in the mirrored warehouse beside their sync rows and queued pushes. */
    public List<SkuSync> ofShop(String shopId, String warehouseId) {
        return session.createNativeQuery("""
                SELECT s.sku_id, s.product_id, s.available, s.frozen, coalesce(p.held_unpaid, 0) AS held_unpaid, p.believed,
                       p.seen_stock, p.seen_at, p.matched,
                       p.sku_id IS NULL OR p.pushing IS NOT NULL OR coalesce(w.state = 'READY', false) AS due,
                       coalesce(p.pushes, 0) AS pushes, p.last_pushed_at,
                       CASE WHEN p.sku_id IS NULL THEN NULL ELSE coalesce(w.attempts, 0) END AS attempts,
                       w.due_at AS next_attempt, p.last_errcode, coalesce(p.last_error, w.last_error) AS last_error,
                       coalesce(p.overshown_unit_seconds, 0) AS overshown_unit_seconds
                FROM stock s LEFT JOIN platform_stock p ON p.shop_id = s.shop_id AND p.sku_id = s.sku_id
                LEFT JOIN work_items w ON w.queue = ?3 AND w.shop_id = s.shop_id AND w.item_key = s.sku_id
                WHERE s.shop_id = ?1 AND s.warehouse_id = ?2 ORDER BY s.sku_id""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, warehouseId).setParameter(3, StockPusher.QUEUE)
                .getResultList().stream()
                .map(r -> new SkuSync(r.get("sku_id", String.class), r.get("product_id", String.class),
                        r.get("available", Long.class), r.get("frozen", Boolean.class), r.get("held_unpaid", Long.class),
                        r.get("believed", Long.class), r.get("seen_stock", Long.class), r.get("seen_at", Instant.class),
                        r.get("matched", Boolean.class), r.get("due", Boolean.class), r.get("pushes", Long.class),
                        r.get("last_pushed_at", Instant.class), r.get("attempts", Integer.class),
                        r.get("next_attempt", Instant.class), r.get("last_errcode", Integer.class),
                        r.get("last_error", String.class), r.get("overshown_unit_seconds", BigDecimal.class).doubleValue()))
                .toList();
    }

    private static Run run(Tuple r) {
        return new Run(r.get("id", Long.class), r.get("shop_id", String.class), RunState.valueOf(r.get("state", String.class)),
                r.get("started_at", Instant.class), r.get("finished_at", Instant.class), r.get("checked", Integer.class),
                r.get("matched", Integer.class), r.get("corrected", Integer.class), r.get("pending", Integer.class),
                r.get("unreadable", Integer.class), r.get("deferred", Integer.class), r.get("accuracy", BigDecimal.class),
                r.get("error", String.class));
    }

    private static <Q extends NativeQuery<?>> Q bySku(Q query, StockKey key) {
        query.setParameter(1, key.shopId()).setParameter(2, key.skuId());
        return query;
    }
}
