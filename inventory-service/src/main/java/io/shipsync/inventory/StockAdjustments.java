package io.shipsync.inventory;

import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.events.StockMovementReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

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

    StockAdjustments(StockLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * Moves on hand by {@code quantity} units. A SKU not yet counted in the warehouse is 404 unless
     * {@code create} is set: then it starts at zero with {@code productId} and this adjustment is its first
     * receipt (入库).
     */
    @Transactional
    public Stock adjust(StockKey key, Direction direction, int quantity, String reason, boolean create, String productId,
                        String actor) {
        Stock before = ledger.find(key).orElse(null);
        if (before == null && !create) {
            throw unknown(key);
        }
        if (create) {
            if (productId == null || productId.isBlank()) {
                throw new ProblemException(Problem.of(400, "Invalid request", "A new SKU needs the platform product it belongs to.")
                        .withErrors(List.of(new Problem.FieldError("productId", "required when create is true"))));
            }
            if (before != null && !before.productId().equals(productId)) {
                throw ProblemException.conflict("SKU " + key.skuId() + " belongs to product " + before.productId() + ", not " + productId + ".");
            }
            ledger.create(key, productId);
        }
        long delta = direction == Direction.INCREASE ? quantity : -quantity;
        ledger.move(new Movement(key, StockMovementReason.ADJUST, delta, 0, null, null, actor, reason), null)
                .orElseThrow(() -> belowReserved(key, "Taking " + quantity + " unit(s) off"));
        return ledger.find(key).orElseThrow();
    }

    /** Sets on hand to the counted quantity; a count that confirms the figure is recorded too. */
    @Transactional
    public Stock stocktake(StockKey key, long counted, String reason, String actor) {
        Stock before = ledger.lock(key).orElseThrow(() -> unknown(key));
        long delta = counted - before.onHand();
        String note = reason + " (counted " + counted + ", was " + before.onHand() + ")";
        Movement movement = new Movement(key, StockMovementReason.STOCKTAKE, delta, 0, null, null, actor, note);
        ledger.move(movement, null).orElseThrow(() -> belowReserved(key, "A count of " + counted));
        return ledger.find(key).orElseThrow();
    }

    private ProblemException belowReserved(StockKey key, String what) {
        Stock now = ledger.find(key).orElseThrow();
        return ProblemException.conflict(what + " would leave " + key.skuId() + " in warehouse " + key.warehouseId()
                + " below the " + now.reserved() + " unit(s) reserved for unshipped orders (on hand " + now.onHand()
                + "); cancel or ship those orders first.");
    }

    private static ProblemException unknown(StockKey key) {
        return ProblemException.notFound("Shop " + key.shopId() + " has no stock of SKU " + key.skuId() + " in warehouse "
                + key.warehouseId() + "; send an INCREASE adjustment with create: true and its productId to receive it.");
    }
}
