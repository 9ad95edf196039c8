package io.shipsync.events;

import java.time.Instant;

/**
 * Available stock of a SKU crossed a warning threshold (库存预警), in either direction. Emitted once per
 * crossing, not on every later change on the same side.
 *
 * @param skuId       platform SKU id
 * @param productId   platform product id
 * @param warehouseId warehouse holding the stock
 * @param fromLevel   the level announced before; absent for the SKU's first announcement
 * @param toLevel     the level now
 * @param available   units available after the change that crossed
 * @param threshold   the threshold of {@code toLevel} (available is below it); absent for OK
 * @param crossedAt   when it crossed
 */
public record StockLevelCrossed(String skuId, String productId, String warehouseId, StockLevel fromLevel,
                                StockLevel toLevel, long available, Integer threshold, Instant crossedAt)
        implements DomainEvent {

    public StockLevelCrossed {
        Checks.id(skuId, "skuId");
        Checks.id(productId, "productId");
        Checks.id(warehouseId, "warehouseId");
        Checks.required(toLevel, "toLevel");
        if (toLevel == fromLevel) {
            throw new IllegalArgumentException("a crossing changes the level");
        }
        crossedAt = Checks.time(crossedAt, "crossedAt");
    }

    @Override
    public String aggregateId() {
        return skuId;
    }
}
