package io.shipsync.events;

import java.time.Instant;

/**
 * An order asked for more units of a SKU than are available; nothing was reserved for it.
 *
 * @param orderId     platform order id
 * @param skuId       platform SKU id
 * @param productId   platform product id
 * @param warehouseId warehouse that was asked
 * @param requested   units the order needs, at least 1
 * @param available   units available when it was checked (may be negative after drift)
 * @param detectedAt  when the shortage was found
 */
public record StockShortage(String orderId, String skuId, String productId, String warehouseId, long requested,
                            long available, Instant detectedAt) implements DomainEvent {

    public StockShortage {
        Checks.id(orderId, "orderId");
        Checks.id(skuId, "skuId");
        Checks.id(productId, "productId");
        Checks.id(warehouseId, "warehouseId");
        Checks.atLeast(requested, 1, "requested");
        detectedAt = Checks.time(detectedAt, "detectedAt");
    }

    @Override
    public String aggregateId() {
        return skuId;
    }
}
