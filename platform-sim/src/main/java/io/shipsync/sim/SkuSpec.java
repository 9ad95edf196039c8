package io.shipsync.sim;

/** One SKU of a product: its code, sale price in 分 and platform stock (通用库存). */
public record SkuSpec(String skuId, String skuCode, long salePrice, int stock) {

    public SkuSpec {
        Require.text(skuId, "skuId");
        if (salePrice < 0 || stock < 0) {
            throw new IllegalArgumentException("salePrice and stock must not be negative");
        }
        if (skuCode == null) {
            skuCode = "";
        }
    }
}
