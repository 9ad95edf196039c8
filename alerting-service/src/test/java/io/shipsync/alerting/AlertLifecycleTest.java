package io.shipsync.alerting;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.shipsync.eventing.http.Problem;
import io.shipsync.events.AlertResolution;
import io.shipsync.events.AlertResolved;
import io.shipsync.events.DriftDetected;
import io.shipsync.events.DriftKind;
import io.shipsync.events.EventCodec;
import io.shipsync.events.FreezePolicy;
import io.shipsync.events.HoldReason;
import io.shipsync.events.OrderHeld;
import io.shipsync.events.StockFrozen;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The alert API: listing with filters and pages, and an alert's life by hand — acknowledged, assigned, resolved. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertLifecycleTest {

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void alertsAreListedNewestFirstFilteredAndPaged() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String held = OperationsShop.newOrderId();
        String drifted = OperationsShop.newOrderId();
        shop.applied(new StockFrozen("sku-1", "p-1", OperationsShop.WAREHOUSE, 3, 20, FreezePolicy.PLATFORM_ZERO, at),
                new OrderHeld(held, HoldReason.FRAUD_REVIEW, "4 paid orders from one buyer within 10 minutes", at.plusSeconds(1)),
                new DriftDetected(drifted, DriftKind.TRACKING_MISMATCH, "SF1 here, SF2 on the platform", null, List.of("SF1"),
                        List.of("SF2"), at.plusSeconds(2)));
        await().atMost(OperationsShop.WITHIN).until(() -> shop.alerts().size() == 3);

        assertThat(shop.alerts()).extracting(a -> a.get("rule"))
                .containsExactly("DRIFT_DETECTED", "FRAUD_HOLD", "STOCK_FROZEN");
        assertThat(shop.alerts("severity", "CRITICAL")).extracting(a -> a.get("subject"))
                .containsExactly(Map.of("type", "ORDER", "id", drifted));
        assertThat(shop.alerts("subjectType", "SKU", "subjectId", "sku-1@default")).extracting(a -> a.get("rule"))
                .containsExactly("STOCK_FROZEN");
        assertThat(shop.alerts("rule", "FRAUD_HOLD", "state", "OPEN")).hasSize(1);
        assertThat(shop.alerts("state", "RESOLVED")).isEmpty();
        given().auth().oauth2(shop.viewer()).queryParam("size", 2).queryParam("page", 1).get("/api/shops/{s}/alerts", shop.shopId)
                .then().statusCode(200).body("total", is(3)).body("page", is(1)).body("size", is(2))
                .body("items.rule", is(List.of("STOCK_FROZEN")));
        given().auth().oauth2(shop.viewer()).queryParam("size", 501).get("/api/shops/{s}/alerts", shop.shopId)
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void anOperatorAcknowledgesAssignsAndResolvesAndEveryStepIsRecorded() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OrderHeld hold = new OrderHeld(orderId, HoldReason.FRAUD_REVIEW, "4 paid orders from one IP within 10 minutes", at);
        shop.applied(hold);
        Object id = shop.awaitAlert(Rule.FRAUD_HOLD, Subject.order(orderId), AlertState.OPEN).get("id");
        String path = "/api/shops/{s}/alerts/" + id;

        shop.post(shop.viewer(), path + "/acknowledge", Map.of()).then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        shop.post(shop.operator(), path + "/acknowledge", Map.of("note", "calling the buyer")).then().statusCode(200)
                .body("alert.state", is("ACKNOWLEDGED")).body("alert.acknowledgedBy", is("test-operator"));
        shop.post(shop.operator(), path + "/acknowledge", Map.of()).then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("is ACKNOWLEDGED"));
        shop.post(shop.operator(), path + "/assign", Map.of("assignee", "")).then().statusCode(400);
        shop.post(shop.admin(), path + "/assign", Map.of("assignee", "li.lei")).then().statusCode(200)
                .body("alert.assignee", is("li.lei"));
        assertThat(shop.alerts("state", "OPEN", "state", "ACKNOWLEDGED")).hasSize(1);

        JsonPath resolved = shop.post(shop.operator(), path + "/resolve", Map.of("note", "buyer verified by phone"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(resolved.getString("alert.state")).isEqualTo("RESOLVED");
        assertThat(resolved.getString("alert.resolution")).isEqualTo("OPERATOR");
        assertThat(resolved.getString("alert.resolvedBy")).isEqualTo("test-operator");
        assertThat(resolved.getList("actions", Map.class)).extracting(a -> a.get("kind") + " by " + a.get("actor") + ": " + a.get("note"))
                .containsExactly("RAISED by system: Order " + orderId + " held for fraud review: " + hold.description(),
                        "ACKNOWLEDGED by test-operator: calling the buyer", "ASSIGNED by test-admin: li.lei",
                        "RESOLVED by test-operator: buyer verified by phone");
        shop.post(shop.operator(), path + "/resolve", Map.of()).then().statusCode(409);
        shop.post(shop.operator(), path + "/assign", Map.of("assignee", "han.meimei")).then().statusCode(409);

        AlertResolved announced = await().atMost(OperationsShop.WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> shop.announced(id).stream().filter(AlertResolved.class::isInstance).map(AlertResolved.class::cast)
                        .findFirst().orElse(null), e -> e != null);
        assertThat(announced.resolution()).isEqualTo(AlertResolution.OPERATOR);
        assertThat(announced.resolvedBy()).isEqualTo("test-operator");

        // The hold is still there: its next sighting is a new alert.
        shop.applied(new OrderHeld(orderId, HoldReason.FRAUD_REVIEW, "6 paid orders from one IP within 10 minutes",
                at.plusSeconds(60)));
        assertThat(shop.awaitAlert(Rule.FRAUD_HOLD, Subject.order(orderId), AlertState.OPEN).get("id")).isNotEqualTo(id);
        assertThat(shop.alerts(Rule.FRAUD_HOLD, Subject.order(orderId))).hasSize(2);
    }

    @Test
    void alertsAreTheShopsOwn() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        OperationsShop stranger = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        stranger.applied(new OrderHeld(orderId, HoldReason.FRAUD_REVIEW, "4 paid orders from one IP within 10 minutes",
                Instant.now()));
        Object strangersAlert = stranger.awaitAlert(Rule.FRAUD_HOLD, Subject.order(orderId), AlertState.OPEN).get("id");

        given().auth().oauth2(shop.viewer()).get("/api/shops/{s}/alerts/{a}", shop.shopId, strangersAlert)
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        shop.post(shop.operator(), "/api/shops/{s}/alerts/" + strangersAlert + "/resolve", Map.of()).then().statusCode(404);
        given().auth().oauth2(shop.viewer()).get("/api/shops/{s}/alerts", stranger.shopId)
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().get("/api/shops/{s}/alerts", shop.shopId).then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(TestTokens.expired("viewer", shop.shopId)).get("/api/shops/{s}/alerts", shop.shopId)
                .then().statusCode(401);
        assertThat(shop.alerts()).isEmpty();
    }
}
