package io.shipsync.events;

import java.time.Instant;

/**
 * The platform's stock of a SKU differed from what it should show (our available stock, or 0 while
 * frozen) when reconciliation read it, and was corrected. A breach of "stock agrees" (G3) for alerting.
 *
 * @param skuId         platform SKU id
 * @param productId     platform product id
 * @param warehouseId   warehouse whose stock the platform mirrors
 * @param platformStock what the platform showed
 * @param expectedStock what it should have shown
 * @param correction    units pushed to correct it (expectedStock − platformStock)
 * @param detectedAt    when reconciliation found it
 */
public record StockDiscrepancy(String skuId, String productId, String warehouseId, long platformStock,
                               long expectedStock, long correction, Instant detectedAt) implements DomainEvent {

    public StockDiscrepancy {
        Checks.id(skuId, "skuId");
        Checks.id(productId, "productId");
        Checks.id(warehouseId, "warehouseId");
        Checks.atLeast(platformStock, 0, "platformStock");
        Checks.atLeast(expectedStock, 0, "expectedStock");
        if (correction != expectedStock - platformStock || correction == 0) {
            throw new IllegalArgumentException("correction must be expectedStock - platformStock, and not 0");
        }
        detectedAt = Checks.time(detectedAt, "detectedAt");
    }

    @Override
    public String aggregateId() {
        return skuId;
    }
}
