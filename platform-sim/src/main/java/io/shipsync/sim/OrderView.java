package io.shipsync.sim;

import java.util.List;

/**
 * What the platform holds for an order right now. {@code status} is the platform's code (see
 * {@link OrderStatus}); times are epoch seconds; {@code payTime}, {@code transactionId} and
 * {@code shipDoneTime} are null until they happen.
 */
public record OrderView(String shopId, String orderId, int status, String openid, long createTime, long updateTime,
                        Long payTime, String transactionId, List<OrderLine> items, Address address,
                        List<Delivery> deliveries, Long shipDoneTime, int deliverMethod, long freight,
                        String buyerIp) {
}
