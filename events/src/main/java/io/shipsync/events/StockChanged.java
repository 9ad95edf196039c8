package io.shipsync.events;

import java.time.Instant;

/**
 * A SKU's stock in one warehouse moved; carries the resulting figures, not the delta, so a consumer that
 * sees only the latest event still knows the truth.
 *
 * @param skuId       platform SKU id
 * @param productId   platform product id
 * @param warehouseId warehouse holding the stock
 * @param onHand      units physically present
 * @param reserved    units held for unshipped orders
 * @param available   units that can still be sold; may be negative when stock has drifted, so that the
 *                    drift reaches alerting instead of being rejected
 * @param level       where {@code available} stands against the warning thresholds
 * @param safetyStock units kept back from sale
 * @param reason      why it moved
 * @param orderId     the order that caused the move, if any
 * @param changedAt   when it moved
 */
public record StockChanged(String skuId, String productId, String warehouseId, long onHand, long reserved,
                           long available, StockLevel level, long safetyStock, StockMovementReason reason,
                           String orderId, Instant changedAt) implements DomainEvent {

    public StockChanged {
        Checks.id(skuId, "skuId");
        Checks.id(productId, "productId");
        Checks.id(warehouseId, "warehouseId");
        Checks.atLeast(onHand, 0, "onHand");
        Checks.atLeast(reserved, 0, "reserved");
        Checks.required(level, "level");
        Checks.atLeast(safetyStock, 0, "safetyStock");
        Checks.required(reason, "reason");
        Checks.optionalId(orderId, "orderId");
        changedAt = Checks.time(changedAt, "changedAt");
    }

    @Override
    public String aggregateId() {
        return skuId;
    }
}
