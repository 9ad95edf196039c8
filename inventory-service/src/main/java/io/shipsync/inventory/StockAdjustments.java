package io.shipsync.inventory;

import io.shipsync.events.StockMovementReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Stock changed by people: adjustments (调整: goods received, damaged, found) and stocktakes (盘点: the
 * counted quantity becomes on hand). Neither may leave on hand below what is reserved for unshipped
 * orders: those units are promised, so the orders have to be cancelled first.
 */
@ApplicationScoped
public class StockAdjustments {

    /** Which way an adjustment moves on hand. */
    public enum Direction { INCREASE, DECREASE }

    private final StockLedger ledger;
    private final StockRepository stockRepository;

    StockAdjustments(StockLedger ledger, StockRepository stockRepository) {
        this.ledger = ledger;
        this.stockRepository = stockRepository;
    }

    /**
     * Moves on hand by {@code quantity} units. A SKU not yet counted in the warehouse is {@link UnknownStock}
     * unless {@code create} is set: then it starts at zero with {@code productId} and this adjustment is its
     * first receipt (入库).
     */
    @Transactional
    public Stock adjust(StockKey key, Direction direction, int quantity, String reason, boolean create, String productId,
                        String actor) {
        Stock before = stockRepository.find(key).orElse(null);
        if (before == null && !create) {
            throw new UnknownStock(key);
        }
        if (create) {
            if (productId == null || productId.isBlank()) {
                throw new MissingProduct();
            }
            if (before != null && !before.productId().equals(productId)) {
                throw new ProductMismatch(key.skuId(), before.productId(), productId);
            }
            ledger.create(key, productId);
        }
        long delta = direction == Direction.INCREASE ? quantity : -quantity;
        if ((before != null ? before.onHand() : 0) + delta > Stock.MAX_ON_HAND) {
            throw new TooMuchStock(key, before != null ? before.onHand() : 0);
        }
        ledger.move(new Movement(key, StockMovementReason.ADJUST, delta, 0, null, null, actor, reason), null)
                .orElseThrow(() -> belowReserved(key, "Taking " + quantity + " unit(s) off"));
        return stockRepository.find(key).orElseThrow();
    }

    /** Sets on hand to the counted quantity; a count that confirms the figure is recorded too. */
    @Transactional
    public Stock stocktake(StockKey key, long counted, String reason, String actor) {
        Stock before = stockRepository.lock(key).orElseThrow(() -> new UnknownStock(key));
        long delta = counted - before.onHand();
        String note = reason + " (counted " + counted + ", was " + before.onHand() + ")";
        Movement movement = new Movement(key, StockMovementReason.STOCKTAKE, delta, 0, null, null, actor, note);
        ledger.move(movement, null).orElseThrow(() -> belowReserved(key, "A count of " + counted));
        return stockRepository.find(key).orElseThrow();
    }

    private BelowReserved belowReserved(StockKey key, String what) {
        return new BelowReserved(what, stockRepository.find(key).orElseThrow());
    }
}
