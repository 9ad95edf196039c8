package io.shipsync.order.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.shipsync.order.Receiver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An order as /channels/ec/order/get reports it, reduced to what ShipSync keeps (the receiver already masked). */
public record PlatformOrder(String orderId, int status, String openid, String buyerIp, Instant updatedAt, Instant paidAt,
                            int deliverMethod, long totalFen, String province, String city, String county,
                            Receiver receiver, List<Product> products, List<Delivery> deliveries) {

    /** A product line: SKU, count and price paid per unit in 分. */
    public record Product(String productId, String skuId, String skuCode, int count, long unitPriceFen) {
    }

    /** A package the platform knows as shipped (delivery_product_info): carrier, tracking number and what is inside. */
    public record Delivery(String deliveryId, String waybillId, List<Item> items) {
    }

    /** Product, SKU and count (product_cnt) inside a package. */
    public record Item(String productId, String skuId, int count) {
    }

    static PlatformOrder from(JsonNode order) {
        JsonNode detail = order.path("order_detail");
        List<Product> products = new ArrayList<>();
        detail.path("product_infos").forEach(p -> products.add(new Product(p.path("product_id").asText(),
                p.path("sku_id").asText(), p.hasNonNull("sku_code") && !p.path("sku_code").asText().isBlank()
                ? p.path("sku_code").asText() : null,
                p.path("sku_cnt").asInt(), p.path("sale_price").asLong())));
        List<Delivery> deliveries = new ArrayList<>();
        JsonNode delivery = detail.path("delivery_info");
        delivery.path("delivery_product_info").forEach(d -> {
            List<Item> items = new ArrayList<>();
            d.path("product_infos").forEach(i -> items.add(new Item(i.path("product_id").asText(), i.path("sku_id").asText(),
                    i.path("product_cnt").asInt())));
            deliveries.add(new Delivery(d.path("delivery_id").asText(), d.path("waybill_id").asText(""), List.copyOf(items)));
        });
        JsonNode address = delivery.path("address_info");
        long payTime = detail.path("pay_info").path("pay_time").asLong(0);
        return new PlatformOrder(order.path("order_id").asText(), order.path("status").asInt(),
                order.path("openid").asText(null),
                detail.path("ext_info").path("buyer_ip").asText(null),
                Instant.ofEpochSecond(order.path("update_time").asLong()),
                payTime == 0 ? null : Instant.ofEpochSecond(payTime),
                delivery.path("deliver_method").asInt(0),
                detail.path("price_info").path("order_price").asLong(),
                address.path("province_name").asText(""), address.path("city_name").asText(""),
                address.path("county_name").asText(""),
                Receiver.masked(address.path("user_name").asText(null), address.path("tel_number").asText(null),
                        address.path("detail_info").asText(null)),
                products, deliveries);
    }
}
