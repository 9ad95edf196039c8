package io.shipsync.events;

import java.time.Instant;
import java.util.List;

/**
 * The platform cancelled an order.
 *
 * @param orderId     platform order id
 * @param cancelType  the platform's cancel_type, one of the {@code CANCEL_*} constants
 * @param paid        whether the order had been paid before it was cancelled; only then was stock
 *                    committed to it, and a refund after payment must return that stock
 * @param cancelledAt when it was cancelled
 * @param items       the order's lines
 */
public record OrderCancelled(String orderId, int cancelType, boolean paid, Instant cancelledAt,
                             List<OrderItem> items) implements DomainEvent {

    /** The buyer cancelled (用户取消). */
    public static final int CANCEL_BY_BUYER = 1;
    /** Not paid in time (超时). */
    public static final int CANCEL_TIMEOUT = 2;
    /** Every line was refunded through after-sales (全部售后完成). */
    public static final int CANCEL_ALL_AFTER_SALES_DONE = 3;
    /** The merchant cancelled an oversold order (超卖商家取消). */
    public static final int CANCEL_OVERSOLD_BY_MERCHANT = 4;

    public OrderCancelled {
        Checks.id(orderId, "orderId");
        Checks.oneOf(cancelType, "cancelType", CANCEL_BY_BUYER, CANCEL_TIMEOUT, CANCEL_ALL_AFTER_SALES_DONE,
                CANCEL_OVERSOLD_BY_MERCHANT);
        cancelledAt = Checks.time(cancelledAt, "cancelledAt");
        items = Checks.nonEmpty(items, "items");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
