package io.shipsync.alerting;

import static io.restassured.RestAssured.given;
import static io.shipsync.alerting.OperationsShop.item;
import static io.shipsync.alerting.OperationsShop.parcel;
import static io.shipsync.alerting.OperationsShop.tracked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shipsync.alerting.client.OrderService;
import io.shipsync.alerting.notify.BuyerReminders;
import io.shipsync.alerting.notify.NotificationReceiversResource;
import io.shipsync.alerting.notify.ServiceReceivers;
import io.shipsync.alerting.notify.ServiceReceivers.Answer;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.TrackingState;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestClock;
import io.shipsync.sim.NotificationReceived;
import io.shipsync.sim.PlatformSim;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stall ladder's 提醒买家 sent for real: at step 2 the buyer gets an SMS through the shop's SMS channel, to the number
 * order-service gives at sending time (its system API, played by {@link ServiceReceivers}, which takes only a system
 * token), and a WeChat message that order-service sends; order-service or the platform unreachable is tried again, a
 * refusal is final; and the number is nowhere afterwards: no table, no event, no log line.
 *
 * <p>Steps fall due by the shop's own short thresholds counted from a scan in the past, not by moving the injected clock:
 * Tencent Cloud refuses a signature whose timestamp is far from its own time, and the SMS receiver checks that.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(NotificationReceiversResource.class)
class BuyerReminderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Integer> LADDER = List.of(1, 2, 60, 120);

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @Inject
    TestClock clock;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final PlatformSim sim = PlatformSimResource.sim();
    private final ServiceReceivers services = ServiceReceivers.get();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(record.getLoggerName() + " " + record.getMessage());
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    line.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                line.append(' ').append(record.getThrown());
            }
            logged.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        // The marker that the service's log records reach the handler.
        org.jboss.logging.Logger.getLogger(BuyerReminders.class).infof("capturing the log for %s", getClass().getSimpleName());
        assertThat(logged).anyMatch(line -> line.contains("capturing the log for"));
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
        clock.reset();
    }

    @Test
    void stepTwoTextsTheBuyerAtTheNumberOrderServiceGivesAndMessagesThemInWeChatKeepingTheNumberNowhere() throws Exception {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String phone = "139" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        String secretId = smsChannel(shop);
        String orderId = OperationsShop.newOrderId();
        String number = OperationsShop.trackingNumber();
        services.answer(orderPath(shop, orderId, "buyer-phone"),
                Answer.json(200, "{\"orderId\":\"" + orderId + "\",\"phone\":\"" + phone + "\",\"virtual\":false}"));
        services.answer(orderPath(shop, orderId, "buyer-messages"),
                Answer.json(200, "{\"orderId\":\"" + orderId + "\",\"msgId\":\"msg-" + orderId + "\"}"));

        long alertId = stalledToStepTwo(shop, orderId, number);

        // The SMS, byte for byte as Tencent Cloud's SendSms documents it, to the number order-service gave.
        NotificationReceived sms = await().atMost(OperationsShop.WITHIN).until(() -> sim.notificationsReceived().stream()
                .filter(r -> r.target().equals(secretId)).toList(), r -> !r.isEmpty()).get(0);
        assertThat(sms.accepted()).isTrue();
        assertThat(sms.body()).isEqualTo("{\"PhoneNumberSet\":[\"+86" + phone + "\"],\"SmsSdkAppId\":\"1400000002\","
                + "\"SignName\":\"ShipSync\",\"TemplateId\":\"449741\",\"TemplateParamSet\":[\"顺丰速运\",\"" + number + "\"]}");

        Map<String, Object> reminder = awaitDelivery(shop, alertId, "BUYER_REMINDER", "SENT");
        assertThat(reminder).containsEntry("channelId", "buyer-sms").containsEntry("kind", "SMS").containsEntry("orderId", orderId)
                .containsEntry("body", "{\"SmsSdkAppId\":\"1400000002\",\"SignName\":\"ShipSync\",\"TemplateId\":\"449741\","
                        + "\"TemplateParamSet\":[\"顺丰速运\",\"" + number + "\"]}");
        assertThat(attempts(reminder)).extracting(a -> a.get("attempt") + " " + a.get("outcome") + " " + a.get("httpStatus")
                + " " + a.get("answerCode")).containsExactly("1 SENT 200 Ok");
        ServiceReceivers.Request asked = services.received(orderPath(shop, orderId, "buyer-phone")).get(0);
        assertThat(asked.method()).isEqualTo("POST");
        assertThat(asked.body()).isEmpty();
        assertThat(asked.header("Authorization")).isEqualTo("Bearer " + NotificationReceiversResource.SERVICE_TOKEN);
        assertThat(asked.status()).as("the receiver took the token as a system token").isEqualTo(200);

        // The WeChat message: order-service is sent exactly the delivery's body, the same requestId on every attempt.
        Map<String, Object> message = awaitDelivery(shop, alertId, "BUYER_MESSAGE", "SENT");
        assertThat(message).containsEntry("channelId", null).containsEntry("kind", null).containsEntry("orderId", orderId);
        assertThat(attempts(message)).extracting(a -> a.get("attempt") + " " + a.get("outcome") + " " + a.get("httpStatus")
                + " " + a.get("answerCode")).containsExactly("1 SENT 200 msg-" + orderId);
        List<ServiceReceivers.Request> messages = services.received(orderPath(shop, orderId, "buyer-messages"));
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo(message.get("body"));
            assertThat(m.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(m.header("Authorization")).isEqualTo("Bearer " + NotificationReceiversResource.SERVICE_TOKEN);
            assertThat(m.status()).isEqualTo(200);
        });
        JsonNode sent = JSON.readTree(messages.get(0).body());
        assertThat(sent.path("requestId").asText()).matches("[0-9a-f-]{36}");
        assertThat(messages.get(0).body()).isEqualTo("{\"requestId\":\"" + sent.path("requestId").asText() + "\",\"text\":"
                + "\"您的包裹（顺丰速运 " + number + "）暂未更新物流，我们正在催促快递，请耐心等待。\"}");

        // The number is nowhere: no row of any table, no event, no log line.
        assertThat(rowsHolding(phone)).isEmpty();
        assertThat(shop.announced(alertId)).extracting(DomainEvent::toString).noneMatch(e -> e.contains(phone));
        assertThat(logged).noneMatch(line -> line.contains(phone));
    }

    @Test
    void orderServiceUnreachableIsTriedAgainAndItsRefusalEndsTheReminderRejected() throws Exception {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String phone = "139" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        String secretId = smsChannel(shop);

        // 503, the platform unreachable for a second: each attempt is logged, the second gets through.
        String orderId = OperationsShop.newOrderId();
        Answer unreachable = Answer.problem(503, "the platform is unreachable").withHeader("Retry-After", "1");
        services.answer(orderPath(shop, orderId, "buyer-phone"), unreachable,
                Answer.json(200, "{\"orderId\":\"" + orderId + "\",\"phone\":\"" + phone + "\",\"virtual\":false}"));
        services.answer(orderPath(shop, orderId, "buyer-messages"), unreachable,
                Answer.json(200, "{\"orderId\":\"" + orderId + "\",\"msgId\":\"msg-1\"}"));
        long alertId = stalledToStepTwo(shop, orderId, OperationsShop.trackingNumber());

        for (String reason : List.of("BUYER_REMINDER", "BUYER_MESSAGE")) {
            assertThat(attempts(awaitDelivery(shop, alertId, reason, "SENT")))
                    .extracting(a -> a.get("attempt") + " " + a.get("outcome") + " " + a.get("httpStatus"))
                    .as(reason).containsExactly("1 TEMPORARY_FAILURE 503", "2 SENT 200");
        }
        assertThat(services.received(orderPath(shop, orderId, "buyer-messages")))
                .extracting(ServiceReceivers.Request::body).hasSize(2).as("one message to the platform").containsOnly(
                        services.received(orderPath(shop, orderId, "buyer-messages")).get(0).body());
        assertThat(sim.notificationsReceived()).filteredOn(r -> r.target().equals(secretId)).hasSize(1);

        // 409, the platform refusing (quota exhausted, unpaid): final, one request each, nothing sent.
        String refused = OperationsShop.newOrderId();
        services.answer(orderPath(shop, refused, "buyer-phone"), Answer.problem(409, "the order's decryption quota is exhausted"));
        services.answer(orderPath(shop, refused, "buyer-messages"), Answer.problem(409, "the order is unpaid"));
        long refusedAlert = stalledToStepTwo(shop, refused, OperationsShop.trackingNumber());

        Map<String, Object> sms = awaitDelivery(shop, refusedAlert, "BUYER_REMINDER", "FAILED");
        assertThat(attempts(sms)).singleElement().satisfies(a -> assertThat(a).containsEntry("outcome", "REJECTED")
                .containsEntry("httpStatus", 409)
                .containsEntry("error", "order-service 409: the order's decryption quota is exhausted"));
        Map<String, Object> message = awaitDelivery(shop, refusedAlert, "BUYER_MESSAGE", "FAILED");
        assertThat(attempts(message)).singleElement().satisfies(a -> assertThat(a).containsEntry("outcome", "REJECTED")
                .containsEntry("httpStatus", 409).containsEntry("error", "order-service 409: the order is unpaid"));
        assertThat(services.received(orderPath(shop, refused, "buyer-phone"))).hasSize(1);
        assertThat(services.received(orderPath(shop, refused, "buyer-messages"))).hasSize(1);
        assertThat(sim.notificationsReceived()).filteredOn(r -> r.target().equals(secretId)).hasSize(1);
        assertThat(rowsHolding(phone)).isEmpty();
        assertThat(logged).anyMatch(line -> line.contains("failed after attempt")).noneMatch(line -> line.contains(phone));
    }

    @Test
    void aCallToOrderServiceOutlastingItsTimeoutIsCutOffAndTriedAgain() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        CountDownLatch release = new CountDownLatch(1);
        String messages = orderPath(shop, orderId, "buyer-messages");
        services.answer(messages, Answer.json(200, "{\"orderId\":\"" + orderId + "\",\"msgId\":\"late\"}").heldUntil(release),
                Answer.json(200, "{\"orderId\":\"" + orderId + "\",\"msgId\":\"msg-2\"}"));
        try {
            long alertId = stalledToStepTwo(shop, orderId, OperationsShop.trackingNumber());

            // SmallRye Fault Tolerance's @Timeout (2 s in tests) ends the first call; the work queue tries again.
            Map<String, Object> message = awaitDelivery(shop, alertId, "BUYER_MESSAGE", "SENT");
            assertThat(attempts(message)).extracting(a -> a.get("attempt") + " " + a.get("outcome") + " " + a.get("httpStatus")
                    + " " + a.get("answerCode")).containsExactly("1 TEMPORARY_FAILURE null null", "2 SENT 200 msg-2");
            assertThat((String) attempts(message).get(0).get("error")).isEqualTo("order-service: " + OrderService.class.getName() + "#sendBuyerMessage timed out");
            assertThat(services.received(messages)).hasSize(2);
        } finally {
            release.countDown();
        }
    }

    /**
     * An SMS channel for buyer reminders only: staff get the ladder's alerts from it only when CRITICAL, and the ladder
     * here is WARNING.
     */
    private String smsChannel(OperationsShop shop) {
        String secretId = "AKID" + UUID.randomUUID().toString().replace("-", "");
        String secretKey = "sms-secret-key-" + UUID.randomUUID();
        sim.addSmsAccount(secretId, secretKey, "1400000002", "ShipSync");
        given().auth().oauth2(shop.admin()).contentType(ContentType.JSON)
                .body(Map.of("kind", "SMS", "enabled", true, "secret", secretKey, "minSeverity", "CRITICAL",
                        "rules", List.of("TRACKING_STALLED"),
                        "sms", Map.of("secretId", secretId, "sdkAppId", "1400000002", "signName", "ShipSync",
                                "templateId", "449739", "buyerTemplateId", "449741",
                                "recipients", List.of("+8613700000000"))))
                .put("/api/shops/{s}/channels/{c}", shop.shopId, "buyer-sms").then().statusCode(200);
        return secretId;
    }

    /**
     * The order declared with the number, the number scanned two and a half minutes ago: with the shop's ladder of 1 and
     * 2 minutes, steps 1 and 2 fall due at once. The alert's id once step 2 has passed.
     */
    private long stalledToStepTwo(OperationsShop shop, String orderId, String number) {
        given().auth().oauth2(shop.admin()).contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "severity", "WARNING", "ladderMinutes", LADDER))
                .put("/api/shops/{s}/rules/TRACKING_STALLED", shop.shopId).then().statusCode(200);
        Instant scannedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofSeconds(150));
        shop.applied(new OrderShipped(orderId, List.of(parcel(number, item("cup", 1))), scannedAt.minusSeconds(600), true, false));
        shop.applied(tracked(number, orderId, TrackingState.PICKED_UP, scannedAt, "杭州西湖区"));
        await().atMost(OperationsShop.WITHIN).until(() -> shop.count("SELECT count(*) FROM rule_timers WHERE shop_id = ?"
                + " AND rule = 'TRACKING_STALLED' AND subject_id = ? AND step = 2", shop.shopId, number) == 1);
        return ((Number) shop.alerts(Rule.TRACKING_STALLED, Subject.trackingNumber(number)).get(0).get("id")).longValue();
    }

    private static String orderPath(OperationsShop shop, String orderId, String what) {
        return "/api/system/shops/" + shop.shopId + "/orders/" + orderId + "/" + what;
    }

    private static Map<String, Object> awaitDelivery(OperationsShop shop, long alertId, String reason, String state) {
        return await().atMost(OperationsShop.WITHIN).until(() -> given().auth().oauth2(shop.viewer())
                        .queryParam("alertId", alertId).get("/api/shops/{s}/deliveries", shop.shopId).then().statusCode(200)
                        .extract().jsonPath().<Map<String, Object>>getList("items").stream()
                        .filter(d -> reason.equals(d.get("reason"))).findFirst().orElse(null),
                delivery -> delivery != null && state.equals(delivery.get("state")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attempts(Map<String, Object> delivery) {
        return (List<Map<String, Object>>) delivery.get("attempts");
    }

    /** "table: row" for every row of every table of this service's database whose text holds {@code text}. */
    private List<String> rowsHolding(String text) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = connection.createStatement().executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            assertThat(tables).contains("notification_deliveries", "notification_attempts", "alert_actions", "outbox");
            for (String table : tables) {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT CAST(t AS text) FROM \"" + table + "\" t WHERE strpos(CAST(t AS text), ?) > 0")) {
                    query.setString(1, text);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            found.add(table + ": " + rows.getString(1));
                        }
                    }
                }
            }
        }
        return found;
    }
}
