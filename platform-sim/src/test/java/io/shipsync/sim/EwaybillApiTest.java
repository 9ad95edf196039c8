package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EwaybillApiTest {

    private static final String BASE = "/channels/ec/logistics/ewaybill/biz";

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
        Map<String, Object> create = new HashMap<>(order("SF"));
        create.put("ewaybill_order_id", id);
        create.put("template_id", "single");
        JsonNode created = client.post(BASE + "/order/create", token, create);
        assertThat(created.path("errcode").asInt()).isZero();
        String waybillId = created.path("waybill_id").asText();
        assertThat(WaybillNumbers.isValidSf(waybillId)).as(waybillId).isTrue();
        assertThat(created.path("print_info").asText()).isNotEmpty();
        assertThat(created.path("waybill_id_list").get(0).path("waybill_id").asText()).isEqualTo(waybillId);
        assertThat(sim.order("shop-1", orderId).status()).as("取号 does not ship").isEqualTo(OrderStatus.PAID);

        JsonNode again = client.post(BASE + "/order/create", token, create);
        assertThat(again.path("errcode").asInt()).isEqualTo(10025005);
        assertThat(again.path("delivery_error_msg").asText()).isEqualTo("电子面单已存在");

        JsonNode print = client.post(BASE + "/print/get", token, Map.of("ewaybill_order_id", id, "template_id", "single"));
        assertThat(print.path("print_info").asText()).isEqualTo(created.path("print_info").asText());
        assertThat(client.post(BASE + "/order/cancel", token, Map.of("ewaybill_order_id", id, "delivery_id", "SF",
                "waybill_id", waybillId)).path("errcode").asInt()).isZero();
        assertThat(client.post(BASE + "/print/get", token, Map.of("ewaybill_order_id", id)).path("errcode").asInt())
                .isEqualTo(10025010);
        assertThat(sim.ewaybills()).extracting(EwaybillView::status).containsExactly("CANCELLED");
    }

    @Test
    void selfChosenIdsAndOtherCarriersWork() {
        Map<String, Object> create = new HashMap<>(order("YTO"));
        create.put("ewaybill_order_id", "12345678901234567890");
        create.put("template_id", "single");
        JsonNode created = client.post(BASE + "/order/create", token, create);
        assertThat(created.path("errcode").asInt()).isZero();
        assertThat(created.path("waybill_id").asText()).matches("YT[0-9]{13}");
    }

    @Test
    void refusesBadIdsCarriersAndOrders() {
        assertThat(client.post(BASE + "/order/create", token,
                "{\"ewaybill_order_id\":123,\"template_id\":\"single\"}").path("errcode").asInt()).isEqualTo(10025020);
        assertThat(client.post(BASE + "/order/precreate", token, order("NOPE")).path("errcode").asInt())
                .isEqualTo(10025012);
        Map<String, Object> unknownOrder = new HashMap<>(order("SF"));
        unknownOrder.put("ec_order_list", List.of(Map.of("ec_order_id", "3705115058471208928")));
        assertThat(client.post(BASE + "/order/precreate", token, unknownOrder).path("errcode").asInt())
                .isEqualTo(1000003);
        assertThat(client.post(BASE + "/order/cancel", token, Map.of("ewaybill_order_id", "1")).path("errcode")
                .asInt()).isEqualTo(10025010);
    }

    private Map<String, Object> order(String deliveryId) {
        Map<String, Object> party = Map.of("name", "王五", "mobile", "13700000000", "province", "浙江省",
                "city", "杭州市", "county", "余杭区", "street", "仓前街道", "address", "梦想小镇 1 号");
        return Map.of("delivery_id", deliveryId, "ewaybill_acct_id", "acct-1", "sender", party, "receiver", party,
                "ec_order_list", List.of(Map.of("ec_order_id", orderId,
                        "goods_list", List.of(Map.of("good_name", "T恤", "good_count", 1)))),
                "shop_id", "shop-1");
    }
}
