package io.shipsync.inventory;

/** A change that would leave on hand below what is reserved for unshipped orders: those units are promised. */
public class BelowReserved extends RuntimeException {

    /**
     * @param what    the refused change, as the start of a sentence ("Taking 5 unit(s) off")
     * @param current the figures it was refused against
     */
    public BelowReserved(String what, Stock current) {
        super(what + " would leave " + current.key().skuId() + " in warehouse " + current.key().warehouseId()
                + " below the " + current.reserved() + " unit(s) reserved for unshipped orders (on hand " + current.onHand()
                + "); cancel or ship those orders first.");
    }
}
