package io.shipsync.inventory;

/** An adjustment that would take on hand above {@link Stock#MAX_ON_HAND}. */
public class TooMuchStock extends RuntimeException {

    public TooMuchStock(StockKey key, long onHand) {
        super("SKU " + key.skuId() + " has " + onHand + " unit(s) on hand in warehouse " + key.warehouseId()
                + "; a warehouse holds at most " + Stock.MAX_ON_HAND + ".");
    }
}
