package io.shipsync.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shipsync.infra.testing.OpenApiFuzzer;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.Rows;
import jakarta.inject.Inject;
import java.net.URI;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the OpenAPI document and the WeChat push callback fuzzed: no 5xx, every refusal a problem,
 * no order stored without its lines, and a valid order still placed and read back afterwards.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class OrderFuzzTest {

    static final long SEED = 20261127L;

    @Inject
    DataSource dataSource;
    @TestHTTPResource("/")
    URI base;

    @Test
    void noRequestOrPushGetsA5xxAndNoOrderIsHalfStored() {
        SimScenario shop = SimScenario.newShop();
        String known = "3705115058471200001";
        place(shop, known).then().statusCode(201);

        OpenApiFuzzer.Report api = new OpenApiFuzzer(base, SEED, shop.shopId, "shop-stranger")
                .pathValues("orderId", known).run(1_300);
        System.out.println("order-service " + api);
        OpenApiFuzzer.Report callback = new OpenApiFuzzer(base, SEED, shop.shopId, "shop-stranger")
                .callback("/callbacks/wechat/" + shop.shopId, 200);
        System.out.println("order-service callback " + callback);

        assertThat(api.failures()).isEmpty();
        assertThat(callback.failures()).isEmpty();
        assertThat(api.requests()).isGreaterThanOrEqualTo(1_300);
        assertThat(Rows.count(dataSource, "SELECT count(*) FROM orders o WHERE o.shop_id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id)", shop.shopId)).isZero();
        // PostgreSQL text holds no NUL: a look-up with one is the caller's error, not a 500.
        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}/holds", shop.shopId, "a\u0000b")
                .then().statusCode(400).contentType("application/problem+json");
        String after = "3705115058471200002";
        place(shop, after).then().statusCode(201);
        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}", shop.shopId, after)
                .then().statusCode(200).body("orderId", is(after));
    }

    private static Response place(SimScenario shop, String orderId) {
        return given().auth().oauth2(shop.operator()).contentType("application/json")
                .body("{\"orderId\":\"" + orderId + "\",\"paidAt\":\"2026-11-25T10:00:00Z\",\"deliverMethod\":0,"
                        + "\"items\":[{\"productId\":\"p-1\",\"skuId\":\"sku-1\",\"quantity\":1,\"unitPriceFen\":1990}],"
                        + "\"receiverRegion\":{\"province\":\"浙江省\",\"city\":\"杭州市\",\"county\":\"西湖区\"},\"totalFen\":1990}")
                .post("/api/shops/{s}/orders", shop.shopId);
    }
}
