package io.shipsync.alerting;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shipsync.eventing.http.Problem;
import io.shipsync.events.EventCodec;
import io.shipsync.events.FreezePolicy;
import io.shipsync.events.HoldReason;
import io.shipsync.events.OrderHeld;
import io.shipsync.events.StockFrozen;
import io.shipsync.events.StockLevel;
import io.shipsync.events.StockLevelCrossed;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Each shop's rules: defaults, its own settings, and what they change. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RulesTest {

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void everyRuleRunsWithItsDefaultsUntilTheShopSetsItsOwn() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        OperationsShop other = new OperationsShop(codec, bootstrap, dataSource);

        List<Map<String, Object>> rules = rules(shop);
        assertThat(rules).extracting(r -> r.get("rule")).containsExactly("PRINTED_NOT_DECLARED", "DUPLICATE_TRACKING",
                "DRIFT_DETECTED", "FRAUD_HOLD", "STOCK_LOW", "STOCK_FROZEN", "STOCK_SHORTAGE", "STOCK_DISCREPANCY",
                "CARRIER_ACCOUNT_PROBLEM", "NO_FIRST_SCAN", "TRACKING_ANOMALY", "TRACKING_STALLED", "DECLARATION_NOT_SYNCED",
                "DEAD_LETTERS", "CONSUMER_STALLED", "QUEUE_STALLED", "QUEUE_DEAD_ITEMS");
        assertThat(rules).allSatisfy(r -> assertThat(r).containsEntry("source", "DEFAULT").containsEntry("enabled", true));
        assertThat(rules.get(0)).containsEntry("windowMinutes", 60).containsEntry("severity", "CRITICAL")
                .containsEntry("subjectType", "ORDER");
        assertThat(rules.get(4)).containsEntry("level", "BELOW_FIRST_WARNING").containsEntry("subjectType", "SKU");
        assertThat(rules.get(9)).containsEntry("windowMinutes", 1440).containsEntry("severity", "WARNING")
                .containsEntry("subjectType", "TRACKING_NUMBER");
        assertThat(rules.get(11)).containsEntry("ladderMinutes", List.of(60, 120, 240, 1440));

        put(shop, shop.admin(), "PRINTED_NOT_DECLARED", settings(true, "WARNING", 1500, null)).then().statusCode(200)
                .body("source", is("SHOP")).body("windowMinutes", is(1500)).body("severity", is("WARNING"))
                .body("updatedBy", is("test-admin"));
        assertThat(rules(shop).get(0)).containsEntry("windowMinutes", 1500).containsEntry("source", "SHOP");
        assertThat(rules(other).get(0)).containsEntry("windowMinutes", 60).containsEntry("source", "DEFAULT");
        given().auth().oauth2(shop.viewer()).get("/api/shops/{s}/rules", other.shopId).then().statusCode(403);
    }

    @Test
    void settingsARuleCannotRunWithAreRefused() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);

        put(shop, shop.operator(), "FRAUD_HOLD", settings(true, "WARNING", null, null)).then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE);
        put(shop, shop.admin(), "FRAUD_HOLD", settings(true, "WARNING", 30, null)).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("detail", is("Rule FRAUD_HOLD: it takes no windowMinutes"));
        put(shop, shop.admin(), "PRINTED_NOT_DECLARED", settings(true, "WARNING", null, null)).then().statusCode(400)
                .body("detail", containsString("windowMinutes is required"));
        put(shop, shop.admin(), "PRINTED_NOT_DECLARED", settings(true, "WARNING", 10081, null)).then().statusCode(400)
                .body("detail", containsString("between 1 and 10080"));
        put(shop, shop.admin(), "STOCK_LOW", settings(true, "WARNING", null, null)).then().statusCode(400)
                .body("detail", containsString("level is required"));
        put(shop, shop.admin(), "STOCK_LOW", settings(true, "WARNING", null, "OK")).then().statusCode(400)
                .body("detail", containsString("not OK"));
        put(shop, shop.admin(), "STOCK_LOW", settings(null, "WARNING", null, "OUT")).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
        put(shop, shop.admin(), "NO_SUCH_RULE", settings(true, "WARNING", null, null)).then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
        assertThat(rules(shop)).allSatisfy(r -> assertThat(r).containsEntry("source", "DEFAULT"));
    }

    @Test
    void aDisabledRuleRaisesNothingAndSeverityAndLevelApplyToTheNextSighting() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        put(shop, shop.admin(), "FRAUD_HOLD", settings(false, "WARNING", null, null)).then().statusCode(200)
                .body("enabled", is(false)).body("windowMinutes", nullValue());
        put(shop, shop.admin(), "STOCK_FROZEN", settings(true, "CRITICAL", null, null)).then().statusCode(200);
        put(shop, shop.admin(), "STOCK_LOW", settings(true, "INFO", null, "OUT")).then().statusCode(200);
        String orderId = OperationsShop.newOrderId();
        Instant at = Instant.now();

        shop.applied(new OrderHeld(orderId, HoldReason.FRAUD_REVIEW, "4 paid orders from one IP within 10 minutes", at),
                new StockFrozen("sku-f", "p-f", OperationsShop.WAREHOUSE, 3, 20, FreezePolicy.PLATFORM_ZERO, at),
                new StockLevelCrossed("sku-l", "p-l", OperationsShop.WAREHOUSE, StockLevel.OK, StockLevel.BELOW_THIRD_WARNING,
                        5, 10, at));
        assertThat(shop.alerts()).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("rule", "STOCK_FROZEN").containsEntry("severity", "CRITICAL"));

        shop.applied(new StockLevelCrossed("sku-l", "p-l", OperationsShop.WAREHOUSE, StockLevel.BELOW_THIRD_WARNING,
                StockLevel.OUT, 0, null, at.plusSeconds(1)));
        assertThat(shop.awaitAlert(Rule.STOCK_LOW, Subject.sku("sku-l", OperationsShop.WAREHOUSE), AlertState.OPEN))
                .containsEntry("severity", "INFO");
    }

    private static List<Map<String, Object>> rules(OperationsShop shop) {
        return given().auth().oauth2(shop.viewer()).get("/api/shops/{s}/rules", shop.shopId)
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static Response put(OperationsShop shop, String token, String rule, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .put("/api/shops/{s}/rules/{r}", shop.shopId, rule);
    }

    private static Map<String, Object> settings(Boolean enabled, String severity, Integer windowMinutes, String level) {
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", enabled);
        body.put("severity", severity);
        body.put("windowMinutes", windowMinutes);
        body.put("level", level);
        return body;
    }
}
