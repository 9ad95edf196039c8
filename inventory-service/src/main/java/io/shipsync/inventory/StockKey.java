package io.shipsync.inventory;

import java.util.Comparator;

/** Where stock is counted: a shop's platform SKU in one warehouse. */
public record StockKey(String shopId, String skuId, String warehouseId) implements Comparable<StockKey> {

    // Rows are always locked in this order, so two transactions touching the same SKUs cannot deadlock.
    private static final Comparator<StockKey> LOCK_ORDER = Comparator.comparing(StockKey::shopId)
            .thenComparing(StockKey::skuId).thenComparing(StockKey::warehouseId);

    @Override
    public int compareTo(StockKey other) {
        return LOCK_ORDER.compare(this, other);
    }
}
