package io.shipsync.sim;

import java.util.List;

/**
 * A hand-made change of an order on the platform, to plant drift: a new status and/or a new list of
 * packages. Null leaves that part as it is. No push is sent.
 */
public record OrderStatePatch(Integer status, List<Delivery> deliveries) {

    public OrderStatePatch {
        if (status != null && !OrderStatus.isKnown(status)) {
            throw new IllegalArgumentException("unknown order status " + status);
        }
        if (deliveries != null) {
            deliveries = List.copyOf(deliveries);
        }
    }
}
