package io.shipsync.order;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.OrderItem;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.OrderView;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A shop set up on both sides: in platform-sim (the platform) and in order-service (its account). */
final class SimScenario {

    static final String PRODUCT = "10000123456789";
    static final String SKU = "2100000987654321";

    final String shopId;
    final String appId;
    final String token;
    final String aesKey;

    private SimScenario(String shopId) {
        this.shopId = shopId;
        this.appId = "wx" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        this.token = "tok" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.aesKey = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 43);
    }

    /** A new shop with one product (stock 1000) and its account registered in order-service. */
    static SimScenario newShop() {
        SimScenario shop = new SimScenario("shop-" + UUID.randomUUID().toString().substring(0, 8));
        PlatformSim sim = PlatformSimResource.sim();
        sim.createShop(new ShopSpec(shop.shopId, shop.appId, "secret-" + shop.appId, shop.token, shop.aesKey,
                PlatformSimResource.serviceUrl() + "/callbacks/wechat/" + shop.shopId, "gh_" + shop.appId.substring(2, 14)));
        sim.addProduct(shop.shopId, ProductSpec.of(PRODUCT, "保温杯", new SkuSpec(SKU, "CUP-500", 4990, 1000)));
        given().auth().oauth2(TestTokens.admin(shop.shopId)).contentType(ContentType.JSON)
                .body(Map.of("appId", shop.appId, "appSecret", "secret-" + shop.appId, "pushToken", shop.token,
                        "encodingAesKey", shop.aesKey))
                .put("/api/shops/{shop}/platform-account", shop.shopId).then().statusCode(200);
        return shop;
    }

    OrderView paidOrder(int quantity) {
        return PlatformSimResource.sim().createPaidOrder(shopId, OrderSpec.of(new OrderItem(PRODUCT, SKU, quantity)));
    }

    OrderView paidOrder(OrderSpec spec) {
        return PlatformSimResource.sim().createPaidOrder(shopId, spec);
    }

    String operator() {
        return TestTokens.operator(shopId);
    }

    /** Starts a reconciliation of the orders updated in the last hour; its address (Location). */
    String reconcile() {
        return given().auth().oauth2(operator()).contentType(ContentType.JSON)
                .body(Map.of("from", Instant.now().minus(Duration.ofHours(1)).toString(), "to", Instant.now().plusSeconds(60).toString()))
                .post("/api/shops/{shop}/reconciliations", shopId)
                .then().statusCode(202).body("state", is("RUNNING")).extract().header("Location");
    }

    /** Reconciles the orders updated in the last hour and waits for the run to finish; the finished run. */
    ValidatableResponse reconciled() {
        String run = reconcile();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(operator()).get(run).then().statusCode(200).body("state", is("FINISHED")));
        return given().auth().oauth2(operator()).get(run).then().statusCode(200);
    }
}
