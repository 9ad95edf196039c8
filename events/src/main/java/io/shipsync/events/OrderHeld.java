package io.shipsync.events;

import java.time.Instant;

/**
 * order-service holds an order (拦截): it must be neither declared nor printed until {@link OrderReleased}
 * for the same reason, and while no hold for another reason stays open.
 *
 * @param orderId     platform order id
 * @param reason      why it is held
 * @param description one sentence an operator can act on; never the buyer's openid or IP
 * @param heldAt      when the hold opened
 */
public record OrderHeld(String orderId, HoldReason reason, String description, Instant heldAt)
        implements DomainEvent {

    public OrderHeld {
        Checks.id(orderId, "orderId");
        Checks.required(reason, "reason");
        Checks.id(description, "description");
        heldAt = Checks.time(heldAt, "heldAt");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
