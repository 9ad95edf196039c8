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
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    private final StockRepository repository;
    private final Thresholds thresholds;
    private final Outbox outbox;
    private final InventoryConfig config;
    private final Clock clock;

    StockSignals(StockRepository repository, Thresholds thresholds, Outbox outbox, InventoryConfig config, Clock clock) {
        this.repository = repository;
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
            repository.announceLevel(key, level);
            repository.appendCrossing(key, Kind.LEVEL, after.announcedLevel(), level, after.available(), levels.thresholdOf(level),
                    eventId, now);
            publish(new StockLevelCrossed(key.skuId(), after.productId(), key.warehouseId(), after.announcedLevel(), level,
                    after.available(), levels.thresholdOf(level), now), key, cause);
        }
        boolean frozen = levels.freezes(after.available());
        if (frozen != after.frozen()) {
            repository.freeze(key, frozen, frozen ? now : null);
            repository.appendCrossing(key, frozen ? Kind.FREEZE : Kind.UNFREEZE, null, level, after.available(), levels.freezeLevel(),
                    eventId, now);
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
        long sold = repository.committedSince(key, clock.instant().minus(Duration.ofDays(levels.safetyWindowDays())));
        return (long) Math.ceil((double) sold / levels.safetyWindowDays() * levels.safetyFactor());
    }
}
