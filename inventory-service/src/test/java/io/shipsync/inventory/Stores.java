package io.shipsync.inventory;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.DriftDetected;
import io.shipsync.events.DriftKind;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.PackageItem;
import io.shipsync.events.Region;
import io.shipsync.events.ShippedPackage;
import io.shipsync.infra.testing.Rows;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.infra.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A shop of its own for one test, talking to inventory-service as the other services and operators would:
 * order events produced to Kafka the way order-service's relay does, the REST API with the shop's tokens,
 * and the stock topic read back.
 */
final class Stores {

    static final Duration WITHIN = Duration.ofSeconds(60);

    final String shopId = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    private final EventCodec codec;
    private final String bootstrap;
    private final DataSource dataSource;

    Stores(EventCodec codec, String bootstrap, DataSource dataSource) {
        this.codec = codec;
        this.bootstrap = bootstrap;
        this.dataSource = dataSource;
    }

    String operator() {
        return TestTokens.operator(shopId);
    }

    String admin() {
        return TestTokens.admin(shopId);
    }

    /** Receives {@code quantity} units of a SKU through the API (created on first receipt). */
    Response receive(String skuId, int quantity) {
        return adjust(skuId, Map.of("direction", "INCREASE", "quantity", quantity, "reason", "goods received",
                "create", true, "productId", product(skuId)));
    }

    Response adjust(String skuId, Map<String, Object> body) {
        return given().auth().oauth2(operator()).contentType(ContentType.JSON).body(body)
                .post("/api/shops/{s}/skus/{sku}/adjustments", shopId, skuId);
    }

    Response stock(String skuId) {
        return given().auth().oauth2(operator()).get("/api/shops/{s}/skus/{sku}/stock", shopId, skuId);
    }

    Response reservation(String orderId) {
        return given().auth().oauth2(operator()).get("/api/shops/{s}/reservations/{o}", shopId, orderId);
    }

    Response get(String path, Object... parameters) {
        return given().auth().oauth2(operator()).get(path, parameters);
    }

    static String product(String skuId) {
        return "p-" + skuId;
    }

    static String newOrderId() {
        return "3705" + ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L);
    }

    static OrderPlaced placed(String orderId, OrderItem... items) {
        return new OrderPlaced(orderId, Instant.now(), OrderPlaced.DELIVER_PHYSICAL, List.of(items),
                new Region("浙江省", "杭州市", "西湖区"), 1990);
    }

    static OrderItem item(String skuId, int quantity) {
        return new OrderItem(product(skuId), skuId, null, quantity, 1990);
    }

    static ShippedPackage parcel(String trackingNumber, String skuId, int quantity) {
        return new ShippedPackage("SF", trackingNumber, List.of(new PackageItem(product(skuId), skuId, quantity)));
    }

    EventEnvelope envelope(DomainEvent event) {
        return codec.envelope(event, shopId, UUID.randomUUID(), null, Instant.now());
    }

    /** Produces events as the order-service relay does (topic by aggregate type, key = aggregate id). */
    List<ProducerRecord<String, String>> publish(DomainEvent... events) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (DomainEvent event : events) {
            EventEnvelope envelope = envelope(event);
            records.add(new ProducerRecord<>("shipsync." + envelope.aggregateType(), envelope.aggregateId(), codec.write(envelope)));
        }
        send(records);
        return records;
    }

    /** Sends records as they are, e.g. once more to redeliver them; returns where they landed. */
    List<RecordMetadata> send(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            var sent = records.stream().map(producer::send).toList();
            List<RecordMetadata> landed = new ArrayList<>();
            for (var future : sent) {
                landed.add(future.get());
            }
            return landed;
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to Kafka", e);
        }
    }

    /**
     * Waits until inventory-service has consumed everything produced for the order so far: an event it
     * ignores, sent after them on the same partition, has reached its inbox.
     */
    void drained(String orderId) {
        List<ProducerRecord<String, String>> marker = publish(new DriftDetected(orderId, DriftKind.TRACKING_MISMATCH,
                "barrier for the test", null, List.of(), List.of(), Instant.now()));
        UUID markerId = codec.read(marker.get(0).value()).eventId();
        await().atMost(WITHIN).until(() -> count("SELECT count(*) FROM inbox WHERE event_id = ?", markerId) == 1);
    }

    /** This shop's events of one type about a SKU on shipsync.stock, in the order they were published. */
    <T extends DomainEvent> List<T> stockEvents(String skuId, Class<T> type) {
        return TopicReader.readAll(bootstrap, "shipsync.stock").stream()
                .filter(r -> skuId.equals(r.key()))
                .map(r -> codec.read(r.value()))
                .filter(e -> e.shopId().equals(shopId) && e.eventType().equals(type.getSimpleName()))
                .map(e -> codec.payload(e, type)).toList();
    }

    /** The envelopes of this shop's events about a SKU. */
    List<EventEnvelope> stockEnvelopes(String skuId) {
        return TopicReader.readAll(bootstrap, "shipsync.stock").stream()
                .filter(r -> skuId.equals(r.key()))
                .map(r -> codec.read(r.value()))
                .filter(e -> e.shopId().equals(shopId)).toList();
    }

    long count(String sql, Object... parameters) {
        return Rows.count(dataSource, sql, parameters);
    }
}
