package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultTest {

    private static final String SEND = "/channels/ec/order/delivery/send";

    private PlatformSim sim;
    private WeChatClient client;
    private String token;
    private String orderId;

    @BeforeEach
    void start() {
        sim = PlatformSim.start();
        client = new WeChatClient(sim.baseUrl());
        ShopSpec shop = Fixtures.seed(sim, "shop-1", null);
        token = client.token(shop.appId(), shop.appSecret());
        orderId = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)))
                .orderId();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void anErrcodeFaultAnswersNTimesWithoutEffectThenTheCallWorks() {
        sim.injectFault(FaultSpec.errcode(SEND, 100003, 2));
        for (int i = 0; i < 2; i++) {
            JsonNode reply = client.post(SEND, token, Fixtures.delivery(orderId, "SF", "SF1342567604302", Fixtures.SKU_A, 1));
            assertThat(reply.path("errcode").asInt()).isEqualTo(100003);
            assertThat(reply.path("errmsg").asText()).startsWith("订单更新过于频繁,更新订单失败,请重试 rid: ");
            assertThat(sim.order("shop-1", orderId).status()).isEqualTo(OrderStatus.PAID);
        }
        assertThat(sim.faults()).isEmpty();
        assertThat(client.post(SEND, token, Fixtures.delivery(orderId, "SF", "SF1342567604302", Fixtures.SKU_A, 1))
                .path("errcode").asInt()).isZero();
        assertThat(sim.order("shop-1", orderId).status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(sim.calls(SEND)).extracting(ApiCall::errcode).containsExactly(100003, 100003, 0);
        assertThat(sim.calls(SEND)).extracting(ApiCall::faulted).containsExactly(true, true, false);
        assertThat(sim.calls(SEND).get(0).request()).contains(orderId);
    }

    @Test
    void faultsUseThePlatformMessagesAndCanTargetOneShop() {
        ShopSpec other = Fixtures.seed(sim, "shop-2", null);
        String otherToken = client.token(other.appId(), other.appSecret());
        sim.injectFault(FaultSpec.errcode("/channels/ec/order/get", 45009, 1).forShop("shop-2"));
        assertThat(client.post("/channels/ec/order/get", token, Map.of("order_id", orderId))
                .path("errcode").asInt()).isZero();
        JsonNode quota = client.post("/channels/ec/order/get", otherToken, Map.of("order_id", orderId));
        assertThat(quota.path("errcode").asInt()).isEqualTo(45009);
        assertThat(quota.path("errmsg").asText()).startsWith("reach max api daily quota limit rid: ");
        sim.injectFault(FaultSpec.errcode("/cgi-bin/token", -1, 1));
        JsonNode busy = client.get("/cgi-bin/token?grant_type=client_credential&appid=" + other.appId()
                + "&secret=" + other.appSecret());
        assertThat(busy.path("errcode").asInt()).isEqualTo(-1);
        assertThat(busy.path("errmsg").asText()).startsWith("system busy rid: ");
    }

    @Test
    void aTimeoutFaultHoldsTheRequestPastTheClientTimeoutWithoutEffect() {
        sim.injectFault(FaultSpec.timeout(SEND, 1));
        String body = WeChatClient.JSON.valueToTree(
                Fixtures.delivery(orderId, "SF", "SF1342567604302", Fixtures.SKU_A, 1)).toString();
        long started = System.nanoTime();
        assertThatThrownBy(() -> client.postRaw(SEND, token, body, Duration.ofMillis(500)))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(sim.order("shop-1", orderId).status()).isEqualTo(OrderStatus.PAID);
        assertThat(client.post(SEND, token, body).path("errcode").asInt()).isZero();
    }

    @Test
    void aLatencyFaultDelaysTheCallAndLetsItThrough() {
        sim.injectFault(FaultSpec.latency(SEND, 400, 1));
        long started = System.nanoTime();
        JsonNode reply = client.post(SEND, token, Fixtures.delivery(orderId, "SF", "SF1342567604302", Fixtures.SKU_A, 1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(reply.path("errcode").asInt()).isZero();
        assertThat(sim.order("shop-1", orderId).status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(sim.calls(SEND).get(0).latencyMs()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void faultsAreManagedOverHttp() {
        var created = client.sim("POST", "/sim/faults",
                "{\"api\":\"" + SEND + "\",\"errcode\":-1,\"times\":3,\"latencyMs\":10}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(client.post(SEND, token, Fixtures.delivery(orderId, "SF", "SF1342567604302", Fixtures.SKU_A, 1))
                .path("errcode").asInt()).isEqualTo(-1);
        var listed = client.sim("GET", "/sim/faults", null);
        assertThat(listed.body()).contains("\"times\" : 2");
        assertThat(client.sim("DELETE", "/sim/faults", null).statusCode()).isEqualTo(200);
        assertThat(sim.faults()).isEmpty();
        assertThat(client.sim("POST", "/sim/faults", "{\"api\":\"" + SEND + "\"}").statusCode()).isEqualTo(400);
    }
}
