package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * E-waybill faults and account states: answers lost after success, 未认证, 余额不足, carrier not opened and risk
 * holds, per shop and carrier, and the e-waybill log that shows how many numbers each order took.
 */
class EwaybillFaultTest {

    private static final String BASE = EwaybillApiTest.BASE;
    private static final String PRECREATE = BASE + "/order/precreate";
    private static final String CREATE = BASE + "/order/create";
    private static final Duration HOLD = Duration.ofMillis(1500);

    private PlatformSim sim;
    private WeChatClient client;
    private String token;
    private String orderId;

    @BeforeEach
    void start() {
        sim = PlatformSim.start(PlatformSim.Config.defaults().withFaultHold(HOLD));
        client = new WeChatClient(sim.baseUrl());
        ShopSpec shop = Fixtures.seed(sim, "shop-1", null);
        token = client.token(shop.appId(), shop.appSecret());
        orderId = paidOrder();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aPrecreateTimeoutAfterSuccessAllocatesTheIdAndLosesTheAnswer() throws Exception {
        sim.injectFault(FaultSpec.timeoutAfterSuccess(PRECREATE, 2).forShop("shop-1"));
        assertThatThrownBy(() -> client.postRaw(PRECREATE, token, json(order("SF", orderId)), Duration.ofMillis(500)))
                .isInstanceOf(HttpTimeoutException.class);
        long started = System.nanoTime();
        assertThatThrownBy(() -> client.postRaw(PRECREATE, token, json(order("SF", orderId)), Duration.ofSeconds(5)))
                .as("a patient caller: the connection is dropped, no answer ever comes")
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(HOLD, Duration.ofSeconds(5));

        assertThat(sim.ewaybills()).hasSize(2).allSatisfy(e -> assertThat(e.status()).isEqualTo("PRECREATED"));
        assertThat(sim.ewaybillLog()).hasSize(2).allSatisfy(call -> {
            assertThat(call.action()).isEqualTo("precreate");
            assertThat(call.errcode()).isZero();
            assertThat(call.answered()).isFalse();
            assertThat(call.ecOrderIds()).containsExactly(orderId);
        });
        assertThat(sim.ewaybillLog()).extracting(EwaybillCall::ewaybillOrderId)
                .containsExactlyElementsOf(sim.ewaybills().stream().map(EwaybillView::ewaybillOrderId).toList());
        assertThat(sim.calls(PRECREATE)).extracting(ApiCall::faulted).containsExactly(true, true);
        assertThat(client.post(PRECREATE, token, order("SF", orderId)).path("errcode").asInt()).isZero();
        assertThat(sim.ewaybillLog().get(2).answered()).isTrue();
    }

    @Test
    void aCreateTimeoutAfterSuccessTakesTheNumberWhichOrderGetThenShowsAndASecondCreateIsRefused() {
        String id = client.post(PRECREATE, token, order("SF", orderId)).path("ewaybill_order_id").asText();
        sim.injectFault(FaultSpec.timeoutAfterSuccess(CREATE, 1).forCarrier("SF"));
        assertThatThrownBy(() -> client.postRaw(CREATE, token, json(create("SF", id, orderId)), Duration.ofMillis(500)))
                .isInstanceOf(HttpTimeoutException.class);

        EwaybillView taken = sim.ewaybills().get(0);
        assertThat(taken.status()).isEqualTo("CREATED");
        JsonNode settled = client.post(BASE + "/order/get", token, Map.of("ewaybill_order_id", id)).path("order_info");
        assertThat(settled.path("status").asInt()).isEqualTo(1);
        assertThat(settled.path("waybill_id").asText()).isEqualTo(taken.waybillId());
        JsonNode again = client.post(CREATE, token, create("SF", id, orderId));
        assertThat(again.path("errcode").asInt()).isEqualTo(10025005);
        assertThat(again.path("delivery_error_msg").asText()).isEqualTo("电子面单已存在");

        List<EwaybillCall> creates = sim.ewaybillLog().stream()
                .filter(c -> c.action().equals("create") && c.ecOrderIds().contains(orderId)).toList();
        assertThat(creates).hasSize(2);
        assertThat(creates).filteredOn(EwaybillCall::tookNumber).singleElement().satisfies(call -> {
            assertThat(call.answered()).isFalse();
            assertThat(call.waybillId()).isEqualTo(taken.waybillId());
        });
    }

    @Test
    void aFaultForOneCarrierLeavesTheOthersAlone() {
        sim.injectFault(FaultSpec.errcode(CREATE, 10025901, 1).forCarrier("ZTO"));
        assertThat(client.post(CREATE, token, create("SF", "1", orderId)).path("errcode").asInt()).isZero();
        assertThat(sim.faults()).hasSize(1);
        JsonNode refused = client.post(CREATE, token, create("ZTO", "2", orderId));
        assertThat(refused.path("errcode").asInt()).isEqualTo(10025901);
        assertThat(refused.path("errmsg").asText()).startsWith("电子面单账号未认证 rid: ");
        assertThat(client.post(CREATE, token, create("ZTO", "2", orderId)).path("errcode").asInt()).isZero();
    }

    @Test
    void anUnauthorizedOrUnboundAccountTakesNoNumberUntilItIsBackToNormal() {
        String acctId = sim.ewaybillAccount("shop-1", "ZTO").acctId();
        sim.setEwaybillAccount("shop-1", acctId, new EwaybillAccountPatch(EwaybillAccountView.UNAUTHORIZED, null));
        assertThat(client.post(PRECREATE, token, order("ZTO", orderId)).path("errcode").asInt()).isEqualTo(10025901);
        assertThat(client.post(CREATE, token, create("ZTO", "7", orderId)).path("errcode").asInt()).isEqualTo(10025901);
        sim.setEwaybillAccount("shop-1", acctId, new EwaybillAccountPatch(EwaybillAccountView.UNBOUND, null));
        assertThat(client.post(CREATE, token, create("ZTO", "7", orderId)).path("errcode").asInt()).isEqualTo(10025014);
        assertThat(sim.ewaybills()).isEmpty();
        sim.setEwaybillAccount("shop-1", acctId, new EwaybillAccountPatch(EwaybillAccountView.NORMAL, null));
        assertThat(client.post(CREATE, token, create("ZTO", "7", orderId)).path("errcode").asInt()).isZero();
    }

    @Test
    void anEmptyBalanceRefusesCreateButNotPrecreateUntilToppedUp() {
        String acctId = sim.ewaybillAccount("shop-1", "YTO").acctId();
        sim.setEwaybillAccount("shop-1", acctId, new EwaybillAccountPatch(null, 0L));
        String id = client.post(PRECREATE, token, order("YTO", orderId)).path("ewaybill_order_id").asText();
        JsonNode refused = client.post(CREATE, token, create("YTO", id, orderId));
        assertThat(refused.path("errcode").asInt()).isEqualTo(10025902);
        assertThat(refused.path("errmsg").asText()).startsWith("电子面单余额不足 rid: ");
        assertThat(sim.ewaybills()).singleElement().extracting(EwaybillView::status).isEqualTo("PRECREATED");
        sim.setEwaybillAccount("shop-1", acctId, new EwaybillAccountPatch(null, 1L));
        assertThat(client.post(CREATE, token, create("YTO", id, orderId)).path("errcode").asInt()).isZero();
        assertThat(sim.ewaybillAccount("shop-1", "YTO").available()).isZero();
        assertThat(client.post(CREATE, token, create("YTO", "8", orderId)).path("errcode").asInt()).isEqualTo(10025902);
    }

    @Test
    void aCarrierWithoutAccountsIsNotOpened() {
        EwaybillAccountView jd = sim.ewaybillAccount("shop-1", "JD");
        sim.removeEwaybillAccount("shop-1", jd.acctId());
        assertThat(client.post(PRECREATE, token, order("JD", jd.acctId(), orderId)).path("errcode").asInt())
                .isEqualTo(10025903);
        assertThat(client.post(BASE + "/delivery/get", token, Map.of()).path("list").findValuesAsText("delivery_id"))
                .doesNotContain("JD");
        assertThat(client.post(PRECREATE, token, order("EMS", jd.acctId(), orderId)).path("errcode").asInt())
                .as("never opened").isEqualTo(10025903);
    }

    @Test
    void aRiskHoldAnswersOrderRiskInfoAndTakesNoNumberUnlessItSaysSo() {
        String other = paidOrder();
        sim.holdForRisk("shop-1", RiskHold.of(orderId));
        long before = sim.ewaybillAccount("shop-1", "SF").available();
        JsonNode held = client.post(CREATE, token, create("SF", "11", orderId));
        assertThat(held.path("errcode").asInt()).isEqualTo(10025904);
        assertThat(held.path("order_risk_info").path("risk_msg").asText()).isNotEmpty();
        assertThat(held.path("order_risk_info").path("risk_ec_order_info").get(0).path("ec_order_id").asText())
                .isEqualTo(orderId);
        assertThat(sim.ewaybills()).isEmpty();
        assertThat(sim.ewaybillAccount("shop-1", "SF").available()).isEqualTo(before);
        assertThat(client.post(CREATE, token, create("SF", "12", other)).path("errcode").asInt())
                .as("another order is not held").isZero();

        sim.releaseRiskHolds("shop-1");
        sim.holdForRisk("shop-1", new RiskHold(List.of(orderId), "收件地址存在风险", true));
        JsonNode taken = client.post(CREATE, token, create("SF", "13", orderId));
        assertThat(taken.path("errcode").asInt()).isZero();
        assertThat(taken.path("waybill_id").asText()).isNotEmpty();
        assertThat(taken.path("order_risk_info").path("risk_msg").asText()).isEqualTo("收件地址存在风险");
        sim.releaseRiskHolds("shop-1");
        assertThat(client.post(CREATE, token, create("SF", "14", orderId)).has("order_risk_info")).isFalse();
    }

    @Test
    void faultsAccountsRiskHoldsAndTheLogOverHttp() throws Exception {
        assertThat(client.sim("POST", "/sim/faults", "{\"api\":\"" + CREATE + "\",\"timeout\":true,"
                + "\"afterSuccess\":true,\"shopId\":\"shop-1\",\"deliveryId\":\"SF\",\"times\":2}").statusCode()).isEqualTo(201);
        assertThat(client.sim("GET", "/sim/faults", null).body()).contains("\"afterSuccess\" : true", "\"deliveryId\" : \"SF\"");
        assertThat(client.sim("POST", "/sim/faults", "{\"api\":\"" + CREATE + "\",\"afterSuccess\":true}").statusCode())
                .as("afterSuccess needs timeout").isEqualTo(400);
        client.sim("DELETE", "/sim/faults", null);

        String acctId = sim.ewaybillAccount("shop-1", "ZTO").acctId();
        var patched = client.sim("PUT", "/sim/shops/shop-1/ewaybill-accounts/" + acctId, "{\"status\":2,\"available\":0}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(WeChatClient.JSON.readTree(patched.body()).path("status").asInt()).isEqualTo(2);
        assertThat(client.sim("PUT", "/sim/shops/shop-1/ewaybill-accounts/nope", "{\"status\":3}").statusCode()).isEqualTo(404);
        assertThat(client.sim("PUT", "/sim/shops/shop-1/ewaybill-accounts/" + acctId, "{\"status\":9}").statusCode()).isEqualTo(400);
        var added = client.sim("POST", "/sim/shops/shop-1/ewaybill-accounts",
                "{\"deliveryId\":\"DBKD\",\"acctId\":\"6600000001\",\"available\":3}");
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(WeChatClient.JSON.readTree(added.body()).path("monthlyCard").asText()).isNotEmpty();
        assertThat(client.sim("DELETE", "/sim/shops/shop-1/ewaybill-accounts/6600000001", null).statusCode()).isEqualTo(200);
        assertThat(sim.ewaybillAccounts("shop-1")).extracting(EwaybillAccountView::deliveryId).doesNotContain("DBKD");
        JsonNode accounts = WeChatClient.JSON.readTree(client.sim("GET", "/sim/shops/shop-1/ewaybill-accounts", null).body());
        assertThat(accounts).hasSize(6);

        assertThat(client.sim("POST", "/sim/shops/shop-1/risk-holds",
                "{\"ecOrderIds\":[\"" + orderId + "\"],\"riskMsg\":\"疑似刷单\"}").statusCode()).isEqualTo(201);
        assertThat(client.post(CREATE, token, create("SF", "21", orderId)).path("order_risk_info").path("risk_msg").asText())
                .isEqualTo("疑似刷单");
        assertThat(client.sim("GET", "/sim/shops/shop-1/risk-holds", null).body()).contains(orderId);
        assertThat(client.sim("DELETE", "/sim/shops/shop-1/risk-holds", null).statusCode()).isEqualTo(200);
        assertThat(client.post(CREATE, token, create("SF", "21", orderId)).path("errcode").asInt()).isZero();

        String other = paidOrder();
        client.post(CREATE, token, create("SF", "22", other));
        JsonNode log = WeChatClient.JSON.readTree(client.sim("GET",
                "/sim/ewaybill-log?action=create&ecOrderId=" + orderId, null).body());
        assertThat(log).hasSize(2);
        assertThat(log.findValuesAsText("errcode")).containsExactly("10025904", "0");
        assertThat(log.get(1).path("tookNumber").asBoolean()).isTrue();
        assertThat(log.get(1).path("answered").asBoolean()).isTrue();
        assertThat(WeChatClient.JSON.readTree(client.sim("GET", "/sim/ewaybill-log?ewaybillOrderId=22", null).body())
                .get(0).path("ecOrderIds").get(0).asText()).isEqualTo(other);
    }

    private String paidOrder() {
        return sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1))).orderId();
    }

    private Map<String, Object> order(String deliveryId, String ecOrderId) {
        return order(deliveryId, sim.ewaybillAccount("shop-1", deliveryId).acctId(), ecOrderId);
    }

    private static Map<String, Object> order(String deliveryId, String acctId, String ecOrderId) {
        Map<String, Object> party = Map.of("name", "王五", "mobile", "13700000000", "province", "浙江省",
                "city", "杭州市", "county", "余杭区", "address", "梦想小镇 1 号");
        return Map.of("delivery_id", deliveryId, "ewaybill_acct_id", acctId, "sender", party, "receiver", party,
                "ec_order_list", List.of(Map.of("ec_order_id", ecOrderId,
                        "goods_list", List.of(Map.of("good_name", "T恤", "good_count", 1)))));
    }

    private Map<String, Object> create(String deliveryId, String ewaybillOrderId, String ecOrderId) {
        Map<String, Object> create = new HashMap<>(order(deliveryId, ecOrderId));
        create.put("ewaybill_order_id", ewaybillOrderId);
        create.put("template_id", "single");
        return create;
    }

    private static String json(Object body) {
        return WeChatClient.JSON.valueToTree(body).toString();
    }
}
