package io.shipsync.alerting;

import static io.restassured.RestAssured.given;
import static io.shipsync.alerting.OperationsShop.item;
import static io.shipsync.alerting.OperationsShop.parcel;
import static io.shipsync.alerting.OperationsShop.tracked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shipsync.alerting.notify.NotificationReceiversResource;
import io.shipsync.alerting.notify.ServiceReceivers;
import io.shipsync.alerting.notify.ServiceReceivers.Answer;
import io.shipsync.eventing.http.Problem;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.TrackingState;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestClock;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.NotificationReceived;
import io.shipsync.sim.PlatformSim;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * 切换备用快递 in one click: the stall ladder's third step tells whoever receives it which request does it, and that
 * request on the alert asks logistics-service (played by {@link ServiceReceivers}) with the caller's own token, passes
 * its answer on, refusals as problem+json with its reason, and records who did it.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(NotificationReceiversResource.class)
class CarrierSwitchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @Inject
    TestClock clock;
    @Inject
    Alerts alerts;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final PlatformSim sim = PlatformSimResource.sim();
    private final ServiceReceivers services = ServiceReceivers.get();

    @Test
    void theThirdStepsNoticeNamesTheOneClickWhichAsksLogisticsServiceAsTheCaller() throws Exception {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String hook = "hook-" + UUID.randomUUID();
        sim.addWebhook(hook, "switch-secret-0123");
        given().auth().oauth2(shop.admin()).contentType(ContentType.JSON)
                .body(Map.of("kind", "WEBHOOK", "enabled", true, "url", sim.baseUrl() + "/hooks/" + hook,
                        "secret", "switch-secret-0123", "rules", List.of("TRACKING_STALLED")))
                .put("/api/shops/{s}/channels/{c}", shop.shopId, "ops-hook").then().statusCode(200);
        given().auth().oauth2(shop.admin()).contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "severity", "WARNING", "ladderMinutes", List.of(1, 2, 3, 60)))
                .put("/api/shops/{s}/rules/TRACKING_STALLED", shop.shopId).then().statusCode(200);
        String orderId = OperationsShop.newOrderId();
        String number = OperationsShop.trackingNumber();
        // Scanned three and a half minutes ago: the shop's first three steps fall due at once, one per sweep.
        Instant scannedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofSeconds(210));
        shop.applied(new OrderShipped(orderId, List.of(parcel(number, item("cup", 1))), scannedAt.minusSeconds(600), true, false));
        shop.applied(tracked(number, orderId, TrackingState.PICKED_UP, scannedAt, "杭州西湖区"));
        await().atMost(OperationsShop.WITHIN).until(() -> shop.count("SELECT count(*) FROM rule_timers WHERE shop_id = ?"
                + " AND rule = 'TRACKING_STALLED' AND subject_id = ? AND step = 3", shop.shopId, number) == 1);
        long alertId = ((Number) shop.alerts(Rule.TRACKING_STALLED, Subject.trackingNumber(number)).get(0).get("id")).longValue();
        String oneClick = "POST /api/shops/" + shop.shopId + "/alerts/" + alertId + "/switch-carrier";

        // The step-3 notice ends with the request that does it.
        JsonNode notice = await().atMost(OperationsShop.WITHIN).until(() -> sim.notificationsReceived().stream()
                .filter(r -> r.target().equals(hook)).map(NotificationReceived::body).map(CarrierSwitchTest::json)
                .filter(n -> n.path("step").asInt() == 3).findFirst().orElse(null), n -> n != null);
        assertThat(notice.path("action").asText()).isEqualTo("SWITCH_CARRIER");
        assertThat(notice.path("summary").asText()).contains("建议切换备用快递").endsWith("\n一键切换备用快递: " + oneClick);

        String logistics = "/api/shops/" + shop.shopId + "/tracking/" + number + "/switch-carrier";
        String accepted = "{\"switchId\":\"7d4f0a52-9a41-4c39-9f6b-0d1c2e3f4a5b\",\"shopId\":\"" + shop.shopId + "\",\"orderId\":\""
                + orderId + "\",\"fromCarrier\":\"SF\",\"fromNumber\":\"" + number + "\",\"toCarrier\":\"ZTO\",\"step\":\"REQUESTED\"}";
        services.answer(logistics, Answer.json(202, accepted));

        // Only operators of the shop: refused before logistics-service is asked.
        given().auth().oauth2(shop.viewer()).post("/api/shops/{s}/alerts/{a}/switch-carrier", shop.shopId, alertId)
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(TestTokens.operator("another-shop")).post("/api/shops/{s}/alerts/{a}/switch-carrier",
                shop.shopId, alertId).then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        assertThat(services.received(logistics)).isEmpty();

        // The one click: logistics-service's own answer, asked with the operator's token and no body.
        String operator = shop.operator();
        String answer = given().auth().oauth2(operator).post("/api/shops/{s}/alerts/{a}/switch-carrier", shop.shopId, alertId)
                .then().statusCode(202).contentType(ContentType.JSON).extract().asString();
        assertThat(answer).isEqualTo(accepted);
        assertThat(services.received(logistics)).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + operator);
            assertThat(r.body()).isEmpty();
        });
        List<Map<String, Object>> actions = shop.history(alertId).getList("actions");
        assertThat(actions.get(actions.size() - 1)).containsEntry("kind", "SWITCH_CARRIER").containsEntry("actor", "test-operator")
                .containsEntry("note", "切换备用快递 requested: switch 7d4f0a52-9a41-4c39-9f6b-0d1c2e3f4a5b, SF " + number
                        + " → ZTO (REQUESTED)");

        // logistics-service's refusals keep their status and reason; unreachable is 503. None is recorded.
        services.answer(logistics, Answer.problem(409, "the carrier has had " + number + " since its first scan (PICKED_UP)"));
        switchCarrier(shop, alertId).statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("logistics-service refused the switch (409): the carrier has had " + number
                        + " since its first scan (PICKED_UP)"));
        services.answer(logistics, Answer.problem(404, "shop " + shop.shopId + " does not watch " + number));
        switchCarrier(shop, alertId).statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("does not watch " + number));
        services.answer(logistics, Answer.problem(503, "restarting"));
        switchCarrier(shop, alertId).statusCode(503).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("logistics-service 503: restarting"));
        assertThat(shop.history(alertId).getList("actions.kind")).containsOnlyOnce("SWITCH_CARRIER");
        assertThat(services.received(logistics)).hasSize(4);

        // Not a stall alert, an unknown one, a resolved one: refused here, logistics-service not asked.
        String orderAlertId = OperationsShop.newOrderId();
        QuarkusTransaction.requiringNew().run(() -> alerts.raise(new Observation(shop.shopId, Rule.DRIFT_DETECTED,
                Subject.order(orderAlertId), "drift", Instant.parse("2026-11-26T08:00:00Z"), null)));
        Object driftId = shop.alerts(Rule.DRIFT_DETECTED, Subject.order(orderAlertId)).get(0).get("id");
        switchCarrier(shop, driftId).statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("only a delayed parcel's alert (NO_FIRST_SCAN or TRACKING_STALLED)"));
        switchCarrier(shop, 0).statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of())
                .post("/api/shops/{s}/alerts/{a}/resolve", shop.shopId, alertId).then().statusCode(200);
        switchCarrier(shop, alertId).statusCode(409).body("detail", containsString("RESOLVED"));
        assertThat(services.received(logistics)).hasSize(4);
    }

    @Test
    void aParcelNeverCollectedIsSwitchedFromItsFirstScanAlert() throws Exception {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String hook = "hook-" + UUID.randomUUID();
        sim.addWebhook(hook, "first-scan-secret-01");
        given().auth().oauth2(shop.admin()).contentType(ContentType.JSON)
                .body(Map.of("kind", "WEBHOOK", "enabled", true, "url", sim.baseUrl() + "/hooks/" + hook,
                        "secret", "first-scan-secret-01", "rules", List.of("NO_FIRST_SCAN")))
                .put("/api/shops/{s}/channels/{c}", shop.shopId, "ops-hook").then().statusCode(200);
        String number = OperationsShop.trackingNumber();
        QuarkusTransaction.requiringNew().run(() -> alerts.raise(new Observation(shop.shopId, Rule.NO_FIRST_SCAN,
                Subject.trackingNumber(number), "物流单号未同步: " + number + " has no carrier scan 60 minutes after its"
                + " declaration", clock.instant(), null)));
        long alertId = ((Number) shop.alerts(Rule.NO_FIRST_SCAN, Subject.trackingNumber(number)).get(0).get("id")).longValue();
        String oneClick = "POST /api/shops/" + shop.shopId + "/alerts/" + alertId + "/switch-carrier";

        // The alert's own notice names the one click: the carrier never came, so the backup carrier can take it.
        JsonNode notice = await().atMost(OperationsShop.WITHIN).until(() -> sim.notificationsReceived().stream()
                .filter(r -> r.target().equals(hook)).map(NotificationReceived::body).map(CarrierSwitchTest::json)
                .filter(n -> n.path("rule").asText().equals("NO_FIRST_SCAN")).findFirst().orElse(null), n -> n != null);
        assertThat(notice.path("summary").asText()).endsWith("\n一键切换备用快递: " + oneClick);

        String logistics = "/api/shops/" + shop.shopId + "/tracking/" + number + "/switch-carrier";
        String accepted = "{\"switchId\":\"0b6c1f7e-4c2a-4f1e-9a53-1f2e3d4c5b6a\",\"fromCarrier\":\"SF\",\"fromNumber\":\""
                + number + "\",\"toCarrier\":\"ZTO\",\"step\":\"REQUESTED\"}";
        services.answer(logistics, Answer.json(202, accepted));
        String operator = shop.operator();
        given().auth().oauth2(operator).post("/api/shops/{s}/alerts/{a}/switch-carrier", shop.shopId, alertId)
                .then().statusCode(202).contentType(ContentType.JSON).body(equalTo(accepted));
        assertThat(services.received(logistics)).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + operator));
        assertThat(shop.history(alertId).getList("actions.kind")).containsOnlyOnce("SWITCH_CARRIER");
    }

    private static io.restassured.response.ValidatableResponse switchCarrier(OperationsShop shop, Object alertId) {
        return given().auth().oauth2(shop.operator()).post("/api/shops/{s}/alerts/{a}/switch-carrier", shop.shopId, alertId)
                .then();
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
