package io.shipsync.sim;

import java.util.List;

/**
 * An order to create on the platform. Absent fields are filled in: {@code orderId} a fresh 19-digit id
 * (above 2^53, as real ones are), {@code openid} a fresh buyer openid, {@code address} {@link Address#sample()}
 * with a mobile number derived from the order id. {@code buyerIp} is kept in {@code ext_info.buyer_ip}.
 * {@code deliverMethod} 0 is 普通物流, 1 虚拟发货. {@code pushNew} sends {@code channels_ec_order_new} when the order
 * is created.
 */
public record OrderSpec(String orderId, String openid, String buyerIp, List<OrderItem> items, Address address,
                        long freight, int deliverMethod, boolean pushNew) {

    public OrderSpec {
        if (orderId != null) {
            Require.orderId(orderId);
        }
        items = List.copyOf(Require.present(items, "items"));
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one item");
        }
        if (deliverMethod != 0 && deliverMethod != 1) {
            throw new IllegalArgumentException("deliverMethod is 0 (普通物流) or 1 (虚拟发货)");
        }
        if (freight < 0) {
            throw new IllegalArgumentException("freight must not be negative");
        }
    }

    public static OrderSpec of(OrderItem... items) {
        return new OrderSpec(null, null, null, List.of(items), null, 0, 0, false);
    }

    public OrderSpec withOrderId(String id) {
        return new OrderSpec(id, openid, buyerIp, items, address, freight, deliverMethod, pushNew);
    }

    public OrderSpec withOpenid(String id) {
        return new OrderSpec(orderId, id, buyerIp, items, address, freight, deliverMethod, pushNew);
    }

    public OrderSpec withBuyerIp(String ip) {
        return new OrderSpec(orderId, openid, ip, items, address, freight, deliverMethod, pushNew);
    }

    public OrderSpec withAddress(Address receiver) {
        return new OrderSpec(orderId, openid, buyerIp, items, receiver, freight, deliverMethod, pushNew);
    }

    public OrderSpec withFreight(long fen) {
        return new OrderSpec(orderId, openid, buyerIp, items, address, fen, deliverMethod, pushNew);
    }

    public OrderSpec withDeliverMethod(int method) {
        return new OrderSpec(orderId, openid, buyerIp, items, address, freight, method, pushNew);
    }

    public OrderSpec withPushNew(boolean push) {
        return new OrderSpec(orderId, openid, buyerIp, items, address, freight, deliverMethod, push);
    }
}
