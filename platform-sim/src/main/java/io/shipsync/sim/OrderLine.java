package io.shipsync.sim;

/** A line of a platform order as stored ({@code order_detail.product_infos[]}); prices in 分. */
public record OrderLine(String productId, String skuId, String skuCode, String title, int quantity, long salePrice) {
}
