package io.shipsync.alerting.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import io.shipsync.eventing.http.Problem;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.Rows;
import io.shipsync.infra.testing.TestClock;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.NotificationReceived;
import io.shipsync.sim.PlatformSim;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts reach the shop's channels in each channel's documented format, checked by platform-sim's receivers, which
 * verify key and signatures (HMAC-SHA256, TC3-HMAC-SHA256) on their own; a receiver that is down gets retries, each
 * attempt in the delivery log; quiet hours hold a WARNING back and let a CRITICAL through. The buyer's reminders are
 * {@code BuyerReminderTest}'s.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(NotificationReceiversResource.class)
class NotificationsTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    Alerts alerts;
    @Inject
    TestClock clock;
    @Inject
    DataSource dataSource;

    private final PlatformSim sim = PlatformSimResource.sim();
    private final String shopId = "shop-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aRaisedAlertReachesTheWeComRobotAsDocumentedMarkdown() {
        String key = "robot-" + UUID.randomUUID();
        sim.addWeComRobot(key);
        channel("ops-robot", Map.of("kind", "WECOM_ROBOT", "enabled", true, "secret", key));
        Instant at = Instant.parse("2026-11-26T08:00:00Z");

        long alertId = raise(Rule.DRIFT_DETECTED, "o-1001", "平台订单已取消，但本地已发货", at);

        NotificationReceived received = awaitReceived(key, 1).get(0);
        String content = "### ShipSync 告警 <font color=\\\"warning\\\">CRITICAL</font>\\n"
                + "> 规则: DRIFT_DETECTED\\n> 对象: ORDER o-1001\\n> 店铺: " + shopId + "\\n"
                + "> 时间: 2026-11-26T08:00:00Z\\n\\n平台订单已取消，但本地已发货";
        assertThat(received.body()).isEqualTo("{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"" + content + "\"}}");
        assertThat(received.uri()).isEqualTo("/cgi-bin/webhook/send?key=" + key);
        assertThat(received.header("Content-Type")).startsWith("application/json");
        assertThat(received.accepted()).isTrue();
        assertThat(received.code()).isEqualTo("0");

        Map<String, Object> delivery = awaitDelivery("alertId", alertId, "SENT");
        assertThat(delivery).containsEntry("channelId", "ops-robot").containsEntry("kind", "WECOM_ROBOT")
                .containsEntry("reason", "RAISED").containsEntry("severity", "CRITICAL");
        assertThat(attempts(delivery)).singleElement().satisfies(attempt -> assertThat(attempt)
                .containsEntry("attempt", 1).containsEntry("outcome", "SENT").containsEntry("httpStatus", 200)
                .containsEntry("answerCode", "0"));
    }

    @Test
    void aWebhookIsSignedOverTimestampAndBodyAndADownReceiverGetsRetriesEachLogged() throws Exception {
        String hook = "hook-" + UUID.randomUUID();
        String secret = "webhook-secret-" + UUID.randomUUID();
        sim.addWebhook(hook, secret);
        channel("ops-hook", Map.of("kind", "WEBHOOK", "enabled", true, "url", sim.baseUrl() + "/hooks/" + hook,
                "secret", secret, "minSeverity", "WARNING"));
        Instant at = Instant.parse("2026-11-26T09:30:00Z");

        long alertId = raise(Rule.FRAUD_HOLD, "o-2002", "订单风控审核中", at);

        NotificationReceived received = awaitReceived(hook, 1).get(0);
        assertThat(received.accepted()).isTrue();
        assertThat(received.body()).isEqualTo("{\"reason\":\"RAISED\",\"shopId\":\"" + shopId + "\",\"alertId\":\"" + alertId
                + "\",\"rule\":\"FRAUD_HOLD\",\"severity\":\"WARNING\",\"subjectType\":\"ORDER\",\"subjectId\":\"o-2002\","
                + "\"summary\":\"订单风控审核中\",\"step\":null,\"action\":null,\"at\":\"2026-11-26T09:30:00Z\"}");
        String timestamp = received.header("X-ShipSync-Timestamp");
        assertThat(Long.parseLong(timestamp)).isCloseTo(clock.instant().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(received.header("X-ShipSync-Signature")).isEqualTo("sha256=" + hmac(secret, timestamp + "." + received.body()));

        // Down for two requests: the third attempt gets through, and the log has all three.
        sim.takeDownReceiver(hook, 2);
        long second = raise(Rule.FRAUD_HOLD, "o-2003", "订单风控审核中", at);
        Map<String, Object> delivery = awaitDelivery("alertId", second, "SENT");
        assertThat(attempts(delivery)).extracting(a -> a.get("attempt") + " " + a.get("outcome") + " " + a.get("httpStatus"))
                .containsExactly("1 TEMPORARY_FAILURE 503", "2 TEMPORARY_FAILURE 503", "3 SENT 200");
        assertThat(awaitReceived(hook, 4)).extracting(NotificationReceived::httpStatus).containsExactly(200, 503, 503, 200);

        // A channel that gives up after two attempts: the delivery FAILED, both attempts logged.
        channel("ops-hook", Map.of("kind", "WEBHOOK", "enabled", true, "url", sim.baseUrl() + "/hooks/" + hook,
                "minSeverity", "WARNING", "maxAttempts", 2));
        sim.takeDownReceiver(hook, 5);
        long third = raise(Rule.FRAUD_HOLD, "o-2004", "订单风控审核中", at);
        Map<String, Object> failed = awaitDelivery("alertId", third, "FAILED");
        assertThat(attempts(failed)).extracting(a -> a.get("outcome") + " " + a.get("httpStatus"))
                .containsExactly("TEMPORARY_FAILURE 503", "TEMPORARY_FAILURE 503");
        given().auth().oauth2(TestTokens.viewer(shopId)).queryParam("state", "FAILED").queryParam("channelId", "ops-hook")
                .get("/api/shops/{s}/deliveries", shopId).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void quietHoursHoldAWarningUntilTheyEndAndLetACriticalThrough() {
        String key = "robot-" + UUID.randomUUID();
        sim.addWeComRobot(key);
        channel("night-robot", Map.of("kind", "WECOM_ROBOT", "enabled", true, "secret", key));
        ZonedDateTime now = clock.instant().atZone(SHANGHAI);
        LocalTime starts = now.minusHours(1).toLocalTime().truncatedTo(ChronoUnit.MINUTES);
        LocalTime ends = now.plusHours(2).toLocalTime().truncatedTo(ChronoUnit.MINUTES);
        given().auth().oauth2(TestTokens.admin(shopId)).contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "starts", starts.toString(), "ends", ends.toString(), "zone", "Asia/Shanghai"))
                .put("/api/shops/{s}/quiet-hours", shopId).then().statusCode(200);
        Instant quietEnd = now.plusHours(2).truncatedTo(ChronoUnit.MINUTES).toInstant();

        long warning = raise(Rule.STOCK_FROZEN, "sku-1@default", "SKU 冻结", clock.instant());
        long critical = raise(Rule.STOCK_SHORTAGE, "sku-2@default", "SKU 缺货", clock.instant());

        // The critical one arriving is the marker that both were submitted and the queue ran past the warning.
        assertThat(awaitReceived(key, 1).get(0).body()).contains("STOCK_SHORTAGE");
        awaitDelivery("alertId", critical, "SENT");
        Map<String, Object> held = deliveries("alertId", warning).get(0);
        assertThat(held).containsEntry("state", "PENDING").containsEntry("dueAt", quietEnd.toString());
        assertThat(attempts(held)).isEmpty();
        assertThat(sim.notificationsReceived()).filteredOn(r -> r.target().equals(key)).hasSize(1);

        clock.advance(Duration.ofHours(2));
        awaitDelivery("alertId", warning, "SENT");
        assertThat(awaitReceived(key, 2).get(1).body()).contains("STOCK_FROZEN");
    }

    @Test
    void aChannelTakesNoMoreThanItsRatePerMinute() {
        String hook = "hook-" + UUID.randomUUID();
        sim.addWebhook(hook, "rate-secret-0123");
        channel("slow-hook", Map.of("kind", "WEBHOOK", "enabled", true, "url", sim.baseUrl() + "/hooks/" + hook,
                "secret", "rate-secret-0123", "perMinute", 2));
        Instant at = Instant.parse("2026-11-26T13:00:00Z");

        raise(Rule.DRIFT_DETECTED, "o-3001", "drift", at);
        raise(Rule.DRIFT_DETECTED, "o-3002", "drift", at);
        long third = raise(Rule.DRIFT_DETECTED, "o-3003", "drift", at);

        await().atMost(WITHIN).until(() -> deliveries("state", "SENT").size() == 2);
        String waitingId = String.valueOf(deliveries("alertId", third).get(0).get("id"));
        // The marker that the queue has been at the third: its work item, run once, waits past the current minute.
        await().atMost(WITHIN).until(() -> Rows.count(dataSource, """
                SELECT count(*) FROM work_items WHERE queue = 'notification' AND shop_id = ? AND item_key = ?
                  AND attempts >= 1 AND lease_token IS NULL AND due_at > ?""", shopId, waitingId,
                Timestamp.from(clock.instant())) == 1);
        Map<String, Object> waiting = deliveries("alertId", third).get(0);
        assertThat(waiting).containsEntry("state", "PENDING");
        assertThat(attempts(waiting)).isEmpty();
        assertThat(sim.notificationsReceived()).filteredOn(r -> r.target().equals(hook)).hasSize(2);

        clock.advance(Duration.ofSeconds(61));
        awaitDelivery("alertId", third, "SENT");
        assertThat(awaitReceived(hook, 3)).hasSize(3);
    }

    @Test
    void anOperatorSendsATestMessageAndTheApiShowsNoSecret() {
        String key = "robot-" + UUID.randomUUID();
        sim.addWeComRobot(key);
        channel("test-robot", Map.of("kind", "WECOM_ROBOT", "enabled", true, "secret", key));

        JsonPath list = given().auth().oauth2(TestTokens.viewer(shopId)).get("/api/shops/{s}/channels", shopId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(list.getString("[0].secret")).isEqualTo("****" + key.substring(key.length() - 4));
        assertThat(list.prettify()).doesNotContain(key);
        // At rest the secret is sealed for its channel: no row of the table holds it, and it still signs (below).
        assertThat(Rows.count(dataSource, "SELECT count(*) FROM notification_channels WHERE shop_id = ? AND channel_id = ?"
                + " AND secret LIKE 'v1:test-b:%'", shopId, "test-robot")).isEqualTo(1);
        assertThat(Rows.count(dataSource, "SELECT count(*) FROM notification_channels t WHERE t::text LIKE ?", "%" + key + "%"))
                .isZero();

        long id = given().auth().oauth2(TestTokens.operator(shopId)).post("/api/shops/{s}/channels/{c}/test", shopId, "test-robot")
                .then().statusCode(202).extract().jsonPath().getLong("id");
        assertThat(awaitReceived(key, 1).get(0).body()).contains("ShipSync 测试消息").contains("test-robot");
        await().atMost(WITHIN).until(() -> deliveries("channelId", "test-robot").stream()
                .anyMatch(d -> ((Number) d.get("id")).longValue() == id && "SENT".equals(d.get("state"))));

        given().auth().oauth2(TestTokens.viewer(shopId)).contentType(ContentType.JSON)
                .body(Map.of("kind", "WECOM_ROBOT", "enabled", true, "secret", key))
                .put("/api/shops/{s}/channels/{c}", shopId, "x").then().statusCode(403);
        given().auth().oauth2(TestTokens.admin(shopId)).contentType(ContentType.JSON)
                .body(Map.of("kind", "WEBHOOK", "enabled", true, "url", "http://127.0.0.1:1/h"))
                .put("/api/shops/{s}/channels/{c}", shopId, "new-hook").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(TestTokens.admin(shopId)).contentType(ContentType.JSON)
                .body(Map.of("kind", "WECOM_ROBOT", "enabled", true, "secret", key, "perMinute", 21))
                .put("/api/shops/{s}/channels/{c}", shopId, "fast-robot").then().statusCode(400);
        given().auth().oauth2(TestTokens.operator(shopId)).post("/api/shops/{s}/channels/{c}/test", shopId, "nope")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(TestTokens.viewer("another-shop")).get("/api/shops/{s}/deliveries", shopId)
                .then().statusCode(403);
    }

    @Test
    void smsGoesThroughTencentSendSmsSignedWithTc3() throws Exception {
        String secretId = "AKID" + UUID.randomUUID().toString().replace("-", "");
        String secretKey = "sms-secret-key-" + UUID.randomUUID();
        sim.addSmsAccount(secretId, secretKey, "1400000001", "ShipSync");
        channel("duty-sms", Map.of("kind", "SMS", "enabled", true, "secret", secretKey, "minSeverity", "CRITICAL",
                "sms", Map.of("secretId", secretId, "sdkAppId", "1400000001", "signName", "ShipSync", "templateId", "449739",
                        "buyerTemplateId", "449740", "recipients", List.of("+8613800000000"))));

        long alertId = raise(Rule.STOCK_SHORTAGE, "sku-9@default", "SKU 缺货", Instant.parse("2026-11-26T10:00:00Z"));

        NotificationReceived received = awaitReceived(secretId, 1).get(0);
        assertThat(received.accepted()).isTrue();
        assertThat(received.code()).isEqualTo("Ok");
        String body = "{\"PhoneNumberSet\":[\"+8613800000000\"],\"SmsSdkAppId\":\"1400000001\",\"SignName\":\"ShipSync\","
                + "\"TemplateId\":\"449739\",\"TemplateParamSet\":[\"CRITICAL\",\"STOCK_SHORTAGE\",\"sku-9@default\"]}";
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.uri()).isEqualTo("/");
        assertThat(received.header("X-TC-Action")).isEqualTo("SendSms");
        assertThat(received.header("X-TC-Version")).isEqualTo("2021-01-11");
        assertThat(received.header("X-TC-Region")).isEqualTo("ap-guangzhou");
        // The signature recomputed here from the documented canonical request, independently of sender and receiver.
        String timestamp = received.header("X-TC-Timestamp");
        String date = Instant.ofEpochSecond(Long.parseLong(timestamp)).atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
        String canonical = "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:"
                + java.net.URI.create(sim.baseUrl()).getAuthority() + "\nx-tc-action:sendsms\n\ncontent-type;host;x-tc-action\n"
                + sha256(body);
        String toSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/sms/tc3_request\n" + sha256(canonical);
        byte[] key = hmacBytes(hmacBytes(hmacBytes(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date), "sms"),
                "tc3_request");
        assertThat(received.header("Authorization")).isEqualTo("TC3-HMAC-SHA256 Credential=" + secretId + "/" + date
                + "/sms/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature="
                + HexFormat.of().formatHex(hmacBytes(key, toSign)));
        Map<String, Object> sent = awaitDelivery("alertId", alertId, "SENT");
        assertThat(attempts(sent)).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("outcome", "SENT").containsEntry("answerCode", "Ok"));
        assertThat((String) sent.get("body")).contains("\"+86138****0000\"").doesNotContain("+8613800000000");

        JsonPath channels = given().auth().oauth2(TestTokens.viewer(shopId)).get("/api/shops/{s}/channels", shopId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(channels.getList("[0].sms.recipients")).containsExactly("+86138****0000");
        assertThat(channels.prettify()).doesNotContain(secretKey).doesNotContain("+8613800000000").doesNotContain(secretId);
    }

    private void channel(String channelId, Map<String, Object> settings) {
        given().auth().oauth2(TestTokens.admin(shopId)).contentType(ContentType.JSON).body(settings)
                .put("/api/shops/{s}/channels/{c}", shopId, channelId).then().statusCode(200);
    }

    private long raise(Rule rule, String subjectId, String summary, Instant at) {
        Subject subject = new Subject(rule.subjectType(), subjectId);
        QuarkusTransaction.requiringNew().run(() -> alerts.raise(new Observation(shopId, rule, subject, summary, at, null)));
        return given().auth().oauth2(TestTokens.viewer(shopId)).queryParam("rule", rule.name())
                .queryParam("subjectId", subjectId).get("/api/shops/{s}/alerts", shopId)
                .then().statusCode(200).extract().jsonPath().getLong("items[0].id");
    }

    private List<NotificationReceived> awaitReceived(String target, int count) {
        return await().atMost(WITHIN).until(() -> sim.notificationsReceived().stream()
                .filter(r -> r.target().equals(target)).toList(), received -> received.size() >= count);
    }

    private List<Map<String, Object>> deliveries(String filter, Object value) {
        return given().auth().oauth2(TestTokens.viewer(shopId)).queryParam(filter, value)
                .get("/api/shops/{s}/deliveries", shopId).then().statusCode(200).extract().jsonPath().getList("items");
    }

    private Map<String, Object> awaitDelivery(String filter, Object value, String state) {
        return await().atMost(WITHIN).until(() -> deliveries(filter, value).stream().findFirst().orElse(null),
                delivery -> delivery != null && state.equals(delivery.get("state")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attempts(Map<String, Object> delivery) {
        return (List<Map<String, Object>>) delivery.get("attempts");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmacBytes(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String secret, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }
}
