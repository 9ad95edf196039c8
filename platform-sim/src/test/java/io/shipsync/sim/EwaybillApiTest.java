package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EwaybillApiTest {

    static final String BASE = "/channels/ec/logistics/ewaybill/biz";

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
    void precreateGivesANewStringIdEveryCall() {
        JsonNode first = client.post(BASE + "/order/precreate", token, order("SF"));
        JsonNode second = client.post(BASE + "/order/precreate", token, order("SF"));
        assertThat(first.path("errcode").asInt()).isZero();
        assertThat(first.path("ewaybill_order_id").isTextual()).isTrue();
        assertThat(Long.parseUnsignedLong(first.path("ewaybill_order_id").asText())).isPositive();
        assertThat(second.path("ewaybill_order_id").asText()).isNotEqualTo(first.path("ewaybill_order_id").asText());
    }

    @Test
    void createTakesAValidNumberOnceThenPrintAndCancel() {
        String id = client.post(BASE + "/order/precreate", token, order("SF")).path("ewaybill_order_id").asText();
        Map<String, Object> create = create("SF", id);
        JsonNode created = client.post(BASE + "/order/create", token, create);
        assertThat(created.path("errcode").asInt()).isZero();
        String waybillId = created.path("waybill_id").asText();
        assertThat(WaybillNumbers.isValidSf(waybillId)).as(waybillId).isTrue();
        assertThat(created.path("print_info").asText()).isNotEmpty();
        assertThat(created.path("waybill_id_list").get(0).path("waybill_id").asText()).isEqualTo(waybillId);
        assertThat(created.has("order_risk_info")).isFalse();
        assertThat(sim.order("shop-1", orderId).status()).as("取号 does not ship").isEqualTo(OrderStatus.PAID);

        JsonNode again = client.post(BASE + "/order/create", token, create);
        assertThat(again.path("errcode").asInt()).isEqualTo(10025005);
        assertThat(again.path("delivery_error_msg").asText()).isEqualTo("电子面单已存在");

        JsonNode print = client.post(BASE + "/print/get", token, Map.of("ewaybill_order_id", id, "template_id", "single"));
        assertThat(print.path("print_info").asText()).isEqualTo(created.path("print_info").asText());
        JsonNode label = decode(print.path("print_info").asText());
        assertThat(label.path("waybill_id").asText()).isEqualTo(waybillId);
        assertThat(label.path("ewaybill_order_id").asText()).isEqualTo(id);
        assertThat(client.post(BASE + "/order/cancel", token, Map.of("ewaybill_order_id", id, "delivery_id", "SF",
                "waybill_id", waybillId)).path("errcode").asInt()).isZero();
        assertThat(client.post(BASE + "/print/get", token, Map.of("ewaybill_order_id", id)).path("errcode").asInt())
                .isEqualTo(10025010);
        assertThat(sim.ewaybills()).extracting(EwaybillView::status).containsExactly("CANCELLED");
    }

    @Test
    void selfChosenIdsAndOtherCarriersWork() {
        JsonNode created = client.post(BASE + "/order/create", token, create("YTO", "12345678901234567890"));
        assertThat(created.path("errcode").asInt()).isZero();
        assertThat(created.path("waybill_id").asText()).matches("YT[0-9]{13}");
    }

    @Test
    void refusesBadIdsCarriersAccountsSitesAndOrders() {
        assertThat(client.post(BASE + "/order/create", token,
                "{\"ewaybill_order_id\":123,\"template_id\":\"single\"}").path("errcode").asInt()).isEqualTo(10025020);
        assertThat(client.post(BASE + "/order/precreate", token, order("NOPE")).path("errcode").asInt())
                .isEqualTo(10025012);
        Map<String, Object> unknownOrder = new HashMap<>(order("SF"));
        unknownOrder.put("ec_order_list", List.of(Map.of("ec_order_id", "3705115058471208928")));
        assertThat(client.post(BASE + "/order/precreate", token, unknownOrder).path("errcode").asInt())
                .isEqualTo(1000003);
        Map<String, Object> otherCarriersAccount = new HashMap<>(order("SF"));
        otherCarriersAccount.put("ewaybill_acct_id", sim.ewaybillAccount("shop-1", "ZTO").acctId());
        assertThat(client.post(BASE + "/order/precreate", token, otherCarriersAccount).path("errcode").asInt())
                .isEqualTo(10025014);
        Map<String, Object> wrongSite = new HashMap<>(order("ZTO"));
        wrongSite.put("site_code", "0000000");
        assertThat(client.post(BASE + "/order/precreate", token, wrongSite).path("errcode").asInt()).isEqualTo(10025013);
        assertThat(client.post(BASE + "/order/cancel", token, Map.of("ewaybill_order_id", "1")).path("errcode")
                .asInt()).isEqualTo(10025010);
    }

    @Test
    void accountGetShowsEachAccountWithSiteOrMonthlyCardBalanceAndSenders() {
        JsonNode all = client.post(BASE + "/account/get", token, Map.of("need_balance", true, "limit", 10));
        assertThat(all.path("errcode").asInt()).isZero();
        assertThat(all.path("total_num").asInt()).isEqualTo(6);
        assertThat(carriers(all.path("account_list")))
                .containsExactly("SF", "JD", "ZTO", "YTO", "YUNDA", "JTSD");
        JsonNode zto = all.path("account_list").get(2);
        assertThat(zto.path("company_type").asInt()).as("加盟").isEqualTo(1);
        assertThat(zto.path("status").asInt()).isEqualTo(3);
        assertThat(zto.path("available").asLong()).isEqualTo(1000);
        assertThat(zto.path("site_info").path("site_code").asText()).isEqualTo(sim.ewaybillAccount("shop-1", "ZTO").siteCode());
        assertThat(zto.path("sender_address").get(0).path("city").asText()).isEqualTo("杭州市");
        JsonNode sf = all.path("account_list").get(0);
        assertThat(sf.path("company_type").asInt()).as("直营").isEqualTo(2);
        assertThat(sf.has("site_info")).isFalse();
        assertThat(sf.path("monthly_card").asText()).matches("0[0-9]{9}");
        assertThat(sf.path("shop_id").asText()).isEqualTo(zto.path("shop_id").asText()).matches("50098[0-9]{8}");

        JsonNode page = client.post(BASE + "/account/get", token, Map.of("need_balance", false, "limit", 2, "offset", 2));
        assertThat(page.path("total_num").asInt()).isEqualTo(6);
        assertThat(carriers(page.path("account_list"))).containsExactly("ZTO", "YTO");
        assertThat(page.path("account_list").get(0).has("available")).as("no balance asked").isFalse();
        JsonNode one = client.post(BASE + "/account/get", token, Map.of("need_balance", true, "limit", 5, "delivery_id", "JD"));
        assertThat(carriers(one.path("account_list"))).containsExactly("JD");
        assertThat(client.post(BASE + "/account/get", token, Map.of("limit", 5)).path("errcode").asInt()).isEqualTo(47001);
    }

    @Test
    void deliveryGetListsTheOpenedCarriers() {
        sim.addEwaybillAccount("shop-1", EwaybillAccountSpec.of("YDKY").withStatus(EwaybillAccountView.PENDING));
        JsonNode all = client.post(BASE + "/delivery/get", token, Map.of());
        assertThat(all.path("list").findValuesAsText("delivery_id"))
                .containsExactly("SF", "JD", "ZTO", "YTO", "YUNDA", "JTSD", "YDKY");
        assertThat(all.path("list").get(0).path("delivery_name").asText()).isEqualTo("顺丰速运");
        JsonNode pending = client.post(BASE + "/delivery/get", token, Map.of("status", EwaybillAccountView.PENDING));
        assertThat(pending.path("list").findValuesAsText("delivery_id")).containsExactly("YDKY");
    }

    @Test
    void takingANumberSpendsTheBalanceAndCancelGivesItBack() {
        EwaybillAccountView before = sim.ewaybillAccount("shop-1", "ZTO");
        String waybillId = client.post(BASE + "/order/create", token, create("ZTO", "100")).path("waybill_id").asText();
        assertThat(sim.ewaybillAccount("shop-1", "ZTO").available()).isEqualTo(before.available() - 1);
        assertThat(sim.ewaybillAccount("shop-1", "ZTO").allocated()).isEqualTo(1);
        client.post(BASE + "/order/cancel", token, Map.of("ewaybill_order_id", "100", "delivery_id", "ZTO",
                "waybill_id", waybillId));
        EwaybillAccountView after = sim.ewaybillAccount("shop-1", "ZTO");
        assertThat(after.available()).isEqualTo(before.available());
        assertThat(after.cancelled()).isEqualTo(1);
    }

    @Test
    void subOrdersOnlyForCarriersWithThemEachWithItsOwnNumberAndPrintData() {
        String waybillId = client.post(BASE + "/order/create", token, create("SF", "200")).path("waybill_id").asText();
        String acctId = sim.ewaybillAccount("shop-1", "SF").acctId();
        JsonNode added = client.post(BASE + "/order/addsuborder", token, Map.of("ewaybill_order_id", "200",
                "waybill_id", waybillId, "delivery_id", "SF", "ewaybill_acct_id", acctId, "add_package_quantity", 2,
                "template_id", "single"));
        assertThat(added.path("errcode").asInt()).isZero();
        List<String> subs = added.path("waybill_id_list").findValuesAsText("waybill_id");
        assertThat(subs).hasSize(2).doesNotContain(waybillId).allMatch(WaybillNumbers::isValidSf);
        assertThat(added.path("waybill_id_list").get(0).path("waybill_type").asInt()).isEqualTo(2);
        assertThat(sim.ewaybills().get(0).subWaybillIds()).isEqualTo(subs);
        assertThat(sim.ewaybillAccount("shop-1", "SF").allocated()).isEqualTo(3);
        JsonNode sub = decode(client.post(BASE + "/print/get", token, Map.of("ewaybill_order_id", "200",
                "sub_waybill_id", subs.get(1))).path("print_info").asText());
        assertThat(sub.path("waybill_id").asText()).isEqualTo(subs.get(1));
        assertThat(sub.path("parent_waybill_id").asText()).isEqualTo(waybillId);

        String zto = client.post(BASE + "/order/create", token, create("ZTO", "201")).path("waybill_id").asText();
        assertThat(client.post(BASE + "/order/addsuborder", token, Map.of("ewaybill_order_id", "201",
                "waybill_id", zto, "delivery_id", "ZTO", "ewaybill_acct_id", sim.ewaybillAccount("shop-1", "ZTO").acctId(),
                "add_package_quantity", 1)).path("errcode").asInt()).as("ZTO has no 子母件").isEqualTo(10025012);

        String ydkyAcct = sim.addEwaybillAccount("shop-1", EwaybillAccountSpec.of("YDKY")).acctId();
        String ydky = client.post(BASE + "/order/create", token, create("YDKY", "202")).path("waybill_id").asText();
        assertThat(client.post(BASE + "/order/addsuborder", token, Map.of("ewaybill_order_id", "202",
                "waybill_id", ydky, "delivery_id", "YDKY", "ewaybill_acct_id", ydkyAcct, "add_package_quantity", 1))
                .path("errcode").asInt()).as("韵达快运").isZero();
    }

    @Test
    void orderGetTellsWhetherANumberWasTaken() {
        String id = client.post(BASE + "/order/precreate", token, order("SF")).path("ewaybill_order_id").asText();
        JsonNode precreated = client.post(BASE + "/order/get", token, Map.of("ewaybill_order_id", id)).path("order_info");
        assertThat(precreated.path("status").asInt()).isZero();
        assertThat(precreated.path("waybill_id").asText()).isEmpty();
        assertThat(precreated.path("ec_order_list").get(0).path("ec_order_id").asText()).isEqualTo(orderId);

        String waybillId = client.post(BASE + "/order/create", token, create("SF", id)).path("waybill_id").asText();
        JsonNode taken = client.post(BASE + "/order/get", token, Map.of("ewaybill_order_id", id)).path("order_info");
        assertThat(taken.path("status").asInt()).isEqualTo(1);
        assertThat(taken.path("waybill_id").asText()).isEqualTo(waybillId);
        assertThat(taken.path("ewaybill_acct_id").asText()).isEqualTo(sim.ewaybillAccount("shop-1", "SF").acctId());
        assertThat(taken.path("sender").path("name").asText()).isEqualTo("王五");

        client.post(BASE + "/order/cancel", token, Map.of("ewaybill_order_id", id));
        assertThat(client.post(BASE + "/order/get", token, Map.of("ewaybill_order_id", id)).path("order_info")
                .path("status").asInt()).isEqualTo(2);
        assertThat(client.post(BASE + "/order/get", token, Map.of("ewaybill_order_id", "42")).path("errcode").asInt())
                .isEqualTo(10025010);
    }

    @Test
    void printNoticesCountFirstPrintsAndReprintsOfTheNumbersOfTheWaybill() {
        String waybillId = client.post(BASE + "/order/create", token, create("SF", "300")).path("waybill_id").asText();
        Map<String, Object> first = Map.of("ewaybill_order_id", "300", "delivery_id", "SF", "waybill_id", waybillId,
                "re_print", 0);
        assertThat(client.post(BASE + "/order/print", token, first).path("errcode").asInt()).isZero();
        Map<String, Object> again = new HashMap<>(first);
        again.put("re_print", 1);
        assertThat(client.post(BASE + "/order/print", token, again).path("errcode").asInt()).isZero();
        assertThat(sim.ewaybills().get(0)).satisfies(e -> {
            assertThat(e.printed()).isEqualTo(1);
            assertThat(e.reprinted()).isEqualTo(1);
        });
        assertThat(sim.order("shop-1", orderId).status()).as("printing does not ship").isEqualTo(OrderStatus.PAID);
        Map<String, Object> otherNumber = new HashMap<>(first);
        otherNumber.put("waybill_id", "SF0000000000000");
        assertThat(client.post(BASE + "/order/print", token, otherNumber).path("errcode").asInt()).isEqualTo(10025010);
        Map<String, Object> badFlag = new HashMap<>(first);
        badFlag.put("re_print", 2);
        assertThat(client.post(BASE + "/order/print", token, badFlag).path("errcode").asInt()).isEqualTo(47001);
        assertThat(sim.ewaybillLog()).filteredOn(c -> c.action().equals("print"))
                .extracting(EwaybillCall::rePrint).containsExactly(0, 1, 0, 2);
    }

    private Map<String, Object> order(String deliveryId) {
        return order(deliveryId, sim.ewaybillAccount("shop-1", deliveryId.equals("NOPE") ? "SF" : deliveryId).acctId());
    }

    private Map<String, Object> order(String deliveryId, String acctId) {
        Map<String, Object> party = Map.of("name", "王五", "mobile", "13700000000", "province", "浙江省",
                "city", "杭州市", "county", "余杭区", "street", "仓前街道", "address", "梦想小镇 1 号");
        return Map.of("delivery_id", deliveryId, "ewaybill_acct_id", acctId, "sender", party, "receiver", party,
                "ec_order_list", List.of(Map.of("ec_order_id", orderId,
                        "goods_list", List.of(Map.of("good_name", "T恤", "good_count", 1)))),
                "shop_id", "shop-1");
    }

    private Map<String, Object> create(String deliveryId, String ewaybillOrderId) {
        Map<String, Object> create = new HashMap<>(order(deliveryId));
        create.put("ewaybill_order_id", ewaybillOrderId);
        create.put("template_id", "single");
        return create;
    }

    /** Each entry's own delivery_id (site_info repeats it). */
    private static List<String> carriers(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(entry -> ids.add(entry.path("delivery_id").asText()));
        return ids;
    }

    static JsonNode decode(String printInfo) {
        try {
            return WeChatClient.JSON.readTree(new String(Base64.getDecoder().decode(printInfo), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
