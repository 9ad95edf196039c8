package io.shipsync.inventory;

import io.shipsync.events.StockLevel;
import io.shipsync.events.StockMovementReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

/**
 * Rows of the stock family: {@code stock}, its ledger {@code stock_movements} and its {@code stock_crossings},
 * all keyed by (shop, SKU, warehouse). Columns are read by name; callers get records.
 */
@ApplicationScoped
public class StockRepository {

    private static final String COLUMNS = """
            shop_id, sku_id, warehouse_id, product_id, on_hand, reserved, announced_level, frozen, frozen_since,
            version, updated_at""";
    private static final String BY_KEY = " WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3";

    private final Session session;

    StockRepository(Session session) {
        this.session = session;
    }

    public Optional<Stock> find(StockKey key) {
        return byKey(session.createNativeQuery("SELECT " + COLUMNS + " FROM stock" + BY_KEY, Tuple.class), key)
                .getResultList().stream().findFirst().map(StockRepository::stock);
    }

    /** The row, locked until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stock> lock(StockKey key) {
        return byKey(session.createNativeQuery("SELECT " + COLUMNS + " FROM stock" + BY_KEY + " FOR UPDATE", Tuple.class), key)
                .getResultList().stream().findFirst().map(StockRepository::stock);
    }

    /** Every warehouse's stock of a SKU. */
    public List<Stock> ofSku(String shopId, String skuId) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM stock WHERE shop_id = ?1 AND sku_id = ?2"
                        + " ORDER BY warehouse_id", Tuple.class)
                .setParameter(1, shopId).setParameter(2, skuId)
                .getResultList().stream().map(StockRepository::stock).toList();
    }

    /** A row at zero; false when the SKU is counted in the warehouse already. */
    public boolean create(StockKey key, String productId, Instant at) {
        return byKey(session.createNativeQuery("""
                INSERT INTO stock (shop_id, sku_id, warehouse_id, product_id, on_hand, reserved, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, 0, 0, ?5, ?5) ON CONFLICT DO NOTHING"""), key)
                .setParameter(4, productId).setParameter(5, at).executeUpdate() == 1;
    }

    /**
     * Applies the deltas if on hand ≥ reserved ≥ 0 still holds afterwards and returns the new figures; empty
     * when it would not, or when there is no such row.
     */
    public Optional<Stock> change(StockKey key, long onHandDelta, long reservedDelta, Instant at) {
        return byKey(session.createNativeQuery("""
                UPDATE stock SET on_hand = on_hand + ?4, reserved = reserved + ?5, version = version + 1, updated_at = ?6
                WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3
                  AND on_hand + ?4 >= reserved + ?5 AND reserved + ?5 >= 0
                RETURNING\s""" + COLUMNS, Tuple.class), key)
                .setParameter(4, onHandDelta).setParameter(5, reservedDelta).setParameter(6, at)
                .getResultList().stream().findFirst().map(StockRepository::stock);
    }

    public void announceLevel(StockKey key, StockLevel level) {
        byKey(session.createNativeQuery("UPDATE stock SET announced_level = ?4" + BY_KEY), key)
                .setParameter(4, level.name()).executeUpdate();
    }

    /** @param since when it froze; null when it unfreezes */
    public void freeze(StockKey key, boolean frozen, Instant since) {
        byKey(session.createNativeQuery("UPDATE stock SET frozen = ?4, frozen_since = ?5" + BY_KEY), key)
                .setParameter(4, frozen).setParameter(5, since).executeUpdate();
    }

    /** Appends a movement to the ledger with the figures it left. */
    public void append(Movement movement, Stock after, Instant at) {
        byKey(session.createNativeQuery("""
                INSERT INTO stock_movements (shop_id, sku_id, warehouse_id, reason, on_hand_delta, reserved_delta,
                                             on_hand_after, reserved_after, order_id, event_id, actor, note, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"""), movement.key())
                .setParameter(4, movement.reason().name())
                .setParameter(5, movement.onHandDelta()).setParameter(6, movement.reservedDelta())
                .setParameter(7, after.onHand()).setParameter(8, after.reserved())
                .setParameter(9, movement.orderId()).setParameter(10, movement.eventId())
                .setParameter(11, movement.actor()).setParameter(12, movement.note()).setParameter(13, at)
                .executeUpdate();
    }

    /** Appends a PLATFORM_CORRECTION: our figures as they are, the platform's before and after. */
    public void appendPlatformCorrection(Stock current, long platformBefore, long platformAfter, String actor, String note,
                                         Instant at) {
        byKey(session.createNativeQuery("""
                INSERT INTO stock_movements (shop_id, sku_id, warehouse_id, reason, on_hand_delta, reserved_delta,
                                             on_hand_after, reserved_after, actor, note, platform_before, platform_after,
                                             created_at)
                VALUES (?1, ?2, ?3, 'PLATFORM_CORRECTION', 0, 0, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"""), current.key())
                .setParameter(4, current.onHand()).setParameter(5, current.reserved()).setParameter(6, actor)
                .setParameter(7, note).setParameter(8, platformBefore).setParameter(9, platformAfter).setParameter(10, at)
                .executeUpdate();
    }

    /** A page of the SKU's ledger, newest first; {@code warehouseId} null for every warehouse. */
    public List<StockLedger.Entry> entries(String shopId, String skuId, String warehouseId, int page, int size) {
        NativeQuery<Tuple> query = session.createNativeQuery("""
                SELECT id, warehouse_id, reason, on_hand_delta, reserved_delta, on_hand_after, reserved_after, order_id,
                       event_id, actor, note, platform_before, platform_after, created_at
                FROM stock_movements WHERE shop_id = ?1 AND sku_id = ?2 %s
                ORDER BY id DESC LIMIT ?3 OFFSET ?4""".formatted(warehouseId == null ? "" : "AND warehouse_id = ?5"), Tuple.class)
                .setParameter(1, shopId).setParameter(2, skuId).setParameter(3, size).setParameter(4, (long) page * size);
        if (warehouseId != null) {
            query.setParameter(5, warehouseId);
        }
        return query.getResultList().stream().map(r -> new StockLedger.Entry(r.get("id", Long.class),
                r.get("warehouse_id", String.class), StockMovementReason.valueOf(r.get("reason", String.class)),
                r.get("on_hand_delta", Long.class), r.get("reserved_delta", Long.class), r.get("on_hand_after", Long.class),
                r.get("reserved_after", Long.class), r.get("order_id", String.class), r.get("event_id", UUID.class),
                r.get("actor", String.class), r.get("note", String.class), r.get("platform_before", Long.class),
                r.get("platform_after", Long.class), r.get("created_at", Instant.class))).toList();
    }

    public long countEntries(String shopId, String skuId, String warehouseId) {
        NativeQuery<Long> query = session.createNativeQuery("SELECT count(*) FROM stock_movements WHERE shop_id = ?1"
                        + " AND sku_id = ?2" + (warehouseId == null ? "" : " AND warehouse_id = ?3"), Long.class)
                .setParameter(1, shopId).setParameter(2, skuId);
        if (warehouseId != null) {
            query.setParameter(3, warehouseId);
        }
        return query.getSingleResult();
    }

    /** Each warehouse's figures against the sums of its ledger. */
    public List<StockLedger.Balance> balance(String shopId, String skuId) {
        return session.createNativeQuery("""
                SELECT s.warehouse_id, s.on_hand, s.reserved,
                       CAST(coalesce(sum(m.on_hand_delta), 0) AS bigint) AS ledger_on_hand,
                       CAST(coalesce(sum(m.reserved_delta), 0) AS bigint) AS ledger_reserved, count(m.id) AS movements
                FROM stock s LEFT JOIN stock_movements m
                  ON m.shop_id = s.shop_id AND m.sku_id = s.sku_id AND m.warehouse_id = s.warehouse_id
                WHERE s.shop_id = ?1 AND s.sku_id = ?2
                GROUP BY s.warehouse_id, s.on_hand, s.reserved ORDER BY s.warehouse_id""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, skuId).getResultList().stream().map(r -> {
                    long onHand = r.get("on_hand", Long.class);
                    long reserved = r.get("reserved", Long.class);
                    long ledgerOnHand = r.get("ledger_on_hand", Long.class);
                    long ledgerReserved = r.get("ledger_reserved", Long.class);
                    return new StockLedger.Balance(r.get("warehouse_id", String.class), onHand, reserved, ledgerOnHand,
                            ledgerReserved, r.get("movements", Long.class), onHand == ledgerOnHand && reserved == ledgerReserved);
                }).toList();
    }

    /** Units committed (shipped) from the row since {@code since}. */
    public long committedSince(StockKey key, Instant since) {
        return byKey(session.createNativeQuery("""
                SELECT CAST(coalesce(sum(-on_hand_delta), 0) AS bigint) FROM stock_movements
                WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3 AND reason = 'COMMIT' AND created_at > ?4""",
                Long.class), key).setParameter(4, since).getSingleResult();
    }

    public void appendCrossing(StockKey key, StockSignals.Kind kind, StockLevel from, StockLevel to, long available,
                               Integer threshold, UUID eventId, Instant at) {
        byKey(session.createNativeQuery("""
                INSERT INTO stock_crossings (shop_id, sku_id, warehouse_id, kind, from_level, to_level, available, threshold,
                                             event_id, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"""), key)
                .setParameter(4, kind.name()).setParameter(5, from == null ? null : from.name()).setParameter(6, to.name())
                .setParameter(7, available).setParameter(8, threshold).setParameter(9, eventId).setParameter(10, at)
                .executeUpdate();
    }

    /** The SKU's crossings, oldest first. */
    public List<StockSignals.Crossing> crossings(String shopId, String skuId) {
        return session.createNativeQuery("""
                SELECT id, warehouse_id, kind, from_level, to_level, available, threshold, event_id, created_at
                FROM stock_crossings WHERE shop_id = ?1 AND sku_id = ?2 ORDER BY id""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, skuId).getResultList().stream()
                .map(r -> new StockSignals.Crossing(r.get("id", Long.class), r.get("warehouse_id", String.class),
                        StockSignals.Kind.valueOf(r.get("kind", String.class)), level(r.get("from_level", String.class)),
                        level(r.get("to_level", String.class)), r.get("available", Long.class), r.get("threshold", Integer.class),
                        r.get("event_id", UUID.class), r.get("created_at", Instant.class)))
                .toList();
    }

    private static <Q extends NativeQuery<?>> Q byKey(Q query, StockKey key) {
        query.setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, key.warehouseId());
        return query;
    }

    private static Stock stock(Tuple r) {
        StockKey key = new StockKey(r.get("shop_id", String.class), r.get("sku_id", String.class),
                r.get("warehouse_id", String.class));
        return new Stock(key, r.get("product_id", String.class), r.get("on_hand", Long.class), r.get("reserved", Long.class),
                level(r.get("announced_level", String.class)), r.get("frozen", Boolean.class),
                r.get("frozen_since", Instant.class), r.get("version", Long.class), r.get("updated_at", Instant.class));
    }

    private static StockLevel level(String name) {
        return name == null ? null : StockLevel.valueOf(name);
    }
}
