package io.shipsync.events;

/**
 * One order line as placed or cancelled.
 *
 * @param productId    platform product id
 * @param skuId        platform SKU id
 * @param skuCode      merchant's own SKU code (商家编码), if set
 * @param quantity     units, at least 1
 * @param unitPriceFen price of one unit in 分 (1/100 yuan), as paid
 */
public record OrderItem(String productId, String skuId, String skuCode, int quantity, long unitPriceFen) {

    public OrderItem {
        Checks.id(productId, "productId");
        Checks.id(skuId, "skuId");
        Checks.optionalId(skuCode, "skuCode");
        Checks.atLeast(quantity, 1, "quantity");
        Checks.atLeast(unitPriceFen, 0, "unitPriceFen");
    }
}
