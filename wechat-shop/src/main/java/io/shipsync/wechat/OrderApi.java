package io.shipsync.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The platform's orders (订单) as a service reading stock needs them: the ids of orders updated in a window
 * ({@code order/list/get}, paged by {@code next_key}) and one order's status, payment and SKU lines
 * ({@code order/get}). Transient errors are retried with jittered backoff; other errcodes surface as
 * {@link PlatformError}.
 */
@ApplicationScoped
public class OrderApi {

    /** A window of order/list/get spans at most 7 days. */
    public static final Duration MAX_WINDOW = Duration.ofDays(7);
    /** 待付款. */
    public static final int UNPAID = 10;
    /** 商品超卖商家取消. */
    public static final int CANCELLED_OVERSOLD = 190;
    /** 全部商品售后后取消. */
    public static final int CANCELLED_AFTER_SALE = 200;
    /** 用户取消 / 超时取消 / 商家取消. */
    public static final int CANCELLED = 250;
    private static final Set<Integer> CANCELLED_STATES = Set.of(CANCELLED_OVERSOLD, CANCELLED_AFTER_SALE, CANCELLED);
    private static final int PAGE_SIZE = 100;

    /** One page of order ids, oldest first, and where the next page starts. */
    public record Page(List<String> orderIds, String nextKey, boolean hasMore) {
    }

    /** An order reduced to what its stock depends on: its status, whether it was paid, and its SKU lines. */
    public record Order(String orderId, int status, boolean paid, List<Line> lines) {

        public boolean cancelled() {
            return CANCELLED_STATES.contains(status);
        }

        /** The platform gives an order's stock back only when it is cancelled before payment. */
        public boolean stockRestored() {
            return cancelled() && !paid;
        }

        /** Units of the SKU the order took. */
        public long units(String skuId) {
            return lines.stream().filter(l -> l.skuId().equals(skuId)).mapToLong(Line::quantity).sum();
        }
    }

    /** A product line: product, SKU and count (sku_cnt). */
    public record Line(String productId, String skuId, int quantity) {
    }

    private final WeChatShopApi api;

    OrderApi(WeChatShopApi api) {
        this.api = api;
    }

    /** One page of the shop's orders updated from {@code from} to {@code to} (whole seconds, both included). */
    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public Page updated(String shopId, Instant from, Instant to, String nextKey) {
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("order list windows span at most 7 days");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("update_time_range", Map.of("start_time", from.getEpochSecond(), "end_time", to.getEpochSecond()));
        body.put("page_size", PAGE_SIZE);
        if (nextKey != null) {
            body.put("next_key", nextKey);
        }
        JsonNode page = api.call(shopId, "/channels/ec/order/list/get", body);
        List<String> ids = new ArrayList<>();
        page.path("order_id_list").forEach(id -> ids.add(id.asText()));
        return new Page(ids, page.path("next_key").asText(null), page.path("has_more").asBoolean(false));
    }

    /** Every order updated in the window, page after page. */
    public List<String> updatedBetween(String shopId, Instant from, Instant to) {
        List<String> ids = new ArrayList<>();
        Page page = updated(shopId, from, to, null);
        ids.addAll(page.orderIds());
        while (page.hasMore()) {
            page = updated(shopId, from, to, page.nextKey());
            ids.addAll(page.orderIds());
        }
        return ids;
    }

    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public Order order(String shopId, String orderId) {
        JsonNode order = api.call(shopId, "/channels/ec/order/get", Map.of("order_id", orderId)).path("order");
        JsonNode detail = order.path("order_detail");
        List<Line> lines = new ArrayList<>();
        detail.path("product_infos").forEach(p -> lines.add(new Line(p.path("product_id").asText(),
                p.path("sku_id").asText(), p.path("sku_cnt").asInt())));
        int status = order.path("status").asInt();
        // The status may lag the payment (10 while pay_info is there already): pay_info decides.
        boolean paid = detail.path("pay_info").path("pay_time").asLong(0) != 0
                || (status > UNPAID && !CANCELLED_STATES.contains(status));
        return new Order(order.path("order_id").asText(), status, paid, List.copyOf(lines));
    }

    /**
     * Where an order ships and what it holds, as an e-waybill (电子面单) takes them: the receiver exactly as the
     * platform gives it (its own masked or virtual number is accepted by precreate) and each line's title.
     */
    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public Consignment consignment(String shopId, String orderId) {
        JsonNode detail = api.call(shopId, "/channels/ec/order/get", Map.of("order_id", orderId)).path("order").path("order_detail");
        JsonNode a = detail.path("delivery_info").path("address_info");
        EwaybillApi.Address receiver = new EwaybillApi.Address(a.path("user_name").asText(""), a.path("tel_number").asText(""),
                a.path("province_name").asText(""), a.path("city_name").asText(""), a.path("county_name").asText(""), "",
                a.path("detail_info").asText(""));
        List<EwaybillApi.Goods> goods = new ArrayList<>();
        detail.path("product_infos").forEach(p -> goods.add(new EwaybillApi.Goods(p.path("title").asText(""),
                p.path("sku_cnt").asInt(), p.path("product_id").asText(null), p.path("sku_id").asText(null))));
        return new Consignment(receiver, List.copyOf(goods));
    }

    /** An order's receiver and goods. */
    public record Consignment(EwaybillApi.Address receiver, List<EwaybillApi.Goods> goods) {
    }
}
