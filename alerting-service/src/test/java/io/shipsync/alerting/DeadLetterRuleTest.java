package io.shipsync.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.alerting.messaging.DeadLetterConsumer;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderPlaced;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TopicReader;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** 死信: a service's dead letter of a shop's event is that shop's DEAD_LETTERS alert about the service, counted once. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeadLetterRuleTest {

    private static final String DLQ = "shipsync.dlq.inventory-service";

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @Inject
    DeadLetterConsumer consumer;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void eachLetterOfTheShopIsOneSightingOfItsServiceAndReadingItAgainCountsNothing() throws Exception {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        OperationsShop other = new OperationsShop(codec, bootstrap, dataSource);
        Subject inventory = Subject.service("inventory-service");
        EventEnvelope first = envelope(shop);

        // A letter no shop can be named for goes first: the channel passes it and goes on.
        deadLetter("not an envelope", "MALFORMED: not JSON");
        deadLetter(codec.write(first), "INVARIANT: SKU 2100000987654321 is not in the shop's catalogue");
        Map<String, Object> alert = shop.awaitAlert(Rule.DEAD_LETTERS, inventory, AlertState.OPEN);
        assertThat(alert).containsEntry("severity", "CRITICAL").containsEntry("repeats", 1);
        assertThat((String) alert.get("summary")).contains("inventory-service dead-lettered OrderPlaced " + first.eventId())
                .contains("from shipsync.order").contains("is not in the shop's catalogue");

        deadLetter(codec.write(envelope(shop)), "INVARIANT: quantity overflow");
        deadLetter(codec.write(envelope(other)), "INVARIANT: quantity overflow");
        await().atMost(OperationsShop.WITHIN).until(() -> shop.alerts(Rule.DEAD_LETTERS, inventory).get(0).get("repeats").equals(2));
        assertThat(other.awaitAlert(Rule.DEAD_LETTERS, inventory, AlertState.OPEN)).containsEntry("repeats", 1);

        // The topic read again (a restart, a rebalance): the same coordinates count no second sighting.
        List<ConsumerRecord<String, String>> letters = TopicReader.readAll(bootstrap, DLQ).stream()
                .filter(r -> r.value().contains(shop.shopId)).toList();
        assertThat(letters).hasSize(2);
        for (ConsumerRecord<String, String> letter : letters) {
            consumer.on(letter);
        }
        assertThat(shop.alerts(Rule.DEAD_LETTERS, inventory)).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("repeats", 2));
        assertThat(shop.count("SELECT count(*) FROM ops_dead_letters WHERE shop_id = ?", shop.shopId)).isEqualTo(2);

        // Nothing announces a redrive: the operator resolves it.
        shop.post(shop.operator(), "/api/shops/{s}/alerts/" + alert.get("id") + "/resolve", Map.of("note", "redriven"))
                .then().statusCode(200);
        assertThat(shop.awaitAlert(Rule.DEAD_LETTERS, inventory, AlertState.RESOLVED)).containsEntry("resolution", "OPERATOR");
    }

    private EventEnvelope envelope(OperationsShop shop) {
        OrderPlaced placed = OperationsShop.placed(OperationsShop.newOrderId(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                OperationsShop.line("sku-1", 1));
        return codec.envelope(placed, shop.shopId, UUID.randomUUID(), null, Instant.now());
    }

    /** What SmallRye's dead-letter strategy writes: the record, with the reason and its origin as headers. */
    private void deadLetter(String value, String reason) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(DLQ, "key", value);
            record.headers().add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
            record.headers().add("dead-letter-topic", "shipsync.order".getBytes(StandardCharsets.UTF_8));
            record.headers().add("dead-letter-partition", "0".getBytes(StandardCharsets.UTF_8));
            record.headers().add("dead-letter-offset", "7".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }
}
