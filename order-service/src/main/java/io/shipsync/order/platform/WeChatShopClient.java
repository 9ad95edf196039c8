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
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The WeChat Shop order API, one shop at a time, over the shared {@link WeChatShopApi} (tokens refreshed
 * there); transient errors (-1, 45009, 100003, timeouts) are retried with jittered backoff;
 * business errors surface as {@link PlatformError} for the caller to record.
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
