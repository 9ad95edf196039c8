package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a merchant learns of and says to a buyer: sensitiveinfo/decode (解密收货信息) and commkf/sendmsg (商家客服). */
class BuyerApiTest {

    private static final String DECODE = "/channels/ec/order/sensitiveinfo/decode";
    private static final String SEND = "/channels/ec/commkf/sendmsg";

    /** 10:00 in Shanghai. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));
    private PlatformSim sim;
    private WeChatClient client;
    private String token;

    @BeforeEach
    void start() {
        sim = PlatformSim.start(PlatformSim.Config.defaults().withClock(clock));
        client = new WeChatClient(sim.baseUrl());
        ShopSpec shop = Fixtures.seed(sim, "shop-1", null);
        sim.setStock("shop-1", Fixtures.PRODUCT, Fixtures.SKU_A, 100);
        token = client.token(shop.appId(), shop.appSecret());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void decodeAnswersTheReceiverInFullWithAPhoneOfTheOrdersOwn() {
        OrderView order = paid();

        JsonNode reply = client.post(DECODE, token, Map.of("order_id", order.orderId()));
        assertThat(reply.path("errcode").asInt()).isZero();
        assertThat(reply.path("errmsg").asText()).startsWith("ok rid: ");
        JsonNode address = reply.path("address_info");
        String phone = address.path("tel_number").asText();
        assertThat(phone).matches("1[3-9][0-9]{9}").isEqualTo(order.address().telNumber())
                .isEqualTo(Address.sampleFor(order.orderId()).telNumber());
        assertThat(address.path("user_name").asText()).isEqualTo("张三");
        assertThat(address.path("province_name").asText()).isEqualTo("浙江省");
        assertThat(address.path("city_name").asText()).isEqualTo("杭州市");
        assertThat(address.path("county_name").asText()).isEqualTo("西湖区");
        assertThat(address.path("detail_info").asText()).isEqualTo("文三路 100 号");
        assertThat(address.path("postal_code").asText()).isEqualTo("310000");
        assertThat(address.has("house_number")).isTrue();
        assertThat(address.has("virtual_order_tel_number")).isFalse();
        assertThat(reply.has("virtual_number_info")).isFalse();

        assertThat(client.post(DECODE, token, Map.of("order_id", order.orderId())).path("address_info")
                .path("tel_number").asText()).isEqualTo(phone);
        Address given = new Address("李四", "13912345678", "广东省", "深圳市", "南山区", "科技园", "518000");
        OrderView withAddress = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1))
                .withAddress(given));
        assertThat(client.post(DECODE, token, Map.of("order_id", withAddress.orderId())).path("address_info")
                .path("tel_number").asText()).isEqualTo("13912345678");
    }

    @Test
    void onlyPaidOrdersOfTheShopDecode() {
        OrderView unpaid = sim.createOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        assertThat(client.post(DECODE, token, Map.of("order_id", unpaid.orderId())).path("errcode").asInt())
                .isEqualTo(101100);
        sim.cancelOrder("shop-1", unpaid.orderId());
        assertThat(client.post(DECODE, token, Map.of("order_id", unpaid.orderId())).path("errcode").asInt())
                .isEqualTo(101100);

        OrderView shipped = paid();
        sim.setPlatformOrderState("shop-1", shipped.orderId(), new OrderStatePatch(30, null));
        assertThat(client.post(DECODE, token, Map.of("order_id", shipped.orderId())).path("errcode").asInt()).isZero();

        assertThat(client.post(DECODE, token, Map.of("order_id", "3705115058471208928")).path("errcode").asInt())
                .isEqualTo(1000003);
        Fixtures.seed(sim, "shop-2", null);
        OrderView theirs = sim.createPaidOrder("shop-2", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        assertThat(client.post(DECODE, token, Map.of("order_id", theirs.orderId())).path("errcode").asInt())
                .isEqualTo(1000003);
        assertThat(client.post(DECODE, token, Map.of("order_id", 3705115058471208928L)).path("errcode").asInt())
                .isEqualTo(47001);
    }

    @Test
    void thirtyOrdersADayEachCountedOnceAndRefusalsCostNothing() {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            orders.add(paid().orderId());
        }
        OrderView unpaid = sim.createOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        assertThat(client.post(DECODE, token, Map.of("order_id", unpaid.orderId())).path("errcode").asInt())
                .isEqualTo(101100);
        for (String orderId : orders.subList(0, 30)) {
            assertThat(decode(orderId)).as(orderId).isZero();
            assertThat(decode(orderId)).as("%s again", orderId).isZero();
        }

        JsonNode refused = client.post(DECODE, token, Map.of("order_id", orders.get(30)));
        assertThat(refused.path("errcode").asInt()).isEqualTo(10090901);
        assertThat(refused.path("errmsg").asText()).contains("解码次数已用完");
        assertThat(refused.has("address_info")).isFalse();
        assertThat(decode(orders.get(0))).isZero();

        // The platform's day ends at midnight in Shanghai (16:00 UTC): a new quota.
        clock.advance(Duration.ofHours(14));
        token = client.token("wxshop1", "secret-shop-1");
        assertThat(decode(orders.get(30))).isZero();
    }

    @Test
    void behindAPrivacyNumberTheDecodedPhoneStaysMaskedAndTheVirtualNumberIsGiven() {
        OrderView order = paid();
        sim.setVirtualNumber("shop-1", order.orderId(), "17012345678", "4321");

        JsonNode reply = client.post(DECODE, token, Map.of("order_id", order.orderId()));
        assertThat(reply.path("errcode").asInt()).isZero();
        String phone = order.address().telNumber();
        assertThat(reply.path("address_info").path("tel_number").asText())
                .isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        JsonNode virtual = reply.path("virtual_number_info");
        assertThat(virtual.path("virtual_number").asText()).isEqualTo("17012345678");
        assertThat(virtual.path("extension").asText()).isEqualTo("4321");
        assertThat(virtual.path("expiration").asLong()).isEqualTo(clock.instant().getEpochSecond() + 30 * 24 * 3600);

        OrderView virtualGoods = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1))
                .withDeliverMethod(1));
        assertThat(client.post(DECODE, token, Map.of("order_id", virtualGoods.orderId())).path("address_info")
                .path("virtual_order_tel_number").asText()).isEqualTo(virtualGoods.address().telNumber());
    }

    @Test
    void aTextToABuyerIsSentOncePerRequestId() {
        OrderView order = paid();
        String body = "{\"request_id\":\"stall-1\",\"open_id\":\"" + order.openid()
                + "\",\"msg_type\":\"text\",\"text\":{\"content\":\"您的包裹已停滞,我们正在跟进\"}}";

        JsonNode first = client.post(SEND, token, body);
        assertThat(first.path("errcode").asInt()).isZero();
        String msgId = first.path("msg_id").asText();
        assertThat(msgId).isNotEmpty();
        JsonNode again = client.post(SEND, token, body.replace("跟进", "处理"));
        assertThat(again.path("errcode").asInt()).isZero();
        assertThat(again.path("msg_id").asText()).isEqualTo(msgId);

        assertThat(sim.kfMessages("shop-1")).singleElement().satisfies(m -> {
            assertThat(m.requestId()).isEqualTo("stall-1");
            assertThat(m.openId()).isEqualTo(order.openid());
            assertThat(m.msgType()).isEqualTo("text");
            assertThat(m.content()).isEqualTo("您的包裹已停滞,我们正在跟进");
            assertThat(m.msgId()).isEqualTo(msgId);
            assertThat(m.body()).isEqualTo(body);
            assertThat(m.requests()).isEqualTo(2);
        });

        Map<String, Object> other = new LinkedHashMap<>();
        other.put("request_id", "stall-2");
        other.put("open_id", order.openid());
        other.put("msg_type", "text");
        other.put("text", Map.of("content", "第二条"));
        assertThat(client.post(SEND, token, other).path("msg_id").asText()).isNotEqualTo(msgId);
        other.remove("request_id");
        String withoutId = client.post(SEND, token, other).path("msg_id").asText();
        assertThat(client.post(SEND, token, other).path("msg_id").asText()).isNotEqualTo(withoutId);
        assertThat(sim.kfMessages("shop-1")).hasSize(4);
        assertThat(sim.kfMessages()).hasSize(4);
    }

    @Test
    void sendmsgRefusesStrangersOtherTypesAndEmptyTexts() {
        OrderView order = paid();
        assertThat(client.post(SEND, token, Map.of("request_id", "r-1", "open_id", "o_nobody_here", "msg_type", "text",
                "text", Map.of("content", "hi"))).path("errcode").asInt()).isEqualTo(40003);
        assertThat(client.post(SEND, token, Map.of("request_id", "r-2", "open_id", order.openid(), "msg_type", "image",
                "image", Map.of("media_id", "m"))).path("errcode").asInt()).isEqualTo(47001);
        assertThat(client.post(SEND, token, Map.of("request_id", "r-3", "open_id", order.openid(), "msg_type", "text",
                "text", Map.of("content", ""))).path("errcode").asInt()).isEqualTo(47001);
        assertThat(client.post(SEND, token, Map.of("open_id", order.openid(), "msg_type", "text")).path("errcode").asInt())
                .isEqualTo(47001);
        assertThat(client.post(SEND, null, Map.of("open_id", order.openid(), "msg_type", "text",
                "text", Map.of("content", "hi"))).path("errcode").asInt()).isEqualTo(40001);
        assertThat(sim.kfMessages("shop-1")).isEmpty();
    }

    @Test
    void virtualNumbersAndMessagesOverTheScenarioApi() throws Exception {
        OrderView order = paid();
        assertThat(client.sim("PUT", "/sim/shops/shop-1/orders/" + order.orderId() + "/virtual-number",
                "{\"virtualNumber\":\"17012345678\",\"extension\":\"88\"}").statusCode()).isEqualTo(200);
        assertThat(client.post(DECODE, token, Map.of("order_id", order.orderId())).path("virtual_number_info")
                .path("extension").asText()).isEqualTo("88");
        assertThat(client.sim("PUT", "/sim/shops/shop-1/orders/" + order.orderId() + "/virtual-number", "{}").statusCode())
                .isEqualTo(400);
        assertThat(client.sim("PUT", "/sim/shops/shop-1/orders/3705115058471208928/virtual-number",
                "{\"virtualNumber\":\"17012345678\"}").statusCode()).isEqualTo(404);

        client.post(SEND, token, Map.of("request_id", "r-1", "open_id", order.openid(), "msg_type", "text",
                "text", Map.of("content", "hi")));
        HttpResponse<String> messages = client.sim("GET", "/sim/shops/shop-1/kf-messages", null);
        assertThat(messages.statusCode()).isEqualTo(200);
        JsonNode listed = WeChatClient.JSON.readTree(messages.body());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("requestId").asText()).isEqualTo("r-1");
        assertThat(listed.get(0).path("content").asText()).isEqualTo("hi");
        assertThat(WeChatClient.JSON.readTree(client.sim("GET", "/sim/kf-messages?limit=5", null).body())).hasSize(1);
        assertThat(WeChatClient.JSON.readTree(client.sim("GET", "/sim", null).body()).path("recentKfMessages")).hasSize(1);
    }

    private OrderView paid() {
        return sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
    }

    private int decode(String orderId) {
        return client.post(DECODE, token, Map.of("order_id", orderId)).path("errcode").asInt();
    }
}
