package io.shipsync.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.FreezePolicy;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockFrozen;
import io.shipsync.events.StockLevel;
import io.shipsync.events.StockLevelCrossed;
import io.shipsync.events.StockUnfrozen;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Warning and freeze levels (库存预警, 冻结), their settings, and the safety stock (安全库存). */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class StockLevelsTest {

    @Inject
    EventCodec codec;
    @Inject
    Reservations reservations;
    @Inject
    TestClock clock;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void eachWarningLevelAndTheFreezeLevelIsCrossedOnceAndNotOnEveryChangeBelowIt() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        String sku = "sku-levels";
        shop.receive(sku, 35).then().statusCode(200).body("level", is("OK")).body("frozen", is(false));
        for (int take : new int[] {4, 2, 4, 6, 4, 6, 4, 5}) { // 31 29 25 19 15 9 5 0
            shop.adjust(sku, Map.of("direction", "DECREASE", "quantity", take, "reason", "sold offline")).then().statusCode(200);
        }
        shop.stock(sku).then().body("available", is(0)).body("warehouses[0].level", is("OUT")).body("warehouses[0].frozen", is(true));
        shop.receive(sku, 40).then().statusCode(200).body("level", is("OK")).body("frozen", is(false));

        List<Map<String, Object>> crossings = shop.get("/api/shops/{s}/skus/{sku}/crossings", shop.shopId, sku)
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(crossings).extracting(c -> c.get("kind") + " " + c.get("fromLevel") + "→" + c.get("toLevel") + " at " + c.get("available"))
                .containsExactly(
                        "LEVEL null→OK at 35",
                        "LEVEL OK→BELOW_FIRST_WARNING at 29",
                        "LEVEL BELOW_FIRST_WARNING→BELOW_SECOND_WARNING at 19",
                        "FREEZE null→BELOW_SECOND_WARNING at 19",
                        "LEVEL BELOW_SECOND_WARNING→BELOW_THIRD_WARNING at 9",
                        "LEVEL BELOW_THIRD_WARNING→OUT at 0",
                        "LEVEL OUT→OK at 40",
                        "UNFREEZE null→OK at 40");

        await().atMost(Stores.WITHIN).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<EventEnvelope> events = shop.stockEnvelopes(sku).stream()
                    .filter(e -> e.eventType().equals("StockChanged")).toList();
            assertThat(events).hasSize(10);
            List<String> announcedCrossings = new ArrayList<>();
            StockLevel previous = null;
            List<StockLevel> levels = new ArrayList<>();
            for (EventEnvelope event : events) {
                StockLevel level = codec.payload(event, StockChanged.class).level();
                levels.add(level);
                if (level != previous) {
                    announcedCrossings.add(event.eventId().toString());
                }
                previous = level;
            }
            assertThat(levels).containsExactly(StockLevel.OK, StockLevel.OK, StockLevel.BELOW_FIRST_WARNING,
                    StockLevel.BELOW_FIRST_WARNING, StockLevel.BELOW_SECOND_WARNING, StockLevel.BELOW_SECOND_WARNING,
                    StockLevel.BELOW_THIRD_WARNING, StockLevel.BELOW_THIRD_WARNING, StockLevel.OUT, StockLevel.OK);
            // The event that first carried each new level is the one the crossing names, and there is one per crossing.
            assertThat(crossings).filteredOn(c -> c.get("kind").equals("LEVEL")).extracting(c -> (String) c.get("eventId"))
                    .containsExactlyElementsOf(announcedCrossings);
            // Each crossing is its own event, once.
            assertThat(shop.stockEvents(sku, StockLevelCrossed.class))
                    .extracting(c -> c.fromLevel() + "→" + c.toLevel() + " at " + c.available() + " below " + c.threshold())
                    .containsExactly("null→OK at 35 below null", "OK→BELOW_FIRST_WARNING at 29 below 30",
                            "BELOW_FIRST_WARNING→BELOW_SECOND_WARNING at 19 below 20",
                            "BELOW_SECOND_WARNING→BELOW_THIRD_WARNING at 9 below 10", "BELOW_THIRD_WARNING→OUT at 0 below null",
                            "OUT→OK at 40 below null");
            assertThat(shop.stockEvents(sku, StockFrozen.class)).singleElement().satisfies(f -> {
                assertThat(f.available()).isEqualTo(19);
                assertThat(f.freezeLevel()).isEqualTo(20);
                assertThat(f.policy()).isEqualTo(FreezePolicy.PLATFORM_ZERO);
            });
            assertThat(shop.stockEvents(sku, StockUnfrozen.class)).singleElement()
                    .satisfies(u -> assertThat(u.available()).isEqualTo(40));
        });
    }

    @Test
    void settingsArePerShopThenPerSkuAndLevelsFollowThem() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/skus/{sku}/thresholds", shop.shopId, "sku-x")
                .then().statusCode(200).body("source", is("DEFAULT")).body("settings.firstWarning", is(30))
                .body("settings.freezeLevel", is(20)).body("settings.safetyWindowDays", is(7)).body("settings.safetyFactor", is(1.5f));

        putThresholds(shop, "/api/shops/{s}/thresholds", Map.of("firstWarning", 50, "secondWarning", 40, "thirdWarning", 30,
                "freezeLevel", 25, "safetyWindowDays", 2, "safetyFactor", 2.0)).then().statusCode(200).body("source", is("SHOP"));
        putThresholds(shop, "/api/shops/{s}/skus/sku-x/thresholds", Map.of("firstWarning", 12, "secondWarning", 8,
                "thirdWarning", 4, "freezeLevel", 0, "safetyWindowDays", 7, "safetyFactor", 1.0)).then().statusCode(200)
                .body("source", is("SKU"));

        shop.receive("sku-x", 45).then().body("level", is("OK")).body("frozen", is(false));
        shop.receive("sku-y", 45).then().body("level", is("BELOW_FIRST_WARNING")).body("frozen", is(false));
        shop.adjust("sku-x", Map.of("direction", "DECREASE", "quantity", 42, "reason", "damaged"))
                .then().body("level", is("BELOW_THIRD_WARNING")).body("frozen", is(false));
        shop.adjust("sku-y", Map.of("direction", "DECREASE", "quantity", 21, "reason", "damaged"))
                .then().body("level", is("BELOW_THIRD_WARNING")).body("frozen", is(true));

        given().auth().oauth2(shop.admin()).delete("/api/shops/{s}/skus/{sku}/thresholds", shop.shopId, "sku-x")
                .then().statusCode(200).body("source", is("SHOP")).body("settings.firstWarning", is(50));
        shop.adjust("sku-x", Map.of("direction", "INCREASE", "quantity", 1, "reason", "found"))
                .then().body("level", is("BELOW_THIRD_WARNING")).body("frozen", is(true));
    }

    @Test
    void safetyStockIsAverageDailySalesOverTheWindowTimesTheFactor() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        String sku = "sku-safety";
        putThresholds(shop, "/api/shops/{s}/skus/" + sku + "/thresholds", Map.of("firstWarning", 30,
                "secondWarning", 20, "thirdWarning", 10, "freezeLevel", 20, "safetyWindowDays", 2, "safetyFactor", 1.5))
                .then().statusCode(200);
        shop.receive(sku, 100).then().body("safetyStock", is(0));

        clock.advance(Duration.ofDays(-5));
        ship(shop, sku, 40); // outside the 2-day window by the time we look
        clock.reset();
        ship(shop, sku, 6);
        ship(shop, sku, 1);
        // 7 units in 2 days = 3.5 a day, × 1.5 = 5.25 → 6
        shop.stock(sku).then().body("warehouses[0].safetyStock", is(6)).body("onHand", is(53));
        await().atMost(Stores.WITHIN).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(
                shop.stockEvents(sku, StockChanged.class)).last().satisfies(c -> assertThat(c.safetyStock()).isEqualTo(6)));

        clock.advance(Duration.ofDays(3));
        shop.stock(sku).then().body("warehouses[0].safetyStock", is(0));
    }

    private void ship(Stores shop, String sku, int quantity) {
        String orderId = Stores.newOrderId();
        OrderPlaced placed = Stores.placed(orderId, Stores.item(sku, quantity));
        reservations.reserve(shop.envelope(placed), placed);
        OrderShipped shipped = new OrderShipped(orderId, List.of(Stores.parcel("SF" + UUID.randomUUID().toString().substring(0, 13),
                sku, quantity)), Instant.now(), true, false);
        reservations.commit(shop.envelope(shipped), shipped);
    }

    private static io.restassured.response.Response putThresholds(Stores shop, String path, Map<String, Object> body) {
        return given().auth().oauth2(shop.admin()).contentType(ContentType.JSON).body(body).put(path, shop.shopId);
    }
}
