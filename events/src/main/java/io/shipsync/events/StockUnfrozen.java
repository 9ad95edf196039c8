package io.shipsync.events;

import java.time.Instant;

/**
 * A frozen SKU was restocked to its freeze level or above (or the level was lowered): it is for sale again,
 * and with {@link FreezePolicy#PLATFORM_ZERO} its platform stock is pushed back up to what is available.
 *
 * @param skuId       platform SKU id
 * @param productId   platform product id
 * @param warehouseId warehouse holding the stock
 * @param available   units available when it unfroze
 * @param freezeLevel the level available reached
 * @param unfrozenAt  when it unfroze
 */
public record StockUnfrozen(String skuId, String productId, String warehouseId, long available, long freezeLevel,
                            Instant unfrozenAt) implements DomainEvent {

    public StockUnfrozen {
        Checks.id(skuId, "skuId");
        Checks.id(productId, "productId");
        Checks.id(warehouseId, "warehouseId");
        Checks.atLeast(freezeLevel, 0, "freezeLevel");
        unfrozenAt = Checks.time(unfrozenAt, "unfrozenAt");
    }

    @Override
    public String aggregateId() {
        return skuId;
    }
}
