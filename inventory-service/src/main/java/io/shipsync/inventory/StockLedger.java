package io.shipsync.inventory;

import io.shipsync.events.EventEnvelope;
import io.shipsync.events.StockLevel;
import io.shipsync.events.StockMovementReason;
import io.shipsync.inventory.platform.PlatformStock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The only writer of stock figures and of the ledger (库存流水). A change is one conditional UPDATE of the
 * stock row that succeeds only if the result keeps on hand ≥ reserved ≥ 0: PostgreSQL takes the row lock,
 * re-checks the condition against the latest committed figures, and keeps the lock to commit. However
 * many transactions race for the last units, each sees the figures the previous one left, and the CHECK
 * constraints refuse anything that slipped past. Every recorded change is announced by {@link StockSignals}.
 */
@ApplicationScoped
public class StockLedger {

    private static final String COLUMNS = """
            shop_id, sku_id, warehouse_id, product_id, on_hand, reserved, announced_level, frozen, frozen_since,
            version, updated_at""";

    /** A ledger line as the API shows it. */
    public record Entry(long id, String warehouseId, StockMovementReason reason, long onHandDelta, long reservedDelta,
                        long onHandAfter, long reservedAfter, String orderId, UUID eventId, String actor, String note,
                        Long platformBefore, Long platformAfter, Instant at) {
    }

    /**
     * The figures of a stock row beside the sums of its ledger: {@code balanced} when the ledger explains them.
     */
    public record Balance(String warehouseId, long onHand, long reserved, long ledgerOnHand, long ledgerReserved,
                          long movements, boolean balanced) {
    }

    private final EntityManager entityManager;
    private final StockSignals signals;
    private final PlatformStock platformStock;
    private final Clock clock;

    StockLedger(EntityManager entityManager, StockSignals signals, PlatformStock platformStock, Clock clock) {
        this.entityManager = entityManager;
        this.signals = signals;
        this.platformStock = platformStock;
        this.clock = clock;
    }

    public Optional<Stock> find(StockKey key) {
        return one("SELECT " + COLUMNS + " FROM stock WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3", key);
    }

    /** The row, locked until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stock> lock(StockKey key) {
        return one("SELECT " + COLUMNS + " FROM stock WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3 FOR UPDATE", key);
    }

    /** Every warehouse's stock of a SKU. */
    public List<Stock> ofSku(String shopId, String skuId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT " + COLUMNS
                        + " FROM stock WHERE shop_id = ?1 AND sku_id = ?2 ORDER BY warehouse_id")
                .setParameter(1, shopId).setParameter(2, skuId).getResultList();
        return rows.stream().map(StockLedger::stock).toList();
    }

    /** Starts counting a SKU in a warehouse, at zero; false when it is counted already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean create(StockKey key, String productId) {
        Instant now = clock.instant();
        return entityManager.createNativeQuery("""
                INSERT INTO stock (shop_id, sku_id, warehouse_id, product_id, on_hand, reserved, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, 0, 0, ?5, ?5) ON CONFLICT DO NOTHING""")
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, key.warehouseId())
                .setParameter(4, productId).setParameter(5, now).executeUpdate() == 1;
    }

    /**
     * Applies the deltas if on hand ≥ reserved ≥ 0 still holds afterwards, and returns the new figures;
     * empty (nothing changed) when it would not, or when the SKU is not stocked there. The row stays locked
     * to the end of the transaction. Only {@link #record} makes the change part of the ledger.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stock> change(StockKey key, long onHandDelta, long reservedDelta) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                UPDATE stock SET on_hand = on_hand + ?4, reserved = reserved + ?5, version = version + 1, updated_at = ?6
                WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3
                  AND on_hand + ?4 >= reserved + ?5 AND reserved + ?5 >= 0
                RETURNING\s""" + COLUMNS)
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, key.warehouseId())
                .setParameter(4, onHandDelta).setParameter(5, reservedDelta).setParameter(6, clock.instant())
                .getResultList();
        return rows.stream().findFirst().map(StockLedger::stock);
    }

    /** Moves stock and records it, or returns empty and changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stock> move(Movement movement, EventEnvelope cause) {
        Optional<Stock> after = change(movement.key(), movement.onHandDelta(), movement.reservedDelta());
        after.ifPresent(stock -> record(movement, stock, cause));
        return after;
    }

    /**
     * Appends a change made by {@link #change} to the ledger and announces the new figures.
     *
     * @param cause the event that caused it (its correlation carries on), or null for an API call
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Movement movement, Stock after, EventEnvelope cause) {
        StockKey key = movement.key();
        entityManager.createNativeQuery("""
                INSERT INTO stock_movements (shop_id, sku_id, warehouse_id, reason, on_hand_delta, reserved_delta,
                                             on_hand_after, reserved_after, order_id, event_id, actor, note, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)""")
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, key.warehouseId())
                .setParameter(4, movement.reason().name())
                .setParameter(5, movement.onHandDelta()).setParameter(6, movement.reservedDelta())
                .setParameter(7, after.onHand()).setParameter(8, after.reserved())
                .setParameter(9, movement.orderId()).setParameter(10, movement.eventId())
                .setParameter(11, movement.actor()).setParameter(12, movement.note())
                .setParameter(13, clock.instant())
                .executeUpdate();
        if (movement.onHandDelta() != 0 || movement.reservedDelta() != 0) {
            signals.announce(movement, after, cause);
            platformStock.changed(key, after.productId());
        }
    }

    /**
     * Records a correction of the platform's stock (PLATFORM_CORRECTION): our figures stay, the platform's
     * move from what it showed to what it should show.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordPlatformCorrection(Stock current, long platformBefore, long platformAfter, String actor, String note) {
        StockKey key = current.key();
        entityManager.createNativeQuery("""
                INSERT INTO stock_movements (shop_id, sku_id, warehouse_id, reason, on_hand_delta, reserved_delta,
                                             on_hand_after, reserved_after, actor, note, platform_before, platform_after,
                                             created_at)
                VALUES (?1, ?2, ?3, 'PLATFORM_CORRECTION', 0, 0, ?4, ?5, ?6, ?7, ?8, ?9, ?10)""")
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, key.warehouseId())
                .setParameter(4, current.onHand()).setParameter(5, current.reserved()).setParameter(6, actor)
                .setParameter(7, note).setParameter(8, platformBefore).setParameter(9, platformAfter)
                .setParameter(10, clock.instant())
                .executeUpdate();
    }

    /** A page of the SKU's ledger, newest first; {@code warehouseId} null for every warehouse. */
    public List<Entry> entries(String shopId, String skuId, String warehouseId, int page, int size) {
        var query = entityManager.createNativeQuery("""
                SELECT id, warehouse_id, reason, on_hand_delta, reserved_delta, on_hand_after, reserved_after, order_id,
                       event_id, actor, note, platform_before, platform_after, created_at
                FROM stock_movements WHERE shop_id = ?1 AND sku_id = ?2 %s
                ORDER BY id DESC LIMIT ?3 OFFSET ?4""".formatted(warehouseId == null ? "" : "AND warehouse_id = ?5"))
                .setParameter(1, shopId).setParameter(2, skuId).setParameter(3, size).setParameter(4, (long) page * size);
        if (warehouseId != null) {
            query.setParameter(5, warehouseId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new Entry(((Number) r[0]).longValue(), (String) r[1],
                StockMovementReason.valueOf((String) r[2]), ((Number) r[3]).longValue(), ((Number) r[4]).longValue(),
                ((Number) r[5]).longValue(), ((Number) r[6]).longValue(), (String) r[7], (UUID) r[8], (String) r[9],
                (String) r[10], r[11] == null ? null : ((Number) r[11]).longValue(),
                r[12] == null ? null : ((Number) r[12]).longValue(), (Instant) r[13])).toList();
    }

    public long count(String shopId, String skuId, String warehouseId) {
        var query = entityManager.createNativeQuery("SELECT count(*) FROM stock_movements WHERE shop_id = ?1 AND sku_id = ?2"
                + (warehouseId == null ? "" : " AND warehouse_id = ?3"))
                .setParameter(1, shopId).setParameter(2, skuId);
        if (warehouseId != null) {
            query.setParameter(3, warehouseId);
        }
        return ((Number) query.getSingleResult()).longValue();
    }

    /** Each warehouse's figures against the sums of its ledger. */
    public List<Balance> balance(String shopId, String skuId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT s.warehouse_id, s.on_hand, s.reserved, coalesce(sum(m.on_hand_delta), 0),
                       coalesce(sum(m.reserved_delta), 0), count(m.id)
                FROM stock s LEFT JOIN stock_movements m
                  ON m.shop_id = s.shop_id AND m.sku_id = s.sku_id AND m.warehouse_id = s.warehouse_id
                WHERE s.shop_id = ?1 AND s.sku_id = ?2
                GROUP BY s.warehouse_id, s.on_hand, s.reserved ORDER BY s.warehouse_id""")
                .setParameter(1, shopId).setParameter(2, skuId).getResultList();
        return rows.stream().map(r -> {
            long onHand = ((Number) r[1]).longValue();
            long reserved = ((Number) r[2]).longValue();
            long ledgerOnHand = ((Number) r[3]).longValue();
            long ledgerReserved = ((Number) r[4]).longValue();
            return new Balance((String) r[0], onHand, reserved, ledgerOnHand, ledgerReserved, ((Number) r[5]).longValue(),
                    onHand == ledgerOnHand && reserved == ledgerReserved);
        }).toList();
    }

    private Optional<Stock> one(String sql, StockKey key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(sql)
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, key.warehouseId())
                .getResultList();
        return rows.stream().findFirst().map(StockLedger::stock);
    }

    private static Stock stock(Object[] r) {
        return new Stock(new StockKey((String) r[0], (String) r[1], (String) r[2]), (String) r[3],
                ((Number) r[4]).longValue(), ((Number) r[5]).longValue(),
                r[6] == null ? null : StockLevel.valueOf((String) r[6]), (Boolean) r[7], (Instant) r[8],
                ((Number) r[9]).longValue(), (Instant) r[10]);
    }
}
