package io.shipsync.inventory;

/** A SKU named with a product other than the one it is stocked under. */
public class ProductMismatch extends RuntimeException {

    public ProductMismatch(String skuId, String stockedProductId, String namedProductId) {
        super("SKU " + skuId + " belongs to product " + stockedProductId + ", not " + namedProductId + ".");
    }
}
