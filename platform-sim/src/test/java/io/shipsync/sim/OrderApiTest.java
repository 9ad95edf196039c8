package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderApiTest {

    private static final String GET = "/channels/ec/order/get";
    private static final String LIST = "/channels/ec/order/list/get";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));
    private PlatformSim sim;
    private WeChatClient client;
    private String token;

    @BeforeEach
    void start() {
        sim = PlatformSim.start(PlatformSim.Config.defaults().withClock(clock));
        client = new WeChatClient(sim.baseUrl());
        ShopSpec shop = Fixtures.seed(sim, "shop-1", null);
        token = client.token(shop.appId(), shop.appSecret());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void orderGetAnswersTheDocumentedShapeWithStringIds() {
        OrderView order = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 2))
                .withBuyerIp("203.0.113.7").withFreight(1000));
        assertThat(new BigInteger(order.orderId())).isGreaterThan(BigInteger.TWO.pow(53));
        assertThat(order.orderId()).hasSize(19);

        JsonNode reply = client.post(GET, token, Map.of("order_id", order.orderId()));
        assertThat(reply.path("errcode").asInt()).isZero();
        assertThat(reply.path("errmsg").asText()).startsWith("ok rid: ");
        JsonNode o = reply.path("order");
        assertThat(o.path("order_id").isTextual()).isTrue();
        assertThat(o.path("order_id").asText()).isEqualTo(order.orderId());
        assertThat(o.path("status").asInt()).isEqualTo(20);
        assertThat(o.path("openid").asText()).isEqualTo(order.openid());
        assertThat(o.path("create_time").asLong()).isEqualTo(clock.instant().getEpochSecond());
        JsonNode detail = o.path("order_detail");
        JsonNode line = detail.path("product_infos").get(0);
        assertThat(line.path("product_id").asText()).isEqualTo(Fixtures.PRODUCT);
        assertThat(line.path("sku_id").asText()).isEqualTo(Fixtures.SKU_A);
        assertThat(line.path("sku_cnt").asInt()).isEqualTo(2);
        assertThat(line.path("sale_price").asLong()).isEqualTo(5900);
        assertThat(line.path("real_price").asLong()).isEqualTo(11800);
        assertThat(line.path("sku_code").asText()).isEqualTo("TS-A");
        assertThat(detail.path("price_info").path("product_price").asLong()).isEqualTo(11800);
        assertThat(detail.path("price_info").path("freight").asLong()).isEqualTo(1000);
        assertThat(detail.path("price_info").path("order_price").asLong()).isEqualTo(12800);
        assertThat(detail.path("pay_info").path("transaction_id").asText()).matches("4200[0-9]{24}");
        assertThat(detail.path("delivery_info").path("address_info").path("user_name").asText()).isEqualTo("张三");
        assertThat(detail.path("delivery_info").path("address_info").path("tel_number").asText()).isNotEmpty();
        assertThat(detail.path("delivery_info").path("delivery_product_info").isArray()).isTrue();
        assertThat(detail.path("delivery_info").path("deliver_method").asInt()).isZero();
        assertThat(detail.path("ext_info").path("buyer_ip").asText()).isEqualTo("203.0.113.7");
    }

    @Test
    void unknownOrdersAndOtherShopsOrdersDoNotExist() {
        assertThat(client.post(GET, token, Map.of("order_id", "3705115058471208928")).path("errcode").asInt())
                .isEqualTo(1000003);
        ShopSpec other = Fixtures.seed(sim, "shop-2", null);
        OrderView theirs = sim.createPaidOrder("shop-2", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        assertThat(client.post(GET, token, Map.of("order_id", theirs.orderId())).path("errcode").asInt())
                .isEqualTo(1000003);
        String theirToken = client.token(other.appId(), other.appSecret());
        assertThat(client.post(GET, theirToken, Map.of("order_id", theirs.orderId())).path("errcode").asInt())
                .isZero();
    }

    @Test
    void orderIdMustBeAString() {
        OrderView order = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        JsonNode reply = client.post(GET, token, "{\"order_id\":" + order.orderId() + "}");
        assertThat(reply.path("errcode").asInt()).isEqualTo(47001);
        assertThat(client.post(GET, token, "not json").path("errcode").asInt()).isEqualTo(47001);
    }

    @Test
    void listPagesThroughAWindowWithNextKey() {
        long start = clock.instant().getEpochSecond();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(sim.createPaidOrder("shop-1",
                    OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1))).orderId());
            clock.advance(Duration.ofMinutes(1));
        }
        sim.cancelOrder("shop-1", created.get(4));

        List<String> seen = new ArrayList<>();
        String nextKey = null;
        boolean hasMore = true;
        int pages = 0;
        while (hasMore) {
            Map<String, Object> body = new HashMap<>(Map.of(
                    "create_time_range", Map.of("start_time", start, "end_time", start + 3600), "page_size", 2));
            if (nextKey != null) {
                body.put("next_key", nextKey);
            }
            JsonNode page = client.post(LIST, token, body);
            assertThat(page.path("errcode").asInt()).isZero();
            page.path("order_id_list").forEach(id -> seen.add(id.asText()));
            nextKey = page.path("next_key").asText();
            hasMore = page.path("has_more").asBoolean();
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(created);

        JsonNode paid = client.post(LIST, token, Map.of("create_time_range",
                Map.of("start_time", start, "end_time", start + 3600), "status", 20, "page_size", 100));
        assertThat(paid.path("order_id_list")).hasSize(4);
        JsonNode recentlyUpdated = client.post(LIST, token, Map.of("update_time_range",
                Map.of("start_time", start + 300, "end_time", start + 3600), "page_size", 100));
        assertThat(recentlyUpdated.path("order_id_list").get(0).asText()).isEqualTo(created.get(4));
    }

    @Test
    void listRefusesWindowsOverSevenDaysAndPagesOver100() {
        long start = clock.instant().getEpochSecond();
        JsonNode tooLong = client.post(LIST, token, Map.of("create_time_range",
                Map.of("start_time", start, "end_time", start + 7 * 24 * 3600 + 1), "page_size", 10));
        assertThat(tooLong.path("errcode").asInt()).isEqualTo(47001);
        JsonNode sevenDays = client.post(LIST, token, Map.of("update_time_range",
                Map.of("start_time", start, "end_time", start + 7 * 24 * 3600), "page_size", 100));
        assertThat(sevenDays.path("errcode").asInt()).isZero();
        JsonNode bigPage = client.post(LIST, token, Map.of("create_time_range",
                Map.of("start_time", start, "end_time", start + 60), "page_size", 101));
        assertThat(bigPage.path("errcode").asInt()).isEqualTo(47001);
        assertThat(client.post(LIST, token, Map.of("page_size", 10)).path("errcode").asInt()).isEqualTo(47001);
    }

    @Test
    void plantedDriftShowsInOrderGetWithoutAPush() {
        OrderView order = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        clock.advance(Duration.ofMinutes(5));
        OrderView drifted = sim.setPlatformOrderState("shop-1", order.orderId(), new OrderStatePatch(OrderStatus.SHIPPED,
                List.of(Delivery.of("SF", "SF1342567604302", new DeliveryItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)),
                        Delivery.of("ZTO", "75000000000001", new DeliveryItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)))));
        assertThat(drifted.updateTime()).isEqualTo(clock.instant().getEpochSecond());
        JsonNode detail = client.post(GET, token, Map.of("order_id", order.orderId())).path("order");
        assertThat(detail.path("status").asInt()).isEqualTo(30);
        assertThat(detail.path("order_detail").path("delivery_info").path("delivery_product_info"))
                .extracting(d -> d.path("waybill_id").asText()).containsExactly("SF1342567604302", "75000000000001");
        assertThat(sim.pushes()).extracting(PushRecord::event).containsExactly("channels_ec_order_pay");

        OrderView reset = sim.setPlatformOrderState("shop-1", order.orderId(), new OrderStatePatch(20, List.of()));
        assertThat(reset.shipDoneTime()).isNull();
        JsonNode delivery = client.post(GET, token, Map.of("order_id", order.orderId()))
                .path("order").path("order_detail").path("delivery_info");
        assertThat(delivery.has("ship_done_time")).isFalse();
        assertThat(delivery.path("delivery_product_info")).isEmpty();
    }
}
