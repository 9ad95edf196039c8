package io.shipsync.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.shipsync.events.EventCodec;
import io.shipsync.events.StockDiscrepancy;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * 库存对账 on a short interval: platform stock changed by hand in platform-sim is found and corrected within
 * one interval, the correction is in the ledger and announced, and the accuracy figure shows it.
 */
@QuarkusTest
@TestProfile(PlatformReconciliationTest.ShortInterval.class)
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class PlatformReconciliationTest {

    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Duration SETTLE = Duration.ofMillis(200);

    /** Reconciles every 2 s instead of 5 min. */
    public static class ShortInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shipsync.inventory.platform.reconcile-interval", INTERVAL.toMillis() + "ms",
                    "shipsync.inventory.platform.settle", SETTLE.toMillis() + "ms");
        }
    }

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void stockChangedByHandOnThePlatformIsCorrectedWithinOneInterval() {
        PlatformShop shop = new PlatformShop(new Stores(codec, bootstrap, dataSource));
        String changed = shop.sku(40);
        String untouched = shop.sku(40);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> latestRun(shop).getInt("[0].checked") == 2
                && latestRun(shop).getFloat("[0].accuracy") == 1.0f);

        shop.setPlatformStock(changed, 31);
        // One interval until the next run, the settle, and the push it makes.
        await().atMost(INTERVAL.plus(SETTLE).plusSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> shop.platformStock(changed) == 40);

        assertThat(shop.platformStock(untouched)).isEqualTo(40);
        JsonPath runs = JsonPath.from(shop.stores.get("/api/shops/{s}/platform-stock/reconciliations?limit=50", shop.shopId)
                .then().statusCode(200).extract().asString());
        List<Map<String, Object>> all = runs.getList("$");
        assertThat(all).filteredOn(run -> ((Number) run.get("corrected")).intValue() == 1).singleElement()
                .satisfies(run -> {
                    assertThat(run.get("checked")).isEqualTo(2);
                    assertThat(run.get("matched")).isEqualTo(1);
                    assertThat(((Number) run.get("accuracy")).doubleValue()).isEqualTo(0.5);
                });
        await().atMost(INTERVAL.multipliedBy(3)).ignoreExceptions().until(() -> latestRun(shop).getInt("[0].corrected") == 0
                && latestRun(shop).getFloat("[0].accuracy") == 1.0f);
        shop.stores.get("/api/shops/{s}/platform-stock", shop.shopId).then().statusCode(200)
                .body("accuracy", is(1.0f)).body("skus.find { it.skuId == '" + changed + "' }.seenStock", is(40));

        shop.stores.get("/api/shops/{s}/skus/{sku}/ledger", shop.shopId, changed).then().statusCode(200)
                .body("items[0].reason", is("PLATFORM_CORRECTION"))
                .body("items[0].platformBefore", is(31)).body("items[0].platformAfter", is(40))
                .body("items[0].onHandDelta", is(0)).body("items[0].actor", is("reconciliation"))
                .body("items[0].note", containsString("platform showed 31, should show 40"));
        shop.stores.get("/api/shops/{s}/skus/{sku}/ledger/balance", shop.shopId, changed).then().body("[0].balanced", is(true));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(shop.stores.stockEvents(changed, StockDiscrepancy.class)).singleElement().satisfies(d -> {
                    assertThat(d.platformStock()).isEqualTo(31);
                    assertThat(d.expectedStock()).isEqualTo(40);
                    assertThat(d.correction()).isEqualTo(9);
                }));
        assertThat(given().get("/q/metrics").then().extract().asString())
                .contains("shipsync_inventory_platform_accuracy{shop=\"" + shop.shopId + "\"} 1.0");
    }

    @Test
    void aReconciliationCanBeAskedForAndOnlyByAnOperatorOfTheShop() {
        PlatformShop shop = new PlatformShop(new Stores(codec, bootstrap, dataSource));
        shop.sku(40);
        given().auth().oauth2(TestTokens.viewer(shop.shopId)).post("/api/shops/{s}/platform-stock/reconciliations", shop.shopId)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.operator("another-shop")).get("/api/shops/{s}/platform-stock", shop.shopId)
                .then().statusCode(403).contentType("application/problem+json");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath run = shop.reconciled();
            assertThat(run.getInt("checked")).isEqualTo(1);
            assertThat(run.getInt("matched")).isEqualTo(1);
        });
    }

    private static JsonPath latestRun(PlatformShop shop) {
        return JsonPath.from(shop.stores.get("/api/shops/{s}/platform-stock/reconciliations?limit=1", shop.shopId)
                .then().statusCode(200).extract().asString());
    }
}
