package io.shipsync.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.shipsync.events.AlertEscalated;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingState;
import io.shipsync.events.TrackingUpdated;
import io.shipsync.infra.testing.SharedKafka;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.infra.testing.TopicReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The stall ladder's steps are rows, not memory: alerting-service killed (-9) mid-ladder, down while a step falls due,
 * and restarted, fires that step and the next exactly once each, and repeats none it had fired.
 */
class StallLadderKillIT {

    private static final String DB = "shipsync_it_ladder";
    private static final String SHOP = "shop-ladder";
    /** The shortest ladder the rule accepts: a step a minute. */
    private static final List<Integer> LADDER = List.of(1, 2, 3, 4);

    @Test
    void aKillMidLadderLosesNoStepAndRepeatsNone() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TestDatabase.recreate(DB, TestDatabase.serviceRole("alerting-service"));
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(DB));
        config.put("quarkus.datasource.username", TestDatabase.ownerOf(DB));
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
        config.put("shipsync.alerting.sweep-interval", "1s");
        String number = "SF" + (1_000_000_000_000L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 8_999_999_999_999L));
        Instant scannedAt;
        try {
            try (ServiceProcess alerting = ServiceProcess.start("alerting-service", "alerting-ladder", config)) {
                given().baseUri(alerting.uri("").toString()).auth().oauth2(TestTokens.admin(SHOP)).contentType(ContentType.JSON)
                        .body(Map.of("enabled", true, "severity", "WARNING", "ladderMinutes", LADDER))
                        .put("/api/shops/{s}/rules/TRACKING_STALLED", SHOP).then().statusCode(200);
                // Scanned 125 s ago: steps 1 (60 s) and 2 (120 s) are due at once, step 3 (180 s) while the service is down.
                scannedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(125);
                scanned(bootstrap, number, scannedAt);
                await().atMost(Duration.ofSeconds(60)).until(() -> step(number) == 2);
                alerting.kill();
            }
            assertThat(step(number)).as("step 3 is due while the service is down").isEqualTo(2);
            Instant stepThreeDue = scannedAt.plusSeconds(180);
            await().atMost(Duration.ofSeconds(90)).until(() -> Instant.now().isAfter(stepThreeDue.plusSeconds(5)));

            try (ServiceProcess restarted = ServiceProcess.start("alerting-service", "alerting-ladder-restarted", config)) {
                await().atMost(Duration.ofSeconds(120)).until(() -> step(number) == 4);
            }
            assertThat(actions(number)).containsExactly("RAISED", "ESCALATED", "ESCALATED", "ESCALATED");
            List<String> announced = announced(bootstrap);
            assertThat(announced).containsExactly("RAISED", "ESCALATED 2 REMIND_BUYER " + scannedAt.plusSeconds(120),
                    "ESCALATED 3 SWITCH_CARRIER " + scannedAt.plusSeconds(180),
                    "ESCALATED 4 COMPENSATION_CASE " + scannedAt.plusSeconds(240));
        } finally {
            TestDatabase.dropSlots(DB);
        }
    }

    private static void scanned(String bootstrap, String number, Instant at) throws Exception {
        EventCodec codec = new EventCodec();
        TrackingUpdated update = new TrackingUpdated(number, "SF", "3705115058471208928", TrackingState.PICKED_UP, "1", at,
                "杭州西湖区", "【杭州西湖区】已揽收", List.of(new TrackingCheckpoint(at, TrackingState.PICKED_UP, "1", "杭州西湖区",
                "【杭州西湖区】已揽收", null)), null);
        EventEnvelope envelope = codec.envelope(update, SHOP, UUID.randomUUID(), null, Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("shipsync.tracking", envelope.aggregateId(), codec.write(envelope))).get();
        }
    }

    /** The ladder steps the number's timer has passed (0 before it exists). */
    private static int step(String number) throws Exception {
        List<String> steps = query("SELECT step::text FROM rule_timers WHERE shop_id = ? AND rule = 'TRACKING_STALLED'"
                + " AND subject_id = ?", number);
        return steps.isEmpty() ? 0 : Integer.parseInt(steps.get(0));
    }

    /** What was done to the number's alert, in order. */
    private static List<String> actions(String number) throws Exception {
        return query("""
                SELECT a.action FROM alert_actions a JOIN alerts l ON l.id = a.alert_id
                WHERE l.shop_id = ? AND l.rule = 'TRACKING_STALLED' AND l.subject_id = ? ORDER BY a.id""", number);
    }

    private static List<String> query(String sql, String number) throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(DB), TestDatabase.USER, TestDatabase.PASSWORD);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, SHOP);
            statement.setString(2, number);
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        }
    }

    /**
     * The shop's alert announcements as relayed to Kafka, one per event id: the relay publishes at least once, so a kill
     * between its send and its offset commit may send a record again, with the same event id, which consumers' inboxes
     * take once. A repeated step would be a second event.
     */
    private static List<String> announced(String bootstrap) {
        EventCodec codec = new EventCodec();
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<UUID, String> byEventId = new LinkedHashMap<>();
            TopicReader.readAll(bootstrap, "shipsync.alert").stream().map(r -> codec.read(r.value()))
                    .filter(e -> e.shopId().equals(SHOP)).forEach(e -> byEventId.putIfAbsent(e.eventId(), describe(codec, e)));
            return List.copyOf(byEventId.values());
        }, events -> events.size() >= 4);
    }

    private static String describe(EventCodec codec, EventEnvelope event) {
        if (event.eventType().equals("AlertEscalated")) {
            AlertEscalated escalated = codec.payload(event, AlertEscalated.class);
            return "ESCALATED " + escalated.step() + " " + escalated.action() + " " + escalated.escalatedAt();
        }
        return event.eventType().equals("AlertRaised") ? "RAISED" : event.eventType();
    }
}
