package io.shipsync.alerting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.shipsync.events.AlertEscalated;
import io.shipsync.events.AlertRaised;
import io.shipsync.events.AlertResolved;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.PackageItem;
import io.shipsync.events.Region;
import io.shipsync.events.ShippedPackage;
import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingState;
import io.shipsync.events.TrackingUpdated;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.infra.testing.Rows;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.infra.testing.TopicReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A shop of its own for one test, seen from alerting-service's side: the other services' events produced to Kafka
 * as their relays do, waited for until alerting-service has applied them (their own inbox rows are the marker), the
 * REST API called with the shop's tokens, and the alert topic read back.
 */
final class OperationsShop {

    static final Duration WITHIN = Duration.ofSeconds(60);
    static final String WAREHOUSE = "default";

    final String shopId = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    private final EventCodec codec;
    private final String bootstrap;
    private final DataSource dataSource;

    OperationsShop(EventCodec codec, String bootstrap, DataSource dataSource) {
        this.codec = codec;
        this.bootstrap = bootstrap;
        this.dataSource = dataSource;
    }

    String viewer() {
        return TestTokens.viewer(shopId);
    }

    String operator() {
        return TestTokens.operator(shopId);
    }

    String admin() {
        return TestTokens.admin(shopId);
    }

    /** Produces the events in order, as the producing services' relays do (topic by aggregate type, key = aggregate id). */
    List<EventEnvelope> publish(DomainEvent... events) {
        List<EventEnvelope> envelopes = Arrays.stream(events)
                .map(event -> codec.envelope(event, shopId, UUID.randomUUID(), null, Instant.now())).toList();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            var sent = envelopes.stream().map(e -> producer.send(new ProducerRecord<>("shipsync." + e.aggregateType(),
                    e.aggregateId(), codec.write(e)))).toList();
            for (var future : sent) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to Kafka", e);
        }
        return envelopes;
    }

    /**
     * Produces the events and waits until alerting-service has applied every one: each one's inbox row commits with its
     * effect, so once they are all there, nothing more is coming from them.
     */
    void applied(DomainEvent... events) {
        List<EventEnvelope> envelopes = publish(events);
        await().atMost(WITHIN).until(() -> envelopes.stream()
                .allMatch(e -> count("SELECT count(*) FROM inbox WHERE event_id = ?", e.eventId()) == 1));
    }

    /** The shop's alerts through the API, filtered by query parameters given as name, value pairs. */
    List<Map<String, Object>> alerts(Object... query) {
        var request = given().auth().oauth2(viewer());
        for (int i = 0; i < query.length; i += 2) {
            request = request.queryParam((String) query[i], query[i + 1]);
        }
        return request.get("/api/shops/{s}/alerts", shopId).then().statusCode(200).extract().jsonPath().getList("items");
    }

    /** The alerts of one rule about one subject, newest first. */
    List<Map<String, Object>> alerts(Rule rule, Subject subject) {
        return alerts("rule", rule.name(), "subjectType", subject.type().name(), "subjectId", subject.id());
    }

    /** Waits until the rule's latest alert about the subject is in {@code state}, and returns it. */
    Map<String, Object> awaitAlert(Rule rule, Subject subject, AlertState state) {
        return await().atMost(WITHIN).until(() -> alerts(rule, subject).stream().findFirst().orElse(null),
                alert -> alert != null && state.name().equals(alert.get("state")));
    }

    JsonPath history(Object alertId) {
        return given().auth().oauth2(viewer()).get("/api/shops/{s}/alerts/{a}", shopId, alertId)
                .then().statusCode(200).extract().jsonPath();
    }

    Response post(String token, String path, Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path, shopId);
    }

    /**
     * This shop's AlertRaised, AlertEscalated and AlertResolved events about one alert, as relayed to
     * {@code shipsync.alert}.
     */
    List<DomainEvent> announced(Object alertId) {
        return TopicReader.readAll(bootstrap, "shipsync.alert").stream()
                .filter(r -> String.valueOf(alertId).equals(r.key()))
                .map(r -> codec.read(r.value()))
                .filter(e -> e.shopId().equals(shopId))
                .map(e -> (DomainEvent) switch (e.eventType()) {
                    case "AlertRaised" -> codec.payload(e, AlertRaised.class);
                    case "AlertResolved" -> codec.payload(e, AlertResolved.class);
                    case "AlertEscalated" -> codec.payload(e, AlertEscalated.class);
                    default -> throw new IllegalStateException("unexpected " + e.eventType());
                }).toList();
    }

    long count(String sql, Object... parameters) {
        return Rows.count(dataSource, sql, parameters);
    }

    /** Every row of a read-model table for this shop, without the shop's id, in {@code orderBy} order. */
    List<Map<String, Object>> rows(String table, String orderBy) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT * FROM " + table + " WHERE shop_id = ? ORDER BY " + orderBy)) {
            statement.setString(1, shopId);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        if (!meta.getColumnName(column).equals("shop_id")) {
                            Object value = result.getObject(column);
                            row.put(meta.getColumnName(column),
                                    value instanceof Array array ? List.of((Object[]) array.getArray()) : value);
                        }
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String newOrderId() {
        return "3705" + ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L);
    }

    static String trackingNumber() {
        return "SF" + ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_999_999_999_999L);
    }

    static String waybillId() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, Long.MAX_VALUE));
    }

    static OrderPlaced placed(String orderId, Instant paidAt, OrderItem... items) {
        return new OrderPlaced(orderId, paidAt, OrderPlaced.DELIVER_PHYSICAL, List.of(items),
                new Region("浙江省", "杭州市", "西湖区"), 1990);
    }

    static OrderItem line(String skuId, int quantity) {
        return new OrderItem("p-" + skuId, skuId, null, quantity, 1990);
    }

    static PackageItem item(String skuId, int quantity) {
        return new PackageItem("p-" + skuId, skuId, quantity);
    }

    static WaybillPrinted printed(String orderId, String trackingNumber, Instant printedAt, PackageItem... items) {
        return new WaybillPrinted(waybillId(), orderId, "SF", trackingNumber, List.of(items), printedAt, false);
    }

    static ShippedPackage parcel(String trackingNumber, PackageItem... items) {
        return new ShippedPackage("SF", trackingNumber, List.of(items));
    }

    /** A push of one new checkpoint, as logistics-service announces it (TrackingUpdated v2). */
    static TrackingUpdated tracked(String trackingNumber, String orderId, TrackingState state, Instant at, String location) {
        String description = state + " " + location;
        return new TrackingUpdated(trackingNumber, "SF", orderId, state, "0", at, location, description,
                List.of(new TrackingCheckpoint(at, state, "0", location, description, null)), null);
    }
}
