package io.shipsync.inventory;

import io.shipsync.events.EventEnvelope;
import io.shipsync.events.StockMovementReason;
import io.shipsync.inventory.platform.PlatformStock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The only writer of stock figures and of the ledger (库存流水). A change is one conditional UPDATE of the
 * stock row that succeeds only if the result keeps on hand ≥ reserved ≥ 0: PostgreSQL takes the row lock,
 * re-checks the condition against the latest committed figures, and keeps the lock to commit. However
 * many transactions race for the last units, each sees the figures the previous one left, and the CHECK
 * constraints refuse anything that slipped past. Every recorded change is announced by {@link StockSignals}.
 * Reads go through {@link StockRepository}.
 */
@ApplicationScoped
public class StockLedger {

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

    private final StockRepository repository;
    private final StockSignals signals;
    private final PlatformStock platformStock;
    private final Clock clock;

    StockLedger(StockRepository repository, StockSignals signals, PlatformStock platformStock, Clock clock) {
        this.repository = repository;
        this.signals = signals;
        this.platformStock = platformStock;
        this.clock = clock;
    }

    /** Starts counting a SKU in a warehouse, at zero; false when it is counted already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean create(StockKey key, String productId) {
        return repository.create(key, productId, clock.instant());
    }

    /**
     * Applies the deltas if on hand ≥ reserved ≥ 0 still holds afterwards, and returns the new figures;
     * empty (nothing changed) when it would not, or when the SKU is not stocked there. The row stays locked
     * to the end of the transaction. Only {@link #record} makes the change part of the ledger.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stock> change(StockKey key, long onHandDelta, long reservedDelta) {
        return repository.change(key, onHandDelta, reservedDelta, clock.instant());
    }

    /** Moves stock and records it, or returns empty and changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stock> move(Movement movement, EventEnvelope cause) {
        Optional<Stock> after = change(movement.key(), movement.onHandDelta(), movement.reservedDelta());
        after.ifPresent(figures -> record(movement, figures, cause));
        return after;
    }

    /**
     * Appends a change made by {@link #change} to the ledger and announces the new figures.
     *
     * @param cause the event that caused it (its correlation carries on), or null for an API call
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Movement movement, Stock after, EventEnvelope cause) {
        repository.append(movement, after, clock.instant());
        if (movement.onHandDelta() != 0 || movement.reservedDelta() != 0) {
            signals.announce(movement, after, cause);
            platformStock.changed(movement.key(), after.productId());
        }
    }

    /**
     * Records a correction of the platform's stock (PLATFORM_CORRECTION): our figures stay, the platform's
     * move from what it showed to what it should show.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordPlatformCorrection(Stock current, long platformBefore, long platformAfter, String actor, String note) {
        repository.appendPlatformCorrection(current, platformBefore, platformAfter, actor, note, clock.instant());
    }
}
