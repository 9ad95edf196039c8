package io.shipsync.sim;

import java.util.List;

/**
 * One package declared shipped (发货) on an order ({@code delivery_product_info[]}): carrier
 * ({@code delivery_id}, e.g. SF, YUNDA, JTSD), tracking number, {@code deliver_type} (1 自寄快递, 2 在线签约快递单,
 * 3 虚拟商品无需物流, 4 在线快递散单), time in epoch seconds, and the SKUs in it.
 */
public record Delivery(String deliveryId, String waybillId, int deliverType, long deliveryTime,
                       List<DeliveryItem> items) {

    public Delivery {
        Require.text(deliveryId, "deliveryId");
        if (waybillId == null) {
            waybillId = "";
        }
        items = List.copyOf(Require.present(items, "items"));
    }

    public static Delivery of(String deliveryId, String waybillId, DeliveryItem... items) {
        return new Delivery(deliveryId, waybillId, 1, 0, List.of(items));
    }
}
