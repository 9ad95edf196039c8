package io.shipsync.alerting;

import static io.restassured.RestAssured.given;
import static io.shipsync.alerting.OperationsShop.tracked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shipsync.events.AlertEscalated;
import io.shipsync.events.AlertRaised;
import io.shipsync.events.AlertResolved;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventCodec;
import io.shipsync.events.TrackingState;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestClock;
import io.shipsync.infra.testing.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stall ladder: a scanned parcel without movement reaches 联系快递 at 1 h, 提醒买家 at 2 h, 建议切换备用快递 at 4 h and
 * 赔付 at 24 h by default, one alert per number, raised then escalated; movement resolves it and starts again.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class StallLadderRuleTest {

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @Inject
    TestClock clock;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void eachStepFiresOnceAtItsThresholdMovementResolvesAndRestartsTheLadderAndDeliveryEndsIt() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        String number = OperationsShop.trackingNumber();
        Subject subject = Subject.trackingNumber(number);
        Instant scannedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        shop.applied(tracked(number, orderId, TrackingState.PICKED_UP, scannedAt, "杭州西湖区"));
        assertTimer(shop, number, 0, scannedAt.plus(Duration.ofHours(1)), false);

        clock.advance(Duration.ofMinutes(61));
        Map<String, Object> alert = shop.awaitAlert(Rule.TRACKING_STALLED, subject, AlertState.OPEN);
        assertThat(alert).containsEntry("severity", "WARNING").containsEntry("repeats", 1)
                .containsEntry("raisedAt", scannedAt.plus(Duration.ofHours(1)).toString());
        assertThat((String) alert.get("summary")).contains(number).contains("not moved for 60 min").contains("联系快递");
        awaitStep(shop, number, 1);
        assertTimer(shop, number, 1, scannedAt.plus(Duration.ofHours(2)), false);

        clock.advance(Duration.ofMinutes(60));
        awaitStep(shop, number, 2);
        assertThat((String) latest(shop, subject).get("summary")).contains("提醒买家").contains("SMS");

        clock.advance(Duration.ofMinutes(120));
        awaitStep(shop, number, 3);
        assertThat((String) latest(shop, subject).get("summary")).contains("建议切换备用快递").contains("switch-carrier");

        clock.advance(Duration.ofHours(20));
        awaitStep(shop, number, 4);
        // The last step leaves the row fired: the sweeps after it find nothing due, so nothing repeats.
        assertTimer(shop, number, 4, scannedAt.plus(Duration.ofHours(24)), true);
        Object id = alert.get("id");
        assertThat(shop.history(id).getList("actions.kind")).containsExactly("RAISED", "ESCALATED", "ESCALATED", "ESCALATED");
        assertThat(latest(shop, subject)).containsEntry("id", id).containsEntry("repeats", 1)
                .containsEntry("lastSeenAt", scannedAt.plus(Duration.ofHours(24)).toString());

        Instant movedAt = scannedAt.plus(Duration.ofHours(24)).plusSeconds(30);
        shop.applied(tracked(number, orderId, TrackingState.IN_TRANSIT, movedAt, "杭州转运中心"));
        assertThat(shop.awaitAlert(Rule.TRACKING_STALLED, subject, AlertState.RESOLVED))
                .containsEntry("resolvedAt", movedAt.toString()).containsEntry("resolution", "CONDITION_CLEARED");
        assertTimer(shop, number, 0, movedAt.plus(Duration.ofHours(1)), false);
        List<DomainEvent> announced = await().atMost(OperationsShop.WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> shop.announced(id), events -> events.stream().anyMatch(AlertResolved.class::isInstance));
        assertThat(announced).hasSize(5);
        assertThat(announced.get(0)).isInstanceOf(AlertRaised.class);
        assertThat(announced.subList(1, 4)).allSatisfy(e -> assertThat(e).isInstanceOf(AlertEscalated.class))
                .extracting(e -> ((AlertEscalated) e).step() + " " + ((AlertEscalated) e).action() + " "
                        + ((AlertEscalated) e).escalatedAt())
                .containsExactly("2 REMIND_BUYER " + scannedAt.plus(Duration.ofHours(2)),
                        "3 SWITCH_CARRIER " + scannedAt.plus(Duration.ofHours(4)),
                        "4 COMPENSATION_CASE " + scannedAt.plus(Duration.ofHours(24)));
        assertThat(announced.get(4)).isInstanceOf(AlertResolved.class);

        // A late checkpoint older than the last movement is no movement.
        shop.applied(tracked(number, orderId, TrackingState.IN_TRANSIT, movedAt.minusSeconds(600), "杭州西湖区"));
        assertTimer(shop, number, 0, movedAt.plus(Duration.ofHours(1)), false);

        clock.advance(Duration.ofMinutes(61));
        Map<String, Object> again = await().atMost(OperationsShop.WITHIN)
                .until(() -> latest(shop, subject), a -> !a.get("id").equals(id) && a.get("state").equals("OPEN"));
        assertThat(again).containsEntry("raisedAt", movedAt.plus(Duration.ofHours(1)).toString());

        Instant deliveredAt = movedAt.plus(Duration.ofMinutes(90));
        shop.applied(tracked(number, orderId, TrackingState.DELIVERED, deliveredAt, "杭州西湖区"));
        assertThat(shop.awaitAlert(Rule.TRACKING_STALLED, subject, AlertState.RESOLVED)).containsEntry("resolvedAt",
                deliveredAt.toString());
        assertThat(shop.count("SELECT count(*) FROM rule_timers WHERE shop_id = ? AND subject_id = ?", shop.shopId, number))
                .as("a delivered parcel is watched no more").isZero();
    }

    @Test
    void aShopsOwnThresholdsApplyAndStepsMissedWhileNoSweepRanFireOnceEachInOrder() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        given().auth().oauth2(shop.admin()).contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "severity", "WARNING", "ladderMinutes", List.of(10, 5, 30, 40)))
                .put("/api/shops/{s}/rules/TRACKING_STALLED", shop.shopId).then().statusCode(400)
                .body("detail", containsString("rise step by step"));
        given().auth().oauth2(shop.admin()).contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "severity", "CRITICAL", "ladderMinutes", List.of(10, 20, 30, 40)))
                .put("/api/shops/{s}/rules/TRACKING_STALLED", shop.shopId).then().statusCode(200);
        String number = OperationsShop.trackingNumber();
        Subject subject = Subject.trackingNumber(number);
        // Scanned 35 minutes ago: three thresholds passed as if the service had been down since.
        Instant scannedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofMinutes(35));

        shop.applied(tracked(number, null, TrackingState.PICKED_UP, scannedAt, "杭州西湖区"));
        awaitStep(shop, number, 3);
        assertTimer(shop, number, 3, scannedAt.plus(Duration.ofMinutes(40)), false);
        Map<String, Object> alert = latest(shop, subject);
        assertThat(alert).containsEntry("severity", "CRITICAL").containsEntry("raisedAt", scannedAt.plus(Duration.ofMinutes(10)).toString());
        assertThat(shop.history(alert.get("id")).getList("actions.note", String.class))
                .extracting(note -> note.substring(note.indexOf("step")))
                .containsExactly("step 1, contact the carrier (联系快递)", "step 2, remind the buyer by SMS and in WeChat (提醒买家)",
                        "step 3, switch to the backup carrier (建议切换备用快递), one click: the alert's switch-carrier");
    }


    @Test
    void theFirstStepOpensACarrierTaskMovementMakesItObsoleteAndTheLastOpensACompensationCase() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        String number = OperationsShop.trackingNumber();
        Instant scannedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        shop.applied(tracked(number, orderId, TrackingState.PICKED_UP, scannedAt, "杭州西湖区"));

        clock.advance(Duration.ofMinutes(61));
        awaitStep(shop, number, 1);
        Map<String, Object> contact = tasks(shop, number).get(0);
        assertThat(contact).containsEntry("kind", "CONTACT_CARRIER").containsEntry("state", "OPEN")
                .containsEntry("orderId", orderId).containsEntry("carrierCode", "SF")
                .containsEntry("stalledSince", scannedAt.toString())
                .containsEntry("openedAt", scannedAt.plus(Duration.ofHours(1)).toString());

        Instant movedAt = scannedAt.plus(Duration.ofMinutes(70));
        shop.applied(tracked(number, orderId, TrackingState.IN_TRANSIT, movedAt, "杭州转运中心"));
        assertThat(tasks(shop, number)).singleElement().satisfies(t -> assertThat(t).containsEntry("state", "OBSOLETE")
                .containsEntry("closedBy", "system").containsEntry("closedAt", movedAt.toString()));

        // The ladder again from the movement, to its last step: a new contact task, then the compensation case.
        clock.advance(Duration.ofHours(25));
        awaitStep(shop, number, 4);
        List<Map<String, Object>> tasks = tasks(shop, number);
        assertThat(tasks).extracting(t -> t.get("kind") + " " + t.get("state") + " " + t.get("stalledSince"))
                .containsExactly("COMPENSATION_CASE OPEN " + movedAt, "CONTACT_CARRIER OPEN " + movedAt,
                        "CONTACT_CARRIER OBSOLETE " + scannedAt);
        Object caseId = tasks.get(0).get("id");

        given().auth().oauth2(shop.viewer()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/shops/{s}/tasks/{t}/done", shop.shopId, caseId).then().statusCode(403);
        given().auth().oauth2(TestTokens.operator("another-shop")).contentType(ContentType.JSON).body(Map.of())
                .post("/api/shops/{s}/tasks/{t}/done", shop.shopId, caseId).then().statusCode(403);
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body(Map.of("note", "顺丰已赔付 ¥35"))
                .post("/api/shops/{s}/tasks/{t}/done", shop.shopId, caseId).then().statusCode(200)
                .body("state", is("DONE")).body("note", is("顺丰已赔付 ¥35")).body("closedBy", containsString("operator"));
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/shops/{s}/tasks/{t}/done", shop.shopId, caseId).then().statusCode(409)
                .contentType("application/problem+json");
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/shops/{s}/tasks/{t}/done", shop.shopId, 0).then().statusCode(404);
        assertThat(given().auth().oauth2(shop.viewer()).queryParam("state", "OPEN").get("/api/shops/{s}/tasks", shop.shopId)
                .then().statusCode(200).extract().jsonPath().getList("items.kind")).containsExactly("CONTACT_CARRIER");
    }

    private static List<Map<String, Object>> tasks(OperationsShop shop, String number) {
        return given().auth().oauth2(shop.viewer()).get("/api/shops/{s}/tasks", shop.shopId).then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("items").stream()
                .filter(t -> number.equals(t.get("trackingNumber"))).toList();
    }

    /** Waits until the number's ladder has passed {@code step}: the timer row is the ladder's only memory. */
    private static void awaitStep(OperationsShop shop, String number, int step) {
        await().atMost(OperationsShop.WITHIN).until(() -> shop.count("SELECT count(*) FROM rule_timers WHERE shop_id = ?"
                + " AND rule = 'TRACKING_STALLED' AND subject_id = ? AND step = ?", shop.shopId, number, step) == 1);
    }

    private static void assertTimer(OperationsShop shop, String number, int step, Instant dueAt, boolean fired) {
        assertThat(shop.count("SELECT count(*) FROM rule_timers WHERE shop_id = ? AND rule = 'TRACKING_STALLED'"
                        + " AND subject_id = ? AND step = ? AND due_at = ? AND (fired_at IS NOT NULL) = ?", shop.shopId, number,
                step, OffsetDateTime.ofInstant(dueAt, ZoneOffset.UTC), fired))
                .as("ladder of %s at step %d due %s", number, step, dueAt).isEqualTo(1);
    }

    private static Map<String, Object> latest(OperationsShop shop, Subject subject) {
        return shop.alerts(Rule.TRACKING_STALLED, subject).get(0);
    }
}
