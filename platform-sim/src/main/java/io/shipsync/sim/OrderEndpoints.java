package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.sim.PlatformState.Order;
import io.shipsync.sim.PlatformState.Shop;
import io.shipsync.sim.WeChatApi.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** {@code /channels/ec/order/…}: order detail and list, delivery (发货) and the carrier list (reference §1.3–1.4). */
final class OrderEndpoints {

    static final long MAX_WINDOW_SECONDS = 7 * 24 * 3600;
    static final int MAX_PAGE_SIZE = 100;

    private final PlatformState state;
    private final PushSender pushes;

    OrderEndpoints(PlatformState state, PushSender pushes) {
        this.state = state;
        this.pushes = pushes;
    }

    ObjectNode get(Request request) {
        String orderId = request.body().requireText("order_id");
        synchronized (state) {
            ObjectNode reply = Json.object();
            reply.set("order", orderJson(state.orderForApi(request.shop(), orderId)));
            return reply;
        }
    }

    /**
     * {@code sensitiveinfo/decode} (解密订单中的详细收货信息): the receiver in full. Behind a privacy number (虚拟号)
     * {@code tel_number} stays masked and {@code virtual_number_info} says what to dial; an order shipped without
     * a parcel (deliver_method 1) also carries its contact in {@code virtual_order_tel_number}.
     */
    ObjectNode decode(Request request) {
        String orderId = request.body().requireText("order_id");
        synchronized (state) {
            Order order = state.decodeForApi(request.shop(), orderId);
            Address a = order.address;
            PlatformState.VirtualNumber virtual = order.virtualNumber;
            ObjectNode reply = Json.object();
            ObjectNode address = reply.putObject("address_info")
                    .put("user_name", a.userName())
                    .put("postal_code", a.postalCode())
                    .put("province_name", a.provinceName())
                    .put("city_name", a.cityName())
                    .put("county_name", a.countyName())
                    .put("detail_info", a.detailInfo())
                    .put("national_code", "")
                    .put("tel_number", virtual == null ? a.telNumber() : masked(a.telNumber()))
                    .put("house_number", "");
            if (order.deliverMethod == 1) {
                address.put("virtual_order_tel_number", a.telNumber());
            }
            if (virtual != null) {
                reply.putObject("virtual_number_info")
                        .put("virtual_number", virtual.number())
                        .put("extension", virtual.extension())
                        .put("expiration", virtual.expiration());
            }
            return reply;
        }
    }

    /** {@code 138****8000}: the first three and last four digits, as the platform shows a hidden number. */
    private static String masked(String phone) {
        return phone.length() < 8 ? "****"
                : phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }

    /**
     * Pages through the shop's orders in a create_time or update_time window of at most 7 days, oldest first.
     * Both ends of a window are inclusive. {@code next_key} is an opaque cursor after the last id returned.
     */
    ObjectNode list(Request request) {
        Body body = request.body();
        long[] created = window(body, "create_time_range");
        long[] updated = window(body, "update_time_range");
        if (created == null && updated == null) {
            throw ApiError.dataFormat("create_time_range or update_time_range is required");
        }
        Long pageSize = body.integer("page_size");
        if (pageSize == null || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ApiError.dataFormat("page_size must be 1.." + MAX_PAGE_SIZE);
        }
        Long status = body.integer("status");
        String openid = body.text("openid");
        String nextKey = body.text("next_key");
        ToLongFunction<Order> sortTime = created != null ? o -> o.createTime : o -> o.updateTime;
        synchronized (state) {
            List<Order> matching = state.ordersOf(request.shop()).stream()
                    .filter(o -> created == null || (o.createTime >= created[0] && o.createTime <= created[1]))
                    .filter(o -> updated == null || (o.updateTime >= updated[0] && o.updateTime <= updated[1]))
                    .filter(o -> status == null || o.status == status)
                    .filter(o -> openid == null || o.openid.equals(openid))
                    .sorted(Comparator.comparingLong(sortTime).thenComparing(o -> o.orderId))
                    .toList();
            int from = 0;
            if (nextKey != null && !nextKey.isEmpty()) {
                Cursor after = Cursor.decode(nextKey);
                while (from < matching.size() && !after.isBefore(sortTime.applyAsLong(matching.get(from)),
                        matching.get(from).orderId)) {
                    from++;
                }
            }
            List<Order> page = matching.subList(from, Math.min(matching.size(), from + pageSize.intValue()));
            ObjectNode reply = Json.object();
            ArrayNode ids = reply.putArray("order_id_list");
            page.forEach(o -> ids.add(o.orderId));
            Order last = page.isEmpty() ? null : page.get(page.size() - 1);
            reply.put("next_key", last == null ? (nextKey == null ? "" : nextKey)
                    : new Cursor(sortTime.applyAsLong(last), last.orderId).encode());
            reply.put("has_more", from + page.size() < matching.size());
            return reply;
        }
    }

    private static long[] window(Body body, String field) {
        JsonNode range = body.node(field);
        if (range.isMissingNode() || range.isNull()) {
            return null;
        }
        Long start = Body.integer(range.path("start_time"));
        Long end = Body.integer(range.path("end_time"));
        if (start == null || end == null || end < start) {
            throw ApiError.dataFormat(field + " needs start_time <= end_time in seconds");
        }
        if (end - start > MAX_WINDOW_SECONDS) {
            throw ApiError.dataFormat(field + " is longer than 7 days");
        }
        return new long[] {start, end};
    }

    /** The position after an order in the listing order: its sort time, then its id. */
    private record Cursor(long time, String orderId) {

        static Cursor decode(String key) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(key), StandardCharsets.UTF_8).split(":");
                return new Cursor(Long.parseLong(parts[0]), parts[1]);
            } catch (RuntimeException e) {
                throw ApiError.dataFormat("invalid next_key");
            }
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((time + ":" + orderId).getBytes(StandardCharsets.UTF_8));
        }

        boolean isBefore(long otherTime, String otherId) {
            return time < otherTime || (time == otherTime && orderId.compareTo(otherId) < 0);
        }
    }

    /**
     * Declares packages shipped. The platform does not deduplicate: a repeat on a fully shipped order answers
     * 101100. On success the platform pushes {@code channels_ec_order_deliver} with {@code finish_delivery}.
     */
    ObjectNode sendDelivery(Request request) {
        String orderId = request.body().requireText("order_id");
        List<Delivery> packages = deliveries(request.body());
        Shop shop = request.shop();
        PlatformState.PushMessage deliver;
        synchronized (state) {
            boolean finished = state.sendDelivery(shop, orderId, packages);
            deliver = state.message(shop.spec.shopId(), orderId, PushEvent.ORDER_DELIVER,
                    Map.of("finish_delivery", finished ? 1 : 0));
        }
        pushes.send(List.of(deliver));
        return Json.object();
    }

    ObjectNode updateDeliveryInfo(Request request) {
        String orderId = request.body().requireText("order_id");
        state.replaceDeliveries(request.shop(), orderId, deliveries(request.body()));
        return Json.object();
    }

    ObjectNode companyList(Request request) {
        boolean ewaybillOnly = request.body().node("ewaybill_only").asBoolean(false);
        ObjectNode reply = Json.object();
        ArrayNode list = reply.putArray("company_list");
        DeliveryCompanies.ALL.forEach((id, name) -> {
            if (!ewaybillOnly || DeliveryCompanies.offersEwaybill(id)) {
                list.addObject().put("delivery_id", id).put("delivery_name", name);
            }
        });
        return reply;
    }

    /** {@code delivery_list}, checked field by field as the platform's 47001 does. */
    private static List<Delivery> deliveries(Body body) {
        JsonNode list = body.node("delivery_list");
        if (!list.isArray() || list.isEmpty()) {
            throw ApiError.dataFormat("delivery_list must be a non-empty array");
        }
        List<Delivery> packages = new ArrayList<>();
        for (JsonNode entry : list) {
            Body delivery = new Body(entry);
            String deliveryId = delivery.requireText("delivery_id");
            if (!DeliveryCompanies.isKnown(deliveryId)) {
                throw ApiError.dataFormat("delivery_id " + deliveryId + " is not in the delivery company list");
            }
            Long deliverType = delivery.integer("deliver_type");
            if (deliverType == null || deliverType < 1 || deliverType > 4) {
                throw ApiError.dataFormat("deliver_type must be 1, 2, 3 or 4");
            }
            String waybillId = deliverType == 3 ? delivery.text("waybill_id") : delivery.requireText("waybill_id");
            JsonNode products = delivery.node("product_infos");
            if (!products.isArray() || products.isEmpty()) {
                throw ApiError.dataFormat("product_infos must be a non-empty array");
            }
            List<DeliveryItem> items = new ArrayList<>();
            for (JsonNode product : products) {
                Body item = new Body(product);
                Long count = item.integer("product_cnt");
                if (count == null || count < 1 || count > Integer.MAX_VALUE) {
                    throw ApiError.dataFormat("product_cnt must be a positive integer");
                }
                items.add(new DeliveryItem(item.requireText("product_id"), item.requireText("sku_id"),
                        count.intValue()));
            }
            packages.add(new Delivery(deliveryId, waybillId, deliverType.intValue(), 0, items));
        }
        return packages;
    }

    /** The {@code order} object of {@code order/get}; ids as strings, money in 分, times in epoch seconds. */
    static ObjectNode orderJson(Order o) {
        ObjectNode order = Json.object()
                .put("order_id", o.orderId)
                .put("status", o.status)
                .put("openid", o.openid)
                .put("create_time", o.createTime)
                .put("update_time", o.updateTime);
        ObjectNode detail = order.putObject("order_detail");
        ArrayNode products = detail.putArray("product_infos");
        for (OrderLine line : o.lines) {
            products.addObject()
                    .put("product_id", line.productId())
                    .put("sku_id", line.skuId())
                    .put("sku_cnt", line.quantity())
                    .put("sale_price", line.salePrice())
                    .put("real_price", line.salePrice() * line.quantity())
                    .put("sku_code", line.skuCode())
                    .put("title", line.title())
                    .put("on_aftersale_sku_cnt", 0)
                    .put("finish_aftersale_sku_cnt", 0);
        }
        detail.putObject("price_info")
                .put("product_price", o.productPrice())
                .put("order_price", o.productPrice() + o.freight)
                .put("freight", o.freight);
        if (o.payTime != null) {
            detail.putObject("pay_info").put("pay_time", o.payTime).put("transaction_id", o.transactionId);
        }
        ObjectNode delivery = detail.putObject("delivery_info");
        Address a = o.address;
        delivery.putObject("address_info")
                .put("user_name", a.userName())
                .put("postal_code", a.postalCode())
                .put("province_name", a.provinceName())
                .put("city_name", a.cityName())
                .put("county_name", a.countyName())
                .put("detail_info", a.detailInfo())
                .put("tel_number", a.telNumber());
        ArrayNode packages = delivery.putArray("delivery_product_info");
        for (Delivery d : o.deliveries) {
            ObjectNode pkg = packages.addObject()
                    .put("waybill_id", d.waybillId())
                    .put("delivery_id", d.deliveryId())
                    .put("delivery_name", DeliveryCompanies.name(d.deliveryId()))
                    .put("delivery_time", d.deliveryTime())
                    .put("deliver_type", d.deliverType());
            ArrayNode items = pkg.putArray("product_infos");
            d.items().forEach(i -> items.addObject()
                    .put("product_id", i.productId()).put("sku_id", i.skuId()).put("product_cnt", i.quantity()));
        }
        if (o.shipDoneTime != null) {
            delivery.put("ship_done_time", o.shipDoneTime);
        }
        delivery.put("deliver_method", o.deliverMethod);
        ObjectNode ext = detail.putObject("ext_info").put("customer_notes", "").put("merchant_notes", "");
        if (o.buyerIp != null) {
            ext.put("buyer_ip", o.buyerIp);
        }
        order.putObject("aftersale_detail").put("on_aftersale_order_cnt", 0).putArray("aftersale_order_list");
        return order;
    }
}
