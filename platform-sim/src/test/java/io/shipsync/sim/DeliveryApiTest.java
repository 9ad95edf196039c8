package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliveryApiTest {

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
        orderId = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 2),
                new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_B, 1))).orderId();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void partialThenFullShipmentThenRepeatAnswers101100() {
        JsonNode first = client.post(SEND, token, Fixtures.delivery(orderId, "SF", "SF1342567604302", Fixtures.SKU_A, 2));
        assertThat(first.path("errcode").asInt()).isZero();
        assertThat(sim.order("shop-1", orderId).status()).isEqualTo(OrderStatus.PARTIALLY_SHIPPED);
        assertThat(sim.order("shop-1", orderId).shipDoneTime()).isNull();

        Map<String, Object> rest = Fixtures.delivery(orderId, "YUNDA", "4311159956248", Fixtures.SKU_B, 1);
        assertThat(client.post(SEND, token, rest).path("errcode").asInt()).isZero();
        OrderView shipped = sim.order("shop-1", orderId);
        assertThat(shipped.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(shipped.shipDoneTime()).isNotNull();
        assertThat(shipped.deliveries()).extracting(Delivery::waybillId)
                .containsExactly("SF1342567604302", "4311159956248");

        JsonNode repeat = client.post(SEND, token, rest);
        assertThat(repeat.path("errcode").asInt()).isEqualTo(101100);
        assertThat(repeat.path("errmsg").asText()).startsWith("订单状态错误,不允许执行此操作 rid: ");
        assertThat(sim.order("shop-1", orderId).deliveries()).hasSize(2);

        JsonNode detail = client.post("/channels/ec/order/get", token, Map.of("order_id", orderId)).path("order");
        JsonNode pkg = detail.path("order_detail").path("delivery_info").path("delivery_product_info").get(0);
        assertThat(pkg.path("delivery_id").asText()).isEqualTo("SF");
        assertThat(pkg.path("delivery_name").asText()).isEqualTo("顺丰速运");
        assertThat(pkg.path("product_infos").get(0).path("product_cnt").asInt()).isEqualTo(2);
    }

    @Test
    void oneCallWithTwoPackagesShipsEverything() {
        Map<String, Object> body = Map.of("order_id", orderId, "delivery_list", List.of(
                Map.of("delivery_id", "JTSD", "waybill_id", "JT0000000000001", "deliver_type", 1,
                        "product_infos", List.of(Map.of("product_id", Fixtures.PRODUCT, "sku_id", Fixtures.SKU_A,
                                "product_cnt", 2))),
                Map.of("delivery_id", "JTSD", "waybill_id", "JT0000000000002", "deliver_type", 1,
                        "product_infos", List.of(Map.of("product_id", Fixtures.PRODUCT, "sku_id", Fixtures.SKU_B,
                                "product_cnt", 1)))));
        assertThat(client.post(SEND, token, body).path("errcode").asInt()).isZero();
        assertThat(sim.order("shop-1", orderId).status()).isEqualTo(OrderStatus.SHIPPED);
    }

    @Test
    void refusesWhatThePlatformRefuses() {
        assertThat(client.post(SEND, token, Fixtures.delivery(orderId, "YD", "4311159956248", Fixtures.SKU_A, 1))
                .path("errcode").asInt()).isEqualTo(47001);
        assertThat(client.post(SEND, token, Fixtures.delivery(orderId, "SF", "SF1342567604302", Fixtures.SKU_A, 3))
                .path("errcode").asInt()).isEqualTo(47001);
        assertThat(client.post(SEND, token, Fixtures.delivery(orderId, "SF", "SF1342567604302", "999", 1))
                .path("errcode").asInt()).isEqualTo(47001);
        assertThat(client.post(SEND, token, Fixtures.delivery("3705115058471208928", "SF", "SF1342567604302",
                Fixtures.SKU_A, 1)).path("errcode").asInt()).isEqualTo(1000003);
        assertThat(sim.order("shop-1", orderId).status()).isEqualTo(OrderStatus.PAID);

        String unpaid = sim.createOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)))
                .orderId();
        assertThat(client.post(SEND, token, Fixtures.delivery(unpaid, "SF", "SF1342567604302", Fixtures.SKU_A, 1))
                .path("errcode").asInt()).isEqualTo(101100);
        sim.cancelOrder("shop-1", orderId);
        assertThat(sim.order("shop-1", orderId).status()).isEqualTo(OrderStatus.AFTERSALE_CANCELLED);
        assertThat(client.post(SEND, token, Fixtures.delivery(orderId, "SF", "SF1342567604302", Fixtures.SKU_A, 1))
                .path("errcode").asInt()).isEqualTo(101100);
    }

    @Test
    void deliveryInfoUpdateReplacesThePackagesOfAShippedOrder() {
        String update = "/channels/ec/order/deliveryinfo/update";
        assertThat(client.post(update, token, Fixtures.delivery(orderId, "SF", "SF1342567604302", Fixtures.SKU_A, 2))
                .path("errcode").asInt()).isEqualTo(101100);
        client.post(SEND, token, Fixtures.delivery(orderId, "SF", "SF1342567604302", Fixtures.SKU_A, 2));
        assertThat(client.post(update, token, Fixtures.delivery(orderId, "SF", "SF3237301501050", Fixtures.SKU_A, 2))
                .path("errcode").asInt()).isZero();
        assertThat(sim.order("shop-1", orderId).deliveries()).extracting(Delivery::waybillId)
                .containsExactly("SF3237301501050");
        assertThat(sim.order("shop-1", orderId).status()).isEqualTo(OrderStatus.PARTIALLY_SHIPPED);
    }

    @Test
    void companyListHasTheWeChatIds() {
        JsonNode list = client.post("/channels/ec/order/deliverycompanylist/new/get", token, Map.of());
        assertThat(list.path("company_list").findValuesAsText("delivery_id"))
                .contains("YUNDA", "JTSD", "SF", "ZTO", "YTO", "STO", "JD", "EMS", "DBKD", "OTHER")
                .doesNotContain("YD");
        JsonNode ewaybill = client.post("/channels/ec/order/deliverycompanylist/new/get", token,
                Map.of("ewaybill_only", true));
        assertThat(ewaybill.path("company_list").findValuesAsText("delivery_id")).doesNotContain("OTHER");
    }
}
