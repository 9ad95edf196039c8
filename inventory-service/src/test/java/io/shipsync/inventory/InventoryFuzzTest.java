package io.shipsync.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shipsync.events.EventCodec;
import io.shipsync.infra.testing.OpenApiFuzzer;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Every endpoint of the OpenAPI document fuzzed: no 5xx, every refusal a problem, and the stock still adds up. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class InventoryFuzzTest {

    static final long SEED = 20261127L;
    private static final String PROBLEM = "application/problem+json";

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @TestHTTPResource("/")
    URI base;

    @Test
    void noRequestGetsA5xxAndTheStockStillAddsUp() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        shop.receive("sku-fuzz", 100).then().statusCode(200);

        OpenApiFuzzer.Report report = new OpenApiFuzzer(base, SEED, shop.shopId, "shop-stranger")
                .pathValues("skuId", "sku-fuzz").run(1_400);
        System.out.println("inventory-service " + report);

        assertThat(report.failures()).isEmpty();
        assertThat(report.requests()).isGreaterThanOrEqualTo(1_300);
        // Nothing half-stored: the ledger still explains every figure, and a count then an adjustment still work.
        shop.get("/api/shops/{s}/skus/{sku}/ledger/balance", shop.shopId, "sku-fuzz").then().statusCode(200)
                .body("balanced", everyItem(is(true)));
        stocktake(shop, "sku-fuzz", 40).then().statusCode(200).body("onHand", is(40));
        shop.adjust("sku-fuzz", Map.of("direction", "INCREASE", "quantity", 2, "reason", "after fuzz"))
                .then().statusCode(200).body("onHand", is(42));
    }

    @Test
    void aCountBeyondTheLargestStockIsRefusedSoLaterAdjustmentsCannotOverflow() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        shop.receive("sku-huge", 1).then().statusCode(200);

        stocktake(shop, "sku-huge", Long.MAX_VALUE).then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("countedQuantity")).body("errors.message", hasItem(containsString("1000000000")));
        stocktake(shop, "sku-huge", 1_000_000_000L).then().statusCode(200).body("onHand", is(1_000_000_000));
        shop.adjust("sku-huge", Map.of("direction", "INCREASE", "quantity", 1, "reason", "found"))
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("quantity"));
        shop.adjust("sku-huge", Map.of("direction", "DECREASE", "quantity", 5, "reason", "damaged"))
                .then().statusCode(200).body("onHand", is(999_999_995));
    }

    private static Response stocktake(Stores shop, String skuId, long counted) {
        return given().auth().oauth2(shop.operator()).contentType(ContentType.JSON)
                .body(Map.of("countedQuantity", counted, "reason", "count"))
                .post("/api/shops/{s}/skus/{sku}/stocktakes", shop.shopId, skuId);
    }
}
