package io.shipsync.events;

import java.time.Instant;
import java.util.List;

/**
 * A paid order arrived from the platform and awaits shipment (待发货, status 20).
 *
 * @param orderId        platform order id (a string: order ids exceed 2^53)
 * @param paidAt         when the buyer paid
 * @param deliverMethod  {@link #DELIVER_PHYSICAL} or {@link #DELIVER_VIRTUAL}
 * @param items          the ordered lines, at least one
 * @param receiverRegion where it ships to, no finer than county
 * @param totalFen       amount paid for the order in 分
 */
public record OrderPlaced(String orderId, Instant paidAt, int deliverMethod, List<OrderItem> items,
                          Region receiverRegion, long totalFen) implements DomainEvent {

    /** Physical goods shipped by a carrier (普通物流). */
    public static final int DELIVER_PHYSICAL = 0;
    /** Virtual goods, nothing to ship (虚拟发货). */
    public static final int DELIVER_VIRTUAL = 1;

    public OrderPlaced {
        Checks.id(orderId, "orderId");
        paidAt = Checks.time(paidAt, "paidAt");
        Checks.oneOf(deliverMethod, "deliverMethod", DELIVER_PHYSICAL, DELIVER_VIRTUAL);
        items = Checks.nonEmpty(items, "items");
        Checks.required(receiverRegion, "receiverRegion");
        Checks.atLeast(totalFen, 0, "totalFen");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
