package io.shipsync.inventory;

import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockFrozen;
import io.shipsync.events.StockLevel;
import io.shipsync.events.StockLevelCrossed;
import io.shipsync.events.StockUnfrozen;
import io.shipsync.inventory.config.InventoryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Announces every change of stock figures with StockChanged, carrying the level (库存预警) and the safety
 * stock (安全库存), and keeps the SKU's last announced level and its freeze (冻结) state. A crossing —
 * the level differing from the one last announced, or available passing the freeze level — is stored
 * once in {@code stock_crossings} with the StockChanged that first carried it, and announced once with
 * StockLevelCrossed, StockFrozen or StockUnfrozen; later changes on the same side announce the level
 * again but cross nothing. The row is locked by the change being announced, so
 * two changes can never both claim the same crossing.
 */
@ApplicationScoped
public class StockSignals {

    /** What a crossing was. */
    public enum Kind { LEVEL, FREEZE, UNFREEZE }

    /** A crossing as the API shows it. */
    public record Crossing(long id, String warehouseId, Kind kind, StockLevel fromLevel, StockLevel toLevel, long available,
                           Integer threshold, UUID eventId, Instant at) {
    }

    private final EntityManager entityManager;
    private final Thresholds thresholds;
    private final Outbox outbox;
    private final InventoryConfig config;
    private final Clock clock;

    StockSignals(EntityManager entityManager, Thresholds thresholds, Outbox outbox, InventoryConfig config, Clock clock) {
        this.entityManager = entityManager;
        this.thresholds = thresholds;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void announce(Movement movement, Stock after, EventEnvelope cause) {
        StockKey key = after.key();
        Thresholds.Levels levels = thresholds.of(key.shopId(), key.skuId()).levels();
        StockLevel level = levels.levelOf(after.available());
        Instant now = clock.instant();
        StockChanged changed = new StockChanged(key.skuId(), after.productId(), key.warehouseId(), after.onHand(),
                after.reserved(), after.available(), level, safetyStock(key, levels), movement.reason(), movement.orderId(), now);
        UUID eventId = publish(changed, key, cause);

        if (level != after.announcedLevel()) {
            entityManager.createNativeQuery("""
                    UPDATE stock SET announced_level = ?4 WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3""")
                    .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, key.warehouseId())
                    .setParameter(4, level.name()).executeUpdate();
            cross(key, Kind.LEVEL, after.announcedLevel(), level, after.available(), levels.thresholdOf(level), eventId, now);
            publish(new StockLevelCrossed(key.skuId(), after.productId(), key.warehouseId(), after.announcedLevel(), level,
                    after.available(), levels.thresholdOf(level), now), key, cause);
        }
        boolean frozen = levels.freezes(after.available());
        if (frozen != after.frozen()) {
            entityManager.createNativeQuery("""
                    UPDATE stock SET frozen = ?4, frozen_since = ?5 WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3""")
                    .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, key.warehouseId())
                    .setParameter(4, frozen).setParameter(5, frozen ? now : null).executeUpdate();
            cross(key, frozen ? Kind.FREEZE : Kind.UNFREEZE, null, level, after.available(), levels.freezeLevel(), eventId, now);
            publish(frozen
                    ? new StockFrozen(key.skuId(), after.productId(), key.warehouseId(), after.available(), levels.freezeLevel(),
                            config.platform().freezePolicy(), now)
                    : new StockUnfrozen(key.skuId(), after.productId(), key.warehouseId(), after.available(),
                            levels.freezeLevel(), now), key, cause);
        }
    }

    private UUID publish(DomainEvent event, StockKey key, EventEnvelope cause) {
        return (cause != null ? outbox.append(event, cause) : outbox.append(event, key.shopId())).eventId();
    }

    /** Average daily committed units over the window, times the factor, rounded up. */
    public long safetyStock(StockKey key, Thresholds.Levels levels) {
        Number sold = (Number) entityManager.createNativeQuery("""
                SELECT coalesce(sum(-on_hand_delta), 0) FROM stock_movements
                WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3 AND reason = 'COMMIT' AND created_at > ?4""")
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, key.warehouseId())
                .setParameter(4, clock.instant().minus(Duration.ofDays(levels.safetyWindowDays())))
                .getSingleResult();
        return (long) Math.ceil(sold.doubleValue() / levels.safetyWindowDays() * levels.safetyFactor());
    }

    /** The SKU's crossings, oldest first. */
    public List<Crossing> crossings(String shopId, String skuId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT id, warehouse_id, kind, from_level, to_level, available, threshold, event_id, created_at
                FROM stock_crossings WHERE shop_id = ?1 AND sku_id = ?2 ORDER BY id""")
                .setParameter(1, shopId).setParameter(2, skuId).getResultList();
        return rows.stream().map(r -> new Crossing(((Number) r[0]).longValue(), (String) r[1], Kind.valueOf((String) r[2]),
                r[3] == null ? null : StockLevel.valueOf((String) r[3]), StockLevel.valueOf((String) r[4]),
                ((Number) r[5]).longValue(), r[6] == null ? null : ((Number) r[6]).intValue(), (UUID) r[7], (Instant) r[8]))
                .toList();
    }

    private void cross(StockKey key, Kind kind, StockLevel from, StockLevel to, long available, Integer threshold,
                       UUID eventId, Instant now) {
        entityManager.createNativeQuery("""
                INSERT INTO stock_crossings (shop_id, sku_id, warehouse_id, kind, from_level, to_level, available, threshold,
                                             event_id, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)""")
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, key.warehouseId())
                .setParameter(4, kind.name()).setParameter(5, from == null ? null : from.name()).setParameter(6, to.name())
                .setParameter(7, available).setParameter(8, threshold).setParameter(9, eventId).setParameter(10, now)
                .executeUpdate();
    }
}
