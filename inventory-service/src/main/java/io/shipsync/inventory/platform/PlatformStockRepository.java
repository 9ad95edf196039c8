package io.shipsync.inventory.platform;

import io.shipsync.inventory.StockKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * Rows of the platform stock family: {@code platform_stock} (per shop and SKU of the mirrored warehouse),
 * {@code platform_unpaid_holds} and {@code platform_stock_reconciliations}. Columns are read by name.
 */
@ApplicationScoped
public class PlatformStockRepository {

    /** Units an unpaid order held on the platform for one SKU. */
    public record UnpaidHold(String skuId, String productId, long units) {
    }

    /** A SKU of the mirrored warehouse: our figures beside its sync row (null fields: no row yet). */
    public record SkuSync(String skuId, String productId, long available, boolean frozen, long heldUnpaid, Long believed,
                          Long seenStock, Instant seenAt, Boolean matched, boolean due, long pushes, Instant lastPushedAt,
                          Integer attempts, Instant nextAttempt, Integer lastErrcode, String lastError) {
    }

    private final Session session;

    PlatformStockRepository(Session session) {
        this.session = session;
    }

    /**
     * Makes a push due at {@code nextAttempt} unless it was due already (its earlier time stays), moves the belief
     * down by {@code taken} units the platform took (negative: gave back) and the unpaid holds by {@code held}.
     */
    public void markDue(StockKey key, String productId, long taken, long held, Instant nextAttempt) {
        // A belief we never had stays null (greatest() would turn it into 0): the next push reads the platform.
        session.createNativeQuery("""
                INSERT INTO platform_stock (shop_id, sku_id, product_id, due, next_attempt, held_unpaid)
                VALUES (?1, ?2, ?3, true, ?4, greatest(?6, 0))
                ON CONFLICT (shop_id, sku_id) DO UPDATE SET due = true,
                    held_unpaid = greatest(platform_stock.held_unpaid + ?6, 0),
                    next_attempt = CASE WHEN platform_stock.due THEN platform_stock.next_attempt ELSE EXCLUDED.next_attempt END,
                    believed = CASE WHEN platform_stock.believed IS NULL THEN NULL
                                    ELSE greatest(platform_stock.believed - ?5, 0) END""")
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, productId)
                .setParameter(4, nextAttempt).setParameter(5, taken).setParameter(6, held).executeUpdate();
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

    /** A claim that outlived its time belonged to a pusher that died mid-call: due again, with no belief. */
    void releaseExpiredClaims(Instant now) {
        session.createNativeQuery("""
                UPDATE platform_stock SET due = true, claimed_until = NULL, believed = NULL, next_attempt = ?1
                WHERE claimed_until < ?1""").setParameter(1, now).executeUpdate();
    }

    /** Takes up to {@code limit} rows due by {@code now} until {@code until}, skipping rows another pusher is taking. */
    List<StockPusher.Claim> claimDue(Instant now, int limit, Instant until, String warehouseId) {
        return session.createNativeQuery("""
                WITH taken AS (
                    SELECT shop_id, sku_id FROM platform_stock
                    WHERE due AND next_attempt <= ?1 AND claimed_until IS NULL
                    ORDER BY next_attempt LIMIT ?2 FOR UPDATE SKIP LOCKED)
                UPDATE platform_stock p SET due = false, claimed_until = ?3
                FROM taken WHERE p.shop_id = taken.shop_id AND p.sku_id = taken.sku_id
                RETURNING p.shop_id, p.sku_id, p.product_id, p.believed, p.held_unpaid, p.attempts""", Tuple.class)
                .setParameter(1, now).setParameter(2, limit).setParameter(3, until).getResultList().stream()
                .map(r -> new StockPusher.Claim(
                        new StockKey(r.get("shop_id", String.class), r.get("sku_id", String.class), warehouseId),
                        r.get("product_id", String.class), r.get("believed", Long.class), r.get("held_unpaid", Long.class),
                        r.get("attempts", Integer.class), until))
                .toList();
    }

    /**
     * A push went through (or none was needed), if the claim is still ours: the belief, or what was {@code read}
     * instead, moves by what was {@code pushed}.
     */
    void pushed(StockPusher.Claim claim, Long read, long pushed, Instant at) {
        session.createNativeQuery("""
                UPDATE platform_stock SET claimed_until = NULL, attempts = 0, last_errcode = NULL, last_error = NULL,
                    believed = coalesce(CAST(?4 AS bigint), believed) + ?5,
                    pushes = pushes + CASE WHEN ?5 = 0 THEN 0 ELSE 1 END,
                    last_pushed_at = CASE WHEN ?5 = 0 THEN last_pushed_at ELSE ?6 END
                WHERE shop_id = ?1 AND sku_id = ?2 AND claimed_until = ?3""")
                .setParameter(1, claim.key().shopId()).setParameter(2, claim.key().skuId()).setParameter(3, claim.claimedUntil())
                .setParameter(4, read).setParameter(5, pushed).setParameter(6, at).executeUpdate();
    }

    /**
     * A push failed, if the claim is still ours: due again at {@code next} with the error kept; the belief is dropped
     * when {@code forget}, else replaced by what was {@code read}, if anything.
     */
    void pushFailed(StockPusher.Claim claim, Instant next, Integer errcode, String error, boolean forget, Long read) {
        session.createNativeQuery("""
                UPDATE platform_stock SET claimed_until = NULL, due = true, attempts = attempts + 1, next_attempt = ?4,
                    last_errcode = ?5, last_error = ?6,
                    believed = CASE WHEN ?7 THEN NULL ELSE coalesce(CAST(?8 AS bigint), believed) END
                WHERE shop_id = ?1 AND sku_id = ?2 AND claimed_until = ?3""")
                .setParameter(1, claim.key().shopId()).setParameter(2, claim.key().skuId()).setParameter(3, claim.claimedUntil())
                .setParameter(4, next).setParameter(5, errcode).setParameter(6, error).setParameter(7, forget)
                .setParameter(8, read).executeUpdate();
    }

    /** Shops with a WeChat Shop account (the shared client's table): the ones whose stock is reconciled. */
    public List<String> shopsWithAccount() {
        return session.createNativeQuery("SELECT shop_id FROM platform_accounts ORDER BY shop_id", String.class).getResultList();
    }

    /** The shop's reconciliation lock, held until the transaction ends; false when another transaction has it. */
    public boolean lockReconciliation(String shopId) {
        return session.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtext(?1))", Boolean.class)
                .setParameter(1, "stock-reconciliation:" + shopId).getSingleResult();
    }

    /** Makes a due sync row for every SKU stocked in the warehouse that has none yet. */
    public void addMissing(String shopId, String warehouseId, Instant at) {
        session.createNativeQuery("""
                INSERT INTO platform_stock (shop_id, sku_id, product_id, due, next_attempt)
                SELECT shop_id, sku_id, product_id, true, ?3 FROM stock WHERE shop_id = ?1 AND warehouse_id = ?2
                ON CONFLICT DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, warehouseId).setParameter(3, at).executeUpdate();
    }

    /** Every SKU stocked in the warehouse with a sync row, {@code pending} while a push is due or in flight. */
    List<StockReconciler.Sku> skus(String shopId, String warehouseId) {
        return session.createNativeQuery("""
                SELECT p.sku_id, p.product_id, p.due OR p.claimed_until IS NOT NULL AS pending FROM platform_stock p
                JOIN stock s ON s.shop_id = p.shop_id AND s.sku_id = p.sku_id AND s.warehouse_id = ?2
                WHERE p.shop_id = ?1 ORDER BY p.sku_id""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, warehouseId).getResultList().stream()
                .map(r -> new StockReconciler.Sku(new StockKey(shopId, r.get("sku_id", String.class), warehouseId),
                        r.get("product_id", String.class), r.get("pending", Boolean.class)))
                .toList();
    }

    /** The units unpaid orders hold for the SKU, its row locked; empty while a push is due or in flight. */
    public Optional<Long> lockIdle(StockKey key) {
        return session.createNativeQuery("""
                SELECT held_unpaid FROM platform_stock
                WHERE shop_id = ?1 AND sku_id = ?2 AND NOT due AND claimed_until IS NULL FOR UPDATE""", Long.class)
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).getResultList().stream().findFirst();
    }

    /** Keeps a reading; when it agrees it is also the belief (which may have been unknown). */
    public void noteReading(StockKey key, long seen, boolean agrees, Instant at) {
        session.createNativeQuery("""
                UPDATE platform_stock SET seen_stock = ?3, seen_at = ?4, matched = ?5,
                    believed = CASE WHEN ?5 THEN ?3 ELSE believed END WHERE shop_id = ?1 AND sku_id = ?2""")
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, seen)
                .setParameter(4, at).setParameter(5, agrees).executeUpdate();
    }

    /** The platform showed {@code seen} and differed: that is the belief now, and a push is due to correct it. */
    public void noteDiffering(StockKey key, long seen, Instant at) {
        session.createNativeQuery("""
                UPDATE platform_stock SET believed = ?3, due = true, next_attempt = ?4, seen_stock = ?3, seen_at = ?4,
                    matched = false WHERE shop_id = ?1 AND sku_id = ?2""")
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, seen)
                .setParameter(4, at).executeUpdate();
    }

    /** Keeps why the platform would not tell the SKU's stock. */
    public void noteUnreadable(StockKey key, int errcode, String error) {
        session.createNativeQuery("""
                UPDATE platform_stock SET last_errcode = ?3, last_error = ?4 WHERE shop_id = ?1 AND sku_id = ?2""")
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, errcode)
                .setParameter(4, error).executeUpdate();
    }

    /** Records a finished run and returns it with its id. */
    public StockReconciler.Run addRun(String shopId, Instant started, Instant finished, int checked, int matched, int corrected,
                                      int pending, int unreadable, BigDecimal accuracy) {
        long id = session.createNativeQuery("""
                INSERT INTO platform_stock_reconciliations (shop_id, started_at, finished_at, checked, matched, corrected,
                                                            pending, unreadable, accuracy)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id""", Long.class)
                .setParameter(1, shopId).setParameter(2, started).setParameter(3, finished).setParameter(4, checked)
                .setParameter(5, matched).setParameter(6, corrected).setParameter(7, pending).setParameter(8, unreadable)
                .setParameter(9, accuracy).getSingleResult();
        return new StockReconciler.Run(id, shopId, started, finished, checked, matched, corrected, pending, unreadable, accuracy);
    }

    /** The shop's runs, newest first. */
    public List<StockReconciler.Run> runs(String shopId, int limit) {
        return session.createNativeQuery("""
                SELECT id, started_at, finished_at, checked, matched, corrected, pending, unreadable, accuracy
                FROM platform_stock_reconciliations WHERE shop_id = ?1 ORDER BY id DESC LIMIT ?2""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, limit).getResultList().stream()
                .map(r -> new StockReconciler.Run(r.get("id", Long.class), shopId, r.get("started_at", Instant.class),
                        r.get("finished_at", Instant.class), r.get("checked", Integer.class), r.get("matched", Integer.class),
                        r.get("corrected", Integer.class), r.get("pending", Integer.class), r.get("unreadable", Integer.class),
                        r.get("accuracy", BigDecimal.class)))
                .toList();
    }

    /** The shop's SKUs in the mirrored warehouse beside their sync rows. */
    public List<SkuSync> ofShop(String shopId, String warehouseId) {
        return session.createNativeQuery("""
                SELECT s.sku_id, s.product_id, s.available, s.frozen, coalesce(p.held_unpaid, 0) AS held_unpaid, p.believed,
                       p.seen_stock, p.seen_at, p.matched, coalesce(p.due OR p.claimed_until IS NOT NULL, true) AS due,
                       coalesce(p.pushes, 0) AS pushes, p.last_pushed_at, p.attempts, p.next_attempt, p.last_errcode, p.last_error
                FROM stock s LEFT JOIN platform_stock p ON p.shop_id = s.shop_id AND p.sku_id = s.sku_id
                WHERE s.shop_id = ?1 AND s.warehouse_id = ?2 ORDER BY s.sku_id""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, warehouseId).getResultList().stream()
                .map(r -> new SkuSync(r.get("sku_id", String.class), r.get("product_id", String.class),
                        r.get("available", Long.class), r.get("frozen", Boolean.class), r.get("held_unpaid", Long.class),
                        r.get("believed", Long.class), r.get("seen_stock", Long.class), r.get("seen_at", Instant.class),
                        r.get("matched", Boolean.class), r.get("due", Boolean.class), r.get("pushes", Long.class),
                        r.get("last_pushed_at", Instant.class), r.get("attempts", Integer.class),
                        r.get("next_attempt", Instant.class), r.get("last_errcode", Integer.class), r.get("last_error", String.class)))
                .toList();
    }
}
