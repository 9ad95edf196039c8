package io.shipsync.inventory;

import static io.restassured.RestAssured.given;
import static io.shipsync.inventory.PlatformStockSyncTest.awaitInStep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.shipsync.events.EventCodec;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.sim.ApiCall;
import io.shipsync.sim.FaultSpec;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Never show the platform more than we have, on the real broker, PostgreSQL and platform-sim: a platform order
 * whose event has not reached us is not pushed back up, a platform showing more is corrected down at once (before
 * the settle), over-shown unit-seconds are counted; and reconciliations run in the background, one at a time per
 * shop, a SKU that cannot be read not stopping the rest.
 */
@QuarkusTest
@TestProfile(PlatformStockSafetyTest.LongSettle.class)
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class PlatformStockSafetyTest {

    static final Duration SETTLE = Duration.ofSeconds(2);

    /** A settle long enough to tell a correction made before it from one made after. */
    public static class LongSettle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shipsync.inventory.platform.settle", SETTLE.toMillis() + "ms");
        }
    }

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void ordersThePlatformTookBeforeTheirEventsArrivedAreNotPushedBackUp() {
        PlatformShop shop = newShop();
        String ordered = shop.sku(40);
        String orderedAndLowered = shop.sku(40);
        awaitInStep(shop, ordered, 40);
        awaitInStep(shop, orderedAndLowered, 40);

        // Buyers order on the platform, which deducts its stock; order-service has not announced them (it does not run
        // here). The second SKU is also lowered by hand by 5: only those 5 are unexplained.
        String first = shop.buyerOrdersUnannounced(ordered, 3);
        String second = shop.buyerOrdersUnannounced(orderedAndLowered, 2);
        shop.setPlatformStock(orderedAndLowered, 33);

        JsonPath run = shop.reconciled();
        assertThat(run.getString("state")).isEqualTo("FINISHED");
        assertThat(run.getInt("corrected")).as("the unexplained 5").isEqualTo(1);
        assertThat(run.getInt("deferred")).as("the 3 units of an order on its way").isEqualTo(1);
        assertThat(run.getInt("matched")).isZero();
        await().atMost(Stores.WITHIN).until(() -> shop.platformStock(orderedAndLowered) == 38);
        assertThat(shop.platformStock(ordered)).isEqualTo(37);
        assertThat(shop.stockUpdates(ordered)).isEmpty();

        shop.announcePaid(first, ordered, 3);
        shop.announcePaid(second, orderedAndLowered, 2);
        await().atMost(Stores.WITHIN).untilAsserted(() -> {
            shop.stores.reservation(first).then().body("status", is("RESERVED"));
            shop.stores.reservation(second).then().body("status", is("RESERVED"));
        });
        awaitInStep(shop, ordered, 37);
        awaitInStep(shop, orderedAndLowered, 38);
        assertThat(shop.platformStock(ordered)).isEqualTo(37);
        assertThat(shop.platformStock(orderedAndLowered)).isEqualTo(38);
        assertThat(shop.stockUpdates(ordered)).as("no upward correction was ever pushed for the order").isEmpty();
        assertThat(shop.stockUpdates(orderedAndLowered)).singleElement()
                .satisfies(call -> assertThat(call.request()).contains("\"diff_type\":1").contains("\"num\":5"));
        JsonPath ledger = JsonPath.from(shop.stores.get("/api/shops/{s}/skus/{sku}/ledger", shop.shopId, orderedAndLowered)
                .then().statusCode(200).extract().asString());
        assertThat(ledger.getList("items.findAll { it.reason == 'PLATFORM_CORRECTION' }")).hasSize(1);
        assertThat(ledger.getInt("items.find { it.reason == 'PLATFORM_CORRECTION' }.platformBefore")).isEqualTo(33);
        assertThat(ledger.getInt("items.find { it.reason == 'PLATFORM_CORRECTION' }.platformAfter")).isEqualTo(38);
        assertThat(ledger.getString("items.find { it.reason == 'PLATFORM_CORRECTION' }.note"))
                .contains("2 taken by platform orders not here yet: pushing +5");
        shop.stores.get("/api/shops/{s}/skus/{sku}/ledger", shop.shopId, ordered).then().statusCode(200)
                .body("items.reason", not(hasItem("PLATFORM_CORRECTION")));

        JsonPath after = shop.reconciled();
        assertThat(after.getInt("matched")).isEqualTo(2);
        assertThat(after.getInt("corrected")).isZero();
        assertThat(after.getInt("deferred")).isZero();
    }

    @Test
    void aPlatformShowingMoreIsCorrectedDownAtOnceAndItsOvershowCounted() {
        PlatformShop shop = newShop();
        String over = shop.sku(40);
        String under = shop.sku(40);
        awaitInStep(shop, over, 40);
        awaitInStep(shop, under, 40);
        double before = overshownMetric(shop.shopId);

        shop.setPlatformStock(over, 45);
        shop.setPlatformStock(under, 35);
        JsonPath run = shop.reconciled();

        assertThat(run.getInt("corrected")).isEqualTo(2);
        await().atMost(Stores.WITHIN).until(() -> shop.platformStock(over) == 40 && shop.platformStock(under) == 40);
        ApiCall down = shop.stockUpdates(over).get(0);
        assertThat(down.request()).contains("\"diff_type\":2").contains("\"num\":5");
        List<ApiCall> underReads = shop.calls(PlatformShop.STOCK_GET, under);
        ApiCall secondLook = underReads.get(underReads.size() - 1);
        assertThat(down.at()).as("the downward push did not wait for the settle before the second look")
                .isBefore(secondLook.at().minus(SETTLE.dividedBy(2)));

        assertThat(overshownMetric(shop.shopId)).isGreaterThan(before);
        JsonPath view = JsonPath.from(shop.stores.get("/api/shops/{s}/platform-stock", shop.shopId).then().statusCode(200)
                .extract().asString());
        assertThat(view.getDouble("overshownUnitSeconds")).isPositive();
        assertThat(view.getDouble("skus.find { it.skuId == '" + over + "' }.overshownUnitSeconds")).isPositive();
        assertThat(view.getDouble("skus.find { it.skuId == '" + under + "' }.overshownUnitSeconds")).isZero();
    }

    @Test
    void aReconciliationRunsInTheBackgroundOneAtATimePerShop() {
        PlatformShop shop = newShop();
        String sku = shop.sku(40);
        awaitInStep(shop, sku, 40);
        PlatformShop.sim().injectFault(FaultSpec.latency(PlatformShop.STOCK_GET, 1_500, 1).forShop(shop.shopId));

        Response started = shop.startReconciliation();
        started.then().statusCode(202).body("state", is("RUNNING"));
        long id = started.jsonPath().getLong("id");
        String location = started.header("Location");
        assertThat(location).endsWith("/api/shops/" + shop.shopId + "/platform-stock/reconciliations/" + id);
        given().auth().oauth2(shop.stores.operator()).post("/api/shops/{s}/platform-stock/reconciliations", shop.shopId)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("run " + id));
        given().auth().oauth2(shop.stores.operator()).get(location).then().statusCode(200).body("state", is("RUNNING"));

        await().atMost(Stores.WITHIN).untilAsserted(() -> given().auth().oauth2(shop.stores.operator()).get(location).then()
                .statusCode(200).body("state", is("FINISHED")).body("checked", is(1)).body("matched", is(1)));
        given().auth().oauth2(shop.stores.operator())
                .get("/api/shops/{s}/platform-stock/reconciliations/{id}", shop.shopId, id + 1_000_000)
                .then().statusCode(404).contentType("application/problem+json")
                .body("instance", endsWith("/reconciliations/" + (id + 1_000_000)));
    }

    @Test
    void aSkuThatCannotBeReadDoesNotStopTheRest() {
        PlatformShop shop = newShop();
        String first = shop.sku(40);
        String second = shop.sku(40);
        awaitInStep(shop, first, 40);
        awaitInStep(shop, second, 40);
        // 10020052 (product not listed) is no transient error: the read is not retried.
        PlatformShop.sim().injectFault(FaultSpec.errcode(PlatformShop.STOCK_GET, 10020052, 1).forShop(shop.shopId));

        JsonPath run = shop.reconciled();
        assertThat(run.getString("state")).isEqualTo("FINISHED");
        assertThat(run.getInt("unreadable")).isEqualTo(1);
        assertThat(run.getInt("matched")).isEqualTo(1);
        JsonPath view = JsonPath.from(shop.stores.get("/api/shops/{s}/platform-stock", shop.shopId).then().statusCode(200)
                .extract().asString());
        assertThat(view.getList("skus.lastErrcode")).containsExactlyInAnyOrder(10020052, null);
    }

    private PlatformShop newShop() {
        return new PlatformShop(new Stores(codec, bootstrap, dataSource));
    }

    /** The shop's over-shown unit-seconds as /q/metrics shows them (0 before the first). */
    private static double overshownMetric(String shopId) {
        Matcher value = Pattern.compile("shipsync_inventory_platform_overshown_unit_seconds_total\\{shop=\"" + shopId
                + "\"} ([0-9.eE+-]+)").matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }
}
