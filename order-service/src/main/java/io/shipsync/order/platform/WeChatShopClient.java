package io.shipsync.order.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.shipsync.wechat.PlatformError;
import io.shipsync.wechat.WeChatShopApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The WeChat Shop order API and customer-service messages (商家客服), one shop at a time, over the shared
 * {@link WeChatShopApi} (tokens refreshed there); transient errors (-1, 45009, 100003, timeouts) are retried with
 * jittered backoff; business errors surface as {@link PlatformError} for the caller to record.
 */
@ApplicationScoped
public class WeChatShopClient {

    /** A window of order/list/get may span at most 7 days. */
    public static final java.time.Duration MAX_LIST_WINDOW = java.time.Duration.ofDays(7);

    private final WeChatShopApi api;

    WeChatShopClient(WeChatShopApi api) {
        this.api = api;
    }

    /** One package of a declaration: carrier (WeChat delivery_id), tracking number, items. */
    public record DeliveryPackage(String deliveryId, String waybillId, List<Item> items) {
    }

    /** Product, SKU and count inside a package. */
    public record Item(String productId, String skuId, int count) {
    }

    /** One page of the ids of orders in one status updated in a window. */
    public record OrderPage(List<String> orderIds, String nextKey, boolean hasMore) {
    }

    /**
     * How to call an order's buyer: their own number, or a privacy number (虚拟号) in the platform's
     * {@code 主机号-分机号} form when the buyer hides behind one.
     */
    public record BuyerPhone(String number, boolean virtual) {
    }

    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public PlatformOrder order(String shopId, String orderId) {
        return PlatformOrder.from(call(shopId, "/channels/ec/order/get", Map.of("order_id", orderId)).path("order"));
    }

    /**
     * One page of the shop's orders in {@code status} that the platform updated from {@code from} to {@code to} (both
     * whole seconds included): the listing says each order's status without an order/get per order.
     */
    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public OrderPage ordersUpdated(String shopId, Instant from, Instant to, int status, String nextKey) {
        if (java.time.Duration.between(from, to).compareTo(MAX_LIST_WINDOW) > 0) {
            throw new IllegalArgumentException("order list windows span at most 7 days");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("update_time_range", Map.of("start_time", from.getEpochSecond(), "end_time", to.getEpochSecond()));
        body.put("status", status);
        body.put("page_size", 100);
        if (nextKey != null) {
            body.put("next_key", nextKey);
        }
        JsonNode page = call(shopId, "/channels/ec/order/list/get", body);
        List<String> ids = new ArrayList<>();
        page.path("order_id_list").forEach(id -> ids.add(id.asText()));
        return new OrderPage(ids, page.path("next_key").asText(null), page.path("has_more").asBoolean(false));
    }

    /**
     * The buyer's phone from 解密订单中的详细收货信息 (sensitiveinfo/decode): the privacy number when the order has one
     * (then {@code tel_number} is masked), else {@code tel_number}, else the contact of an order shipped without a
     * parcel ({@code virtual_order_tel_number}, deliver_method 1); empty when none is dialable. The platform decodes
     * paid orders only, 30 orders a day per merchant, an order decoded again counting once: a retry costs no quota.
     */
    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public Optional<BuyerPhone> buyerPhone(String shopId, String orderId) {
        JsonNode decoded = call(shopId, "/channels/ec/order/sensitiveinfo/decode", Map.of("order_id", orderId));
        JsonNode virtual = decoded.path("virtual_number_info");
        String virtualNumber = virtual.path("virtual_number").asText("");
        if (!virtualNumber.isBlank()) {
            String extension = virtual.path("extension").asText("");
            String number = extension.isBlank() ? virtualNumber : virtualNumber + "-" + extension;
            return Optional.of(new BuyerPhone(number, true));
        }
        JsonNode address = decoded.path("address_info");
        return Stream.of(address.path("tel_number").asText(""), address.path("virtual_order_tel_number").asText(""))
                .filter(number -> !number.isBlank() && !number.contains("*"))
                .findFirst().map(number -> new BuyerPhone(number, false));
    }

    /**
     * 商家客服: a text message to a buyer (commkf/sendmsg); its msg_id. The platform sends a request_id once, so
     * retrying after a timeout cannot send the message twice.
     */
    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public String sendText(String shopId, String requestId, String openid, String content) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", requestId);
        body.put("open_id", openid);
        body.put("msg_type", "text");
        body.put("text", Map.of("content", content));
        return call(shopId, "/channels/ec/commkf/sendmsg", body).path("msg_id").asText();
    }

    /** 发货: declares packages to the platform. Not retried here: the sync worker owns its attempts. */
    public void sendDelivery(String shopId, String orderId, List<DeliveryPackage> packages) {
        call(shopId, "/channels/ec/order/delivery/send", Map.of("order_id", orderId, "delivery_list", deliveryList(packages)));
    }

    /** Replaces the packages of a shipped order: an explicit correction. */
    public void updateDeliveryInfo(String shopId, String orderId, List<DeliveryPackage> packages) {
        call(shopId, "/channels/ec/order/deliveryinfo/update", Map.of("order_id", orderId, "delivery_list", deliveryList(packages)));
    }

    private static List<Map<String, Object>> deliveryList(List<DeliveryPackage> packages) {
        return packages.stream().map(p -> Map.<String, Object>of(
                "delivery_id", p.deliveryId(),
                "waybill_id", p.waybillId(),
                "deliver_type", 1,
                "product_infos", p.items().stream().map(i -> Map.of(
                        "product_id", i.productId(), "sku_id", i.skuId(), "product_cnt", i.count())).toList()))
                .toList();
    }

    private JsonNode call(String shopId, String path, Object body) {
        return api.call(shopId, path, body);
    }
}
