package io.shipsync.sim;

import java.util.List;

/** A listed product (商品) with its SKUs. Ids are free-form strings, as the platform's are strings. */
public record ProductSpec(String productId, String title, List<SkuSpec> skus) {

    public ProductSpec {
        Require.text(productId, "productId");
        if (title == null) {
            title = "";
        }
        skus = List.copyOf(Require.present(skus, "skus"));
        if (skus.isEmpty()) {
            throw new IllegalArgumentException("a product needs at least one SKU");
        }
    }

    public static ProductSpec of(String productId, String title, SkuSpec... skus) {
        return new ProductSpec(productId, title, List.of(skus));
    }
}
