package io.shipsync.events;

import java.time.Instant;
import java.util.List;

/**
 * 下单: a buyer ordered and has not paid yet (待付款). The platform has already taken the units off its
 * stock; it gives them back only if the order is cancelled before payment. Payment is announced later as
 * {@link OrderPlaced}, a cancellation before it as {@link OrderCancelled} with {@code paid} false.
 *
 * @param orderId   platform order id
 * @param createdAt when order-service learnt of the unpaid order
 * @param items     the order's lines
 */
public record OrderCreated(String orderId, Instant createdAt, List<OrderItem> items) implements DomainEvent {

    public OrderCreated {
        Checks.id(orderId, "orderId");
        createdAt = Checks.time(createdAt, "createdAt");
        items = Checks.nonEmpty(items, "items");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
