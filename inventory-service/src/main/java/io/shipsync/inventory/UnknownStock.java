package io.shipsync.inventory;

/** The shop does not count the SKU in that warehouse: it has to be received (created) first. */
public class UnknownStock extends RuntimeException {

    public UnknownStock(StockKey key) {
        super("Shop " + key.shopId() + " has no stock of SKU " + key.skuId() + " in warehouse " + key.warehouseId()
                + "; send an INCREASE adjustment with create: true and its productId to receive it.");
    }
}
