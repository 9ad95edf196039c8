package io.shipsync.events;

/**
 * Units of one SKU inside a shipped package.
 *
 * @param productId platform product id
 * @param skuId     platform SKU id
 * @param quantity  units in this package, at least 1
 */
public record PackageItem(String productId, String skuId, int quantity) {

    public PackageItem {
        Checks.id(productId, "productId");
        Checks.id(skuId, "skuId");
        Checks.atLeast(quantity, 1, "quantity");
    }
}
