package io.shipsync.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderPlaced;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestTokens;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The stock API: validation in problem+json, roles, and shop isolation. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class StockResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    EventCodec codec;
    @Inject
    Reservations reservations;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void badQuantitiesUnknownSkusAndGoingBelowReservedAreRefusedWithProblemJson() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        shop.receive("sku-api", 10).then().statusCode(200).body("onHand", is(10)).body("available", is(10));
        OrderPlaced placed = Stores.placed(Stores.newOrderId(), Stores.item("sku-api", 6));
        reservations.reserve(shop.envelope(placed), placed);

        for (int quantity : new int[] {0, -3}) {
            shop.adjust("sku-api", Map.of("direction", "INCREASE", "quantity", quantity, "reason", "typo"))
                    .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("quantity"));
        }
        shop.adjust("sku-api", Map.of("direction", "DECREASE", "quantity", 2, "reason", ""))
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("reason"));
        shop.adjust("sku-api", Map.of("direction", "SIDEWAYS", "quantity", 2, "reason", "x"))
                .then().statusCode(400).contentType(PROBLEM);
        stocktake(shop, "sku-api", -1).then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("countedQuantity"));

        shop.adjust("sku-unknown", Map.of("direction", "INCREASE", "quantity", 2, "reason", "found"))
                .then().statusCode(404).contentType(PROBLEM).body("detail", containsString("create: true"));
        shop.adjust("sku-unknown", Map.of("direction", "INCREASE", "quantity", 2, "reason", "found", "create", true))
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("productId"));
        stocktake(shop, "sku-unknown", 5).then().statusCode(404).contentType(PROBLEM);
        shop.stock("sku-unknown").then().statusCode(404).contentType(PROBLEM);
        shop.adjust("sku-api", Map.of("direction", "INCREASE", "quantity", 1, "reason", "r", "create", true, "productId", "p-other"))
                .then().statusCode(409).contentType(PROBLEM);

        shop.adjust("sku-api", Map.of("direction", "DECREASE", "quantity", 5, "reason", "damaged"))
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("6 unit(s) reserved"));
        stocktake(shop, "sku-api", 5).then().statusCode(409).contentType(PROBLEM);
        shop.stock("sku-api").then().body("onHand", is(10)).body("reserved", is(6)).body("available", is(4));

        shop.adjust("sku-api", Map.of("direction", "DECREASE", "quantity", 4, "reason", "damaged"))
                .then().statusCode(200).body("onHand", is(6)).body("available", is(0));
        stocktake(shop, "sku-api", 9).then().statusCode(200).body("onHand", is(9)).body("available", is(3));
        stocktake(shop, "sku-api", 9).then().statusCode(200).body("onHand", is(9));

        shop.get("/api/shops/{s}/skus/{sku}/ledger?size=2", shop.shopId, "sku-api").then().statusCode(200)
                .body("total", is(5)).body("items.size()", is(2))
                .body("items.reason", is(List.of("STOCKTAKE", "STOCKTAKE")))
                .body("items[0].note", containsString("counted 9, was 9")).body("items[0].actor", is("test-operator"));
        shop.get("/api/shops/{s}/skus/{sku}/ledger?size=2&page=1", shop.shopId, "sku-api").then()
                .body("items.reason", is(List.of("ADJUST", "RESERVE"))).body("items[1].reservedDelta", is(6));
        shop.get("/api/shops/{s}/skus/{sku}/ledger?size=2&page=2", shop.shopId, "sku-api").then()
                .body("items.reason", is(List.of("ADJUST"))).body("items[0].note", is("goods received"));
        shop.get("/api/shops/{s}/skus/{sku}/ledger?size=0", shop.shopId, "sku-api").then().statusCode(400).contentType(PROBLEM);
        shop.get("/api/shops/{s}/skus/{sku}/ledger/balance", shop.shopId, "sku-api").then()
                .body("[0].onHand", is(9)).body("[0].ledgerOnHand", is(9)).body("[0].reserved", is(6)).body("[0].balanced", is(true));

        given().auth().oauth2(shop.admin()).contentType(ContentType.JSON).body(Map.of("firstWarning", 10, "secondWarning", 20,
                        "thirdWarning", 5, "freezeLevel", 0, "safetyWindowDays", 7, "safetyFactor", 1.5))
                .put("/api/shops/{s}/thresholds", shop.shopId).then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("must decrease"));
        given().auth().oauth2(shop.admin()).contentType(ContentType.JSON).body(Map.of("firstWarning", 30, "secondWarning", 20,
                        "thirdWarning", 10, "freezeLevel", -1, "safetyWindowDays", 0, "safetyFactor", 1.5))
                .put("/api/shops/{s}/thresholds", shop.shopId).then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", is(List.of("freezeLevel", "safetyWindowDays")));
    }

    @Test
    void aCallerSeesAndChangesOnlyItsOwnShopsAndOnlyWhatItsRoleAllows() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        shop.receive("sku-own", 5).then().statusCode(200);
        String stranger = TestTokens.admin("some-other-shop");

        for (String path : List.of("/api/shops/{s}/skus/sku-own/stock", "/api/shops/{s}/skus/sku-own/ledger",
                "/api/shops/{s}/skus/sku-own/ledger/balance", "/api/shops/{s}/skus/sku-own/crossings",
                "/api/shops/{s}/skus/sku-own/thresholds", "/api/shops/{s}/thresholds", "/api/shops/{s}/reservations/1")) {
            given().auth().oauth2(stranger).get(path, shop.shopId).then().statusCode(403).contentType(PROBLEM);
        }
        given().auth().oauth2(stranger).contentType(ContentType.JSON)
                .body(Map.of("direction", "DECREASE", "quantity", 5, "reason", "theft"))
                .post("/api/shops/{s}/skus/sku-own/adjustments", shop.shopId).then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(Map.of("countedQuantity", 0, "reason", "theft"))
                .post("/api/shops/{s}/skus/sku-own/stocktakes", shop.shopId).then().statusCode(403);
        given().auth().oauth2(stranger).delete("/api/shops/{s}/skus/sku-own/thresholds", shop.shopId).then().statusCode(403);

        given().auth().oauth2(TestTokens.viewer(shop.shopId)).get("/api/shops/{s}/skus/sku-own/stock", shop.shopId)
                .then().statusCode(200).body("onHand", is(5));
        given().auth().oauth2(TestTokens.viewer(shop.shopId)).contentType(ContentType.JSON)
                .body(Map.of("direction", "DECREASE", "quantity", 1, "reason", "x"))
                .post("/api/shops/{s}/skus/sku-own/adjustments", shop.shopId).then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body(Map.of("firstWarning", 30, "secondWarning", 20,
                "thirdWarning", 10, "freezeLevel", 20, "safetyWindowDays", 7, "safetyFactor", 1.5))
                .put("/api/shops/{s}/thresholds", shop.shopId).then().statusCode(403);
        given().get("/api/shops/{s}/skus/sku-own/stock", shop.shopId).then().statusCode(401).contentType(PROBLEM);
        shop.stock("sku-own").then().body("onHand", is(5));
    }

    private static io.restassured.response.Response stocktake(Stores shop, String sku, long counted) {
        return given().auth().oauth2(shop.operator()).contentType(ContentType.JSON)
                .body(Map.of("countedQuantity", counted, "reason", "weekly count"))
                .post("/api/shops/{s}/skus/{sku}/stocktakes", shop.shopId, sku);
    }
}
