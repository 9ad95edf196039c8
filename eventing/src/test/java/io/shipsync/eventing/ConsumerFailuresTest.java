package io.shipsync.eventing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shipsync.eventing.inbox.ConsumerStalls;
import io.shipsync.eventing.probe.ProbeConsumer;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.infra.testing.TopicReader;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Transient failures wait, permanent ones are dead-lettered and redriven — on the real broker and the real
 * PostgreSQL, whose database is made to refuse connections.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsumerFailuresTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final String DLQ = "shipsync.dlq.eventing-probe";

    @Inject
    EntityManager entityManager;
    @Inject
    EventCodec codec;
    @Inject
    ConsumerStalls stalls;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aRecordWaitsOutADatabaseThatRefusesConnectionsAndIsAppliedOnceItIsBack() throws Exception {
        String orderId = "outage-" + UUID.randomUUID();
        String database = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        try (Connection admin = DriverManager.getConnection(TestDatabase.jdbcUrl("postgres"), TestDatabase.USER, TestDatabase.PASSWORD);
             Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            try {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
                RecordMetadata sent = send(orderId, placed(orderId));

                // The record waits on its partition, the health details and the metric say so and why.
                await().atMost(WITHIN).until(() -> stalls.current().values().stream()
                        .anyMatch(s -> s.offset() == sent.offset() && s.attempts() >= 3));
                assertThat(stalls.current().values()).anySatisfy(s ->
                        assertThat(s.reason()).contains("not currently accepting connections"));
                // Readiness is about this replica serving: without its database it cannot, so it is DOWN for that
                // reason alone; the waiting consumer is a detail of an UP check.
                given().when().get("/q/health/ready").then().statusCode(503)
                        .body("checks.find { it.name == 'event-consumers' }.status", is("UP"))
                        .body("checks.find { it.name == 'outbox-relay' }.status", is("UP"))
                        .body("checks.findAll { it.status == 'DOWN' }.name", everyItem(containsString("Database")))
                        .body("checks.find { it.name == 'event-consumers' }.data.stalled", is(1));
                given().when().get("/q/metrics").then().body(containsString("shipsync_consumer_stalled 1.0"));
            } finally {
                sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }

        await().atMost(WITHIN).ignoreExceptions().until(() -> timesApplied(orderId).isPresent());
        assertThat(timesApplied(orderId)).contains(1);
        await().atMost(WITHIN).until(() -> stalls.current().isEmpty());
        assertThat(TopicReader.readAll(bootstrap, DLQ)).extracting(ConsumerRecord::key).doesNotContain(orderId);
        // Readiness is this replica's own: with its database back, it is UP though the relay may still be catching up.
        await().atMost(WITHIN).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aPoisonRecordIsDeadLetteredThenRedrivenOnceAfterTheFix() throws Exception {
        ProbeConsumer.poisonCured = false;
        String poison = "poison-" + UUID.randomUUID();
        String garbageKey = "garbage-" + UUID.randomUUID();
        RecordMetadata poisoned = send(poison, placed(poison));
        RecordMetadata garbage = sendRaw(garbageKey, "{not an event");
        String marker = "marker-" + UUID.randomUUID();
        send(marker, placed(marker));
        await().atMost(WITHIN).until(() -> timesApplied(marker).isPresent());
        assertThat(timesApplied(poison)).isEmpty();

        String system = TestTokens.token("system");
        String poisonLetter = await().atMost(WITHIN).until(() -> letterId(system, poison), Optional::isPresent).orElseThrow();
        String garbageLetter = await().atMost(WITHIN).until(() -> letterId(system, garbageKey), Optional::isPresent).orElseThrow();
        given().auth().oauth2(system).when().get("/api/dead-letters").then().statusCode(200)
                .body("topic", is(DLQ))
                .body("letters.find { it.id == '" + poisonLetter + "' }.reason", containsString("probe refuses " + poison))
                .body("letters.find { it.id == '" + poisonLetter + "' }.originTopic", is("shipsync.order"))
                .body("letters.find { it.id == '" + poisonLetter + "' }.originOffset", is((int) poisoned.offset()))
                .body("letters.find { it.id == '" + poisonLetter + "' }.eventType", is("OrderPlaced"))
                .body("letters.find { it.id == '" + garbageLetter + "' }.originOffset", is((int) garbage.offset()));

        // Roles: dead letters are the system operator's, not a shop's.
        given().auth().oauth2(TestTokens.admin("shop-1")).when().get("/api/dead-letters").then().statusCode(403);
        given().auth().oauth2(system).contentType(ContentType.JSON).body("{}").when().post("/api/dead-letters/redrive")
                .then().statusCode(400).contentType("application/problem+json");

        ProbeConsumer.poisonCured = true;
        given().auth().oauth2(system).contentType(ContentType.JSON)
                .body(Map.of("letters", List.of(poisonLetter, garbageLetter)))
                .when().post("/api/dead-letters/redrive").then().statusCode(200)
                .body("find { it.id == '" + poisonLetter + "' }.outcome", is("APPLIED"))
                .body("find { it.id == '" + garbageLetter + "' }.outcome", is("FAILED"))
                .body("find { it.id == '" + garbageLetter + "' }.detail", containsString("malformed event"));
        assertThat(timesApplied(poison)).contains(1);

        // Again, by id and as part of "all": nothing applies twice, and who redrove it is on record.
        given().auth().oauth2(system).contentType(ContentType.JSON).body(Map.of("letters", List.of(poisonLetter)))
                .when().post("/api/dead-letters/redrive").then().statusCode(200)
                .body("find { it.id == '" + poisonLetter + "' }.outcome", is("FAILED"))
                .body("find { it.id == '" + poisonLetter + "' }.detail", containsString("already redriven by test-system"));
        given().auth().oauth2(system).contentType(ContentType.JSON).body(Map.of("all", true))
                .when().post("/api/dead-letters/redrive").then().statusCode(200)
                .body("id", hasItem(garbageLetter));
        assertThat(timesApplied(poison)).contains(1);
        given().auth().oauth2(system).when().get("/api/dead-letters?status=all").then().statusCode(200)
                .body("letters.find { it.id == '" + poisonLetter + "' }.redriven.by", is("test-system"))
                .body("letters.find { it.id == '" + poisonLetter + "' }.redriven.outcome", is("APPLIED"));
        given().auth().oauth2(system).when().get("/api/dead-letters").then().statusCode(200)
                .body("letters.id", hasItem(garbageLetter))
                .body("letters.findAll { it.id == '" + poisonLetter + "' }.size()", is(0));
    }

    private Optional<String> letterId(String token, String key) {
        List<Map<String, Object>> letters = given().auth().oauth2(token).when().get("/api/dead-letters")
                .then().statusCode(200).extract().path("letters");
        return letters.stream().filter(l -> key.equals(l.get("key"))).map(l -> (String) l.get("id")).findFirst();
    }

    private RecordMetadata send(String key, OrderPlaced event) throws Exception {
        EventEnvelope envelope = codec.envelope(event, "shop-1", UUID.randomUUID(), null, Instant.now());
        return sendRaw(key, codec.write(envelope));
    }

    private RecordMetadata sendRaw(String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>("shipsync.order", 0, key, value)).get();
        }
    }

    private static OrderPlaced placed(String orderId) {
        return new OrderPlaced(orderId, Instant.parse("2026-11-25T10:00:00Z"), OrderPlaced.DELIVER_PHYSICAL,
                List.of(new OrderItem("p-1", "sku-1", null, 1, 1990)), new Region("广东省", "深圳市", "南山区"), 1990);
    }

    private Optional<Integer> timesApplied(String orderId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT times_applied FROM probe_projection WHERE order_id = ?1", Integer.class)
                .setParameter(1, orderId).getResultStream().findFirst());
    }
}
