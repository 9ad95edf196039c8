package io.shipsync.sim;

/** What one package carries: a SKU and a count ({@code product_infos[]} of a delivery). */
public record DeliveryItem(String productId, String skuId, int quantity) {

    public DeliveryItem {
        Require.text(productId, "productId");
        Require.text(skuId, "skuId");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
    }
}
