package io.shipsync.events;

import java.time.Instant;
import java.util.List;

/**
 * The shipment was declared to the platform (发货, delivery/send) and the platform acknowledged it.
 *
 * @param orderId        platform order id
 * @param packages       the parcels declared by this call, at least one
 * @param shippedAt      when the platform acknowledged the declaration
 * @param finishDelivery whether every item of the order is now shipped
 * @param correction     whether this explicitly corrects an earlier declaration (e.g. a wrong tracking
 *                       number), rather than shipping more
 */
public record OrderShipped(String orderId, List<ShippedPackage> packages, Instant shippedAt,
                           boolean finishDelivery, boolean correction) implements DomainEvent {

    public OrderShipped {
        Checks.id(orderId, "orderId");
        packages = Checks.nonEmpty(packages, "packages");
        shippedAt = Checks.time(shippedAt, "shippedAt");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
