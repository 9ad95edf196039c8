package io.shipsync.eventing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TopicReader;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Outbox → embedded Debezium relay → real Kafka → inbox → table, on the real broker and PostgreSQL. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class OutboxToInboxTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Inject
    Outbox outbox;
    @Inject
    EntityManager entityManager;
    @Inject
    EventCodec codec;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void committedEventArrivesAndRolledBackEventNeverDoes() {
        String rolledBack = "rb-" + UUID.randomUUID();
        String committed = "ok-" + UUID.randomUUID();

        QuarkusTransaction.begin();
        outbox.append(placed(rolledBack), "shop-1");
        QuarkusTransaction.rollback();
        QuarkusTransaction.requiringNew().run(() -> outbox.append(placed(committed), "shop-1"));

        await().atMost(WITHIN).until(() -> timesApplied(committed).isPresent());
        assertThat(timesApplied(committed)).contains(1);
        assertThat(timesApplied(rolledBack)).isEmpty();
        assertThat(readAll("shipsync.order")).extracting(ConsumerRecord::key)
                .contains(committed).doesNotContain(rolledBack);
    }

    @Test
    void relayedRecordCarriesKeyHeadersAndEnvelope() {
        String orderId = "hdr-" + UUID.randomUUID();
        EventEnvelope appended = QuarkusTransaction.requiringNew().call(() -> outbox.append(placed(orderId), "shop-7"));

        await().atMost(WITHIN).until(() -> timesApplied(orderId).isPresent());
        ConsumerRecord<String, String> record = readAll("shipsync.order").stream()
                .filter(r -> orderId.equals(r.key())).findFirst().orElseThrow();
        assertThat(header(record, "id")).isEqualTo(appended.eventId().toString());
        assertThat(header(record, "eventType")).isEqualTo("OrderPlaced");
        assertThat(header(record, "shopId")).isEqualTo("shop-7");
        EventEnvelope relayed = codec.read(record.value());
        assertThat(relayed).usingRecursiveComparison().ignoringFields("payload").isEqualTo(appended);
        assertThat(codec.payload(relayed)).isEqualTo(codec.payload(appended));
        // Relayed rows are pruned: the outbox keeps only what is still on its way.
        await().atMost(WITHIN).until(() -> outboxRows(appended.eventId()) == 0);
    }

    @Test
    void redeliveredEventChangesTheTableOnce() throws Exception {
        String orderId = "dup-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> outbox.append(placed(orderId), "shop-1"));
        await().atMost(WITHIN).until(() -> timesApplied(orderId).isPresent());
        ConsumerRecord<String, String> original = readAll("shipsync.order").stream()
                .filter(r -> orderId.equals(r.key())).findFirst().orElseThrow();

        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 3; i++) {
                ProducerRecord<String, String> again = new ProducerRecord<>(original.topic(), original.partition(),
                        original.key(), original.value());
                original.headers().forEach(h -> again.headers().add(h));
                producer.send(again).get();
            }
            String marker = sendMarker(producer, original.partition());
            await().atMost(WITHIN).until(() -> timesApplied(marker).isPresent());
        }
        assertThat(timesApplied(orderId)).contains(1);
    }

    @Test
    void malformedRecordsAreDeadLetteredAndThePartitionMovesOn() throws Exception {
        String badKey = "bad-" + UUID.randomUUID();
        String invalidKey = "invalid-" + UUID.randomUUID();
        RecordMetadata garbage;
        RecordMetadata invalid;
        String marker;
        try (KafkaProducer<String, String> producer = producer()) {
            garbage = producer.send(new ProducerRecord<>("shipsync.order", 0, badKey, "this is not an event")).get();
            EventEnvelope valid = codec.envelope(placed(invalidKey), "shop-1", UUID.randomUUID(), null, Instant.now());
            String withoutItems = codec.write(valid).replaceFirst("\"items\":\\[[^\\]]*\\],?", "");
            invalid = producer.send(new ProducerRecord<>("shipsync.order", 0, invalidKey, withoutItems)).get();
            marker = sendMarker(producer, 0);
        }

        await().atMost(WITHIN).until(() -> timesApplied(marker).isPresent());
        assertThat(timesApplied(invalidKey)).isEmpty();
        await().atMost(WITHIN).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> dead = readAll("shipsync.dlq.eventing-probe");
            ConsumerRecord<String, String> first = dead.stream().filter(r -> badKey.equals(r.key())).findFirst().orElseThrow();
            assertThat(first.value()).isEqualTo("this is not an event");
            assertThat(header(first, "dead-letter-reason")).contains("malformed event");
            assertThat(header(first, "dead-letter-topic")).isEqualTo("shipsync.order");
            assertThat(header(first, "dead-letter-partition")).isEqualTo("0");
            assertThat(header(first, "dead-letter-offset")).isEqualTo(Long.toString(garbage.offset()));
            ConsumerRecord<String, String> second = dead.stream().filter(r -> invalidKey.equals(r.key())).findFirst().orElseThrow();
            assertThat(header(second, "dead-letter-reason")).contains("items");
            assertThat(header(second, "dead-letter-offset")).isEqualTo(Long.toString(invalid.offset()));
        });
    }

    @Test
    void readinessReportsTheRelayAndMetricsExposeItsLag() {
        await().atMost(WITHIN).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'outbox-relay' }.data.role", is("LEADER"))
                .body("checks.find { it.name == 'outbox-relay' }.data.backlog", is(0)));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("shipsync_outbox_backlog"))
                .body(containsString("shipsync_outbox_oldest_age_seconds"))
                .body(containsString("shipsync_relay_leader"));
    }

    private String sendMarker(KafkaProducer<String, String> producer, int partition) throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        EventEnvelope envelope = codec.envelope(placed(marker), "shop-1", UUID.randomUUID(), null, Instant.now());
        producer.send(new ProducerRecord<>("shipsync.order", partition, marker, codec.write(envelope))).get();
        return marker;
    }

    private static OrderPlaced placed(String orderId) {
        return new OrderPlaced(orderId, Instant.parse("2026-11-25T10:00:00Z"), OrderPlaced.DELIVER_PHYSICAL,
                List.of(new OrderItem("p-1", "sku-1", null, 2, 1990)), new Region("广东省", "深圳市", "南山区"), 3980);
    }

    private Optional<Integer> timesApplied(String orderId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT times_applied FROM probe_projection WHERE order_id = ?1", Integer.class)
                .setParameter(1, orderId).getResultStream().findFirst());
    }

    private long outboxRows(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM outbox WHERE id = ?1")
                .setParameter(1, eventId).getSingleResult()).longValue());
    }

    private List<ConsumerRecord<String, String>> readAll(String topic) {
        return TopicReader.readAll(bootstrap, topic);
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
