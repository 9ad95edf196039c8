package io.shipsync.sim;

/** A line of an order to create: which SKU and how many; the price comes from the SKU. */
public record OrderItem(String productId, String skuId, int quantity) {

    public OrderItem {
        Require.text(productId, "productId");
        Require.text(skuId, "skuId");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
    }
}
