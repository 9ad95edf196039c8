package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PushTest {

    private PlatformSim sim;
    private PushReceiver receiver;
    private ShopSpec shop;

    @BeforeEach
    void start() throws Exception {
        // 0.0001 turns the 3.6 h retry schedule into ~1.3 s; a 400 ms callback timeout keeps slow-reply tests short.
        sim = PlatformSim.start(PlatformSim.Config.defaults().withPushRetryScale(0.0001)
                .withPushTimeout(Duration.ofMillis(400)));
        receiver = new PushReceiver("token-shop-1", Fixtures.AES_KEY);
        shop = Fixtures.seed(sim, "shop-1", receiver.url());
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void payPushIsSignedEncryptedAndCarriesTheOrderIdAsABareNumber() throws Exception {
        OrderView order = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(1));

        PushReceiver.Received push = receiver.received.get(0);
        assertThat(push.query()).containsEntry("encrypt_type", "aes").containsKeys("timestamp", "nonce");
        assertThat(push.signatureOk()).isTrue();
        assertThat(push.msgSignatureOk()).isTrue();
        assertThat(push.appId()).isEqualTo(shop.appId());
        JsonNode envelope = WeChatClient.JSON.readTree(push.body());
        assertThat(envelope.path("ToUserName").asText()).isEqualTo(shop.username());

        assertThat(push.message()).contains("\"order_id\":" + order.orderId() + ",");
        JsonNode message = WeChatClient.JSON.readTree(push.message());
        assertThat(message.path("ToUserName").asText()).isEqualTo(shop.username());
        assertThat(message.path("FromUserName").asText()).isEqualTo(order.openid());
        assertThat(message.path("MsgType").asText()).isEqualTo("event");
        assertThat(message.path("Event").asText()).isEqualTo("channels_ec_order_pay");
        assertThat(message.path("CreateTime").isIntegralNumber()).isTrue();
        assertThat(message.path("order_info").path("order_id").isIntegralNumber()).isTrue();
        assertThat(message.path("order_info").path("order_id").bigIntegerValue().toString()).isEqualTo(order.orderId());
        assertThat(message.path("order_info").path("pay_time").asLong()).isEqualTo(order.payTime());
        assertThat(sim.pushes().get(0).state()).isEqualTo(PushRecord.State.DELIVERED);
    }

    @Test
    void newThenPayWhenAsked() {
        sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)).withPushNew(true));
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(2));
        assertThat(events()).containsExactly("channels_ec_order_new", "channels_ec_order_pay");
    }

    @Test
    void retriesUntilTheReplyIsExactlySuccess() {
        receiver.script("status:500", "SUCCESS", "success\n", "sleep:1000");
        sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered(1));
        PushRecord push = sim.pushes().get(0);
        assertThat(push.attempts()).hasSize(5);
        assertThat(push.attempts()).extracting(PushAttempt::success).containsExactly(false, false, false, false, true);
        assertThat(push.attempts().get(0).httpStatus()).isEqualTo(500);
        assertThat(push.attempts().get(3).error()).contains("no reply within 400 ms");
        assertThat(receiver.received).hasSize(5);
        assertThat(receiver.received).allMatch(PushReceiver.Received::msgSignatureOk);
    }

    @Test
    void givesUpAfterTenPushes() {
        receiver.script("nope", "nope", "nope", "nope", "nope", "nope", "nope", "nope", "nope", "nope", "nope");
        sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.pushes().get(0).state() == PushRecord.State.GAVE_UP);
        assertThat(sim.pushes().get(0).attempts()).hasSize(10);
        assertThat(receiver.received).hasSize(10);
    }

    @Test
    void duplicatesArriveAsIdenticalMessages() {
        OrderView order = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(1));
        List<PushRecord> duplicates = sim.push("shop-1", order.orderId(), PushEvent.ORDER_PAY, 3, null);
        assertThat(duplicates).hasSize(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(4));
        List<String> messages = receiver.received.stream().skip(1).map(PushReceiver.Received::message).toList();
        assertThat(messages).hasSize(3).containsOnly(messages.get(0));
    }

    @Test
    void reversedEventsArriveLaterFirst() throws Exception {
        OrderView order = sim.createOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        sim.pushReversed("shop-1", order.orderId(), PushEvent.ORDER_NEW, PushEvent.ORDER_CANCEL);
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(2));
        assertThat(events()).containsExactly("channels_ec_order_cancel", "channels_ec_order_new");
        JsonNode cancel = WeChatClient.JSON.readTree(receiver.received.get(0).message());
        JsonNode created = WeChatClient.JSON.readTree(receiver.received.get(1).message());
        assertThat(cancel.path("CreateTime").asLong()).isGreaterThan(created.path("CreateTime").asLong());
        assertThat(cancel.path("order_info").path("cancel_type").asInt()).isEqualTo(1);
    }

    @Test
    void deliverySendPushesDeliverWithFinishDelivery() throws Exception {
        OrderView order = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 2)));
        WeChatClient client = new WeChatClient(sim.baseUrl());
        String token = client.token(shop.appId(), shop.appSecret());
        client.post("/channels/ec/order/delivery/send", token,
                Fixtures.delivery(order.orderId(), "SF", "SF1342567604302", Fixtures.SKU_A, 1));
        client.post("/channels/ec/order/delivery/send", token,
                Fixtures.delivery(order.orderId(), "SF", "SF3237301501050", Fixtures.SKU_A, 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(3));
        List<JsonNode> delivers = receiver.received.stream().skip(1).map(r -> read(r.message())).toList();
        assertThat(delivers).extracting(m -> m.path("Event").asText()).containsOnly("channels_ec_order_deliver");
        assertThat(delivers).extracting(m -> m.path("order_info").path("finish_delivery").asInt())
                .containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void afterSaleAndSettleEventsCarryTheirPayloads() {
        OrderView order = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        sim.push("shop-1", order.orderId(), PushEvent.AFTERSALE_UPDATE, 1, Map.of("status", "USER_WAIT_RETURN"));
        sim.push("shop-1", order.orderId(), PushEvent.ORDER_SETTLE);
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(3));
        JsonNode afterSale = receiver.received.stream().map(r -> read(r.message()))
                .filter(m -> m.path("Event").asText().equals("channels_ec_aftersale_update")).findFirst().orElseThrow();
        JsonNode info = afterSale.path("finder_shop_aftersale_status_update");
        assertThat(info.path("status").asText()).isEqualTo("USER_WAIT_RETURN");
        assertThat(info.path("order_id").asText()).isEqualTo(order.orderId());
        assertThat(info.path("after_sale_order_id").isTextual()).isTrue();
        JsonNode settle = receiver.received.stream().map(r -> read(r.message()))
                .filter(m -> m.path("Event").asText().equals("channels_ec_order_settle")).findFirst().orElseThrow();
        assertThat(settle.path("order_info").path("settle_time").isIntegralNumber()).isTrue();
    }

    @Test
    void urlVerificationSendsASignedGetAndExpectsTheEcho() {
        CallbackCheck check = sim.verifyCallback("shop-1");
        assertThat(check.echoed()).isTrue();
        assertThat(check.httpStatus()).isEqualTo(200);
        assertThat(receiver.verifications).hasSize(1);
        assertThat(receiver.verifications.get(0)).containsKeys("signature", "timestamp", "nonce", "echostr");
        sim.setCallbackUrl("shop-1", receiver.url().replace("/callback", "/nowhere"));
        assertThat(sim.verifyCallback("shop-1").echoed()).isFalse();
    }

    @Test
    void aShopWithoutCallbackGetsNothing() {
        sim.setCallbackUrl("shop-1", null);
        sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
        assertThat(sim.pushes()).extracting(PushRecord::state).containsExactly(PushRecord.State.NO_CALLBACK);
    }

    private boolean delivered(int count) {
        return sim.pushes().stream().filter(p -> p.state() == PushRecord.State.DELIVERED).count() >= count;
    }

    private List<String> events() {
        return receiver.received.stream().map(r -> read(r.message()).path("Event").asText()).toList();
    }

    private static JsonNode read(String json) {
        try {
            return WeChatClient.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
