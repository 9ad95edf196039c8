package io.shipsync.events;

import java.time.Instant;

/**
 * Available stock fell below the SKU's freeze level: the SKU is frozen for sale (冻结) by {@code policy}
 * until it is restocked to the level again.
 *
 * @param skuId       platform SKU id
 * @param productId   platform product id
 * @param warehouseId warehouse holding the stock
 * @param available   units available when it froze
 * @param freezeLevel the level available fell below
 * @param policy      what freezing does on the platform
 * @param frozenAt    when it froze
 */
public record StockFrozen(String skuId, String productId, String warehouseId, long available, long freezeLevel,
                          FreezePolicy policy, Instant frozenAt) implements DomainEvent {

    public StockFrozen {
        Checks.id(skuId, "skuId");
        Checks.id(productId, "productId");
        Checks.id(warehouseId, "warehouseId");
        Checks.atLeast(freezeLevel, 1, "freezeLevel");
        Checks.required(policy, "policy");
        frozenAt = Checks.time(frozenAt, "frozenAt");
    }

    @Override
    public String aggregateId() {
        return skuId;
    }
}
