package io.shipsync.events;

import java.time.Instant;

/**
 * A hold on an order ({@link OrderHeld}) was released. The order may be declared and printed again unless a
 * hold for another reason is still open.
 *
 * @param orderId    platform order id
 * @param reason     the reason of the hold released
 * @param releasedAt when it was released
 * @param releasedBy who released it: the operator's user name, or {@code "stock returned"} when stock came
 *                   back and released it automatically
 */
public record OrderReleased(String orderId, HoldReason reason, Instant releasedAt, String releasedBy)
        implements DomainEvent {

    public OrderReleased {
        Checks.id(orderId, "orderId");
        Checks.required(reason, "reason");
        releasedAt = Checks.time(releasedAt, "releasedAt");
        Checks.id(releasedBy, "releasedBy");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
