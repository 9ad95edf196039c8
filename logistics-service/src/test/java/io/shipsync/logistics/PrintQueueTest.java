package io.shipsync.logistics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** 待打单 as the operator narrows it before a run: by region, SKU, paid time and carrier, sorted; virtual and cancelled orders out. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class PrintQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void filtersAndSortsTheWaitingOrders() {
        PrintingShop shop = new PrintingShop(codec, bootstrap, dataSource);
        shop.publish(
                placed("3701", T0.plusSeconds(300), new Region("浙江省", "杭州市", "西湖区"), "sku-cup"),
                placed("3702", T0.plusSeconds(100), new Region("广东省", "深圳市", "南山区"), "sku-tea"),
                placed("3703", T0.plusSeconds(200), new Region("浙江省", "宁波市", null), "sku-tea"),
                placed("3704", T0.plusSeconds(400), new Region("北京市", "北京市", "朝阳区"), "sku-cup"),
                new OrderPlaced("3705", T0, OrderPlaced.DELIVER_VIRTUAL, List.of(item("sku-card")), new Region("上海市", "上海市", null), 100),
                new OrderCancelled("3704", OrderCancelled.CANCEL_BY_BUYER, true, T0.plusSeconds(500), List.of(item("sku-cup"))));
        shop.drained("3704");

        String path = "/api/shops/{s}/print-queue";
        given().auth().oauth2(shop.operator()).get(path, shop.shopId).then().statusCode(200)
                .body("total", is(3)).body("items.orderId", contains("3702", "3703", "3701"));
        given().auth().oauth2(shop.operator()).queryParam("sort", "PAID_AT_DESC").get(path, shop.shopId).then()
                .body("items.orderId", contains("3701", "3703", "3702"));
        given().auth().oauth2(shop.operator()).queryParam("sort", "REGION").get(path, shop.shopId).then()
                .body("items.orderId", contains("3702", "3703", "3701"));
        given().auth().oauth2(shop.operator()).queryParam("province", "浙江省").get(path, shop.shopId).then()
                .body("items.orderId", contains("3703", "3701"));
        given().auth().oauth2(shop.operator()).queryParam("province", "浙江省").queryParam("city", "杭州市").get(path, shop.shopId)
                .then().body("items.orderId", contains("3701"));
        given().auth().oauth2(shop.operator()).queryParam("sku", "sku-tea").get(path, shop.shopId).then()
                .body("items.orderId", contains("3702", "3703"));
        given().auth().oauth2(shop.operator()).queryParam("paidFrom", T0.plusSeconds(150).toString())
                .queryParam("paidTo", T0.plusSeconds(300).toString()).get(path, shop.shopId).then()
                .body("items.orderId", contains("3703"));
        given().auth().oauth2(shop.operator()).queryParam("size", 2).queryParam("page", 1).get(path, shop.shopId).then()
                .body("total", is(3)).body("items.orderId", contains("3701"));
        given().auth().oauth2(shop.operator()).queryParam("state", "CANCELLED").get(path, shop.shopId).then()
                .body("items.orderId", contains("3704"));
        given().auth().oauth2(shop.operator()).queryParam("carrier", "SF").get(path, shop.shopId).then()
                .body("total", is(0));
        given().auth().oauth2(shop.operator()).get(path + "/{o}", shop.shopId, "3705").then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static OrderPlaced placed(String orderId, Instant paidAt, Region region, String skuId) {
        return new OrderPlaced(orderId, paidAt, OrderPlaced.DELIVER_PHYSICAL, List.of(item(skuId)), region, 1990);
    }

    private static OrderItem item(String skuId) {
        return new OrderItem("p-" + skuId, skuId, null, 1, 1990);
    }
}
