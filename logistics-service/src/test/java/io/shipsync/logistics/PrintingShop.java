package io.shipsync.logistics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.DriftDetected;
import io.shipsync.events.DriftKind;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.Rows;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.infra.testing.TopicReader;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A shop of its own for one test, at the 打单 desk: on platform-sim (the platform, with its e-waybill accounts and
 * a product), registered in logistics-service with its carriers (SF default, ZTO backup), paid orders announced as
 * order-service's relay would, and the API called with the shop's tokens.
 */
final class PrintingShop {

    static final Duration WITHIN = Duration.ofSeconds(60);

    final String shopId = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    final String skuId = "21" + ThreadLocalRandom.current().nextLong(10_000_000_000_000L, 99_999_999_999_999L);
    final String productId = "1000" + skuId.substring(2);
    private final String appId = "wx" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final String token = "tok" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String aesKey = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 43);
    private final EventCodec codec;
    private final String bootstrap;
    private final DataSource dataSource;

    PrintingShop(EventCodec codec, String bootstrap, DataSource dataSource) {
        this.codec = codec;
        this.bootstrap = bootstrap;
        this.dataSource = dataSource;
        sim().createShop(new ShopSpec(shopId, appId, "secret-" + appId, token, aesKey, null, "gh_" + appId.substring(2, 14)));
        sim().addProduct(shopId, ProductSpec.of(productId, "不锈钢保温杯 500ml", new SkuSpec(skuId, "CUP-" + skuId, 8900, 100_000)));
        registerAccount();
    }

    /** Registers (again) the shop's WeChat Shop account in logistics-service. */
    void registerAccount() {
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("appId", appId, "appSecret", "secret-" + appId, "pushToken", token, "encodingAesKey", aesKey))
                .put("/api/shops/{shop}/platform-account", shopId).then().statusCode(200);
    }

    static PlatformSim sim() {
        return PlatformSimResource.sim();
    }

    String operator() {
        return TestTokens.operator(shopId);
    }

    String admin() {
        return TestTokens.admin(shopId);
    }

    /** SF by default, ZTO as backup, and the accounts checked so that runs can take numbers. */
    PrintingShop withCarriers() {
        carriers(Map.of("enabledCarriers", List.of("SF", "ZTO", "YTO"), "defaultCarrier", "SF", "backupCarrier", "ZTO"))
                .then().statusCode(200);
        given().auth().oauth2(operator()).post("/api/shops/{s}/carrier-accounts/check", shopId).then().statusCode(200);
        return this;
    }

    Response carriers(Map<String, ?> settings) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body(settings).put("/api/shops/{s}/carriers", shopId);
    }

    /** Buyers pay {@code count} orders on the platform; order-service announces each (OrderPlaced); all are queued. */
    List<String> paidOrders(int count) {
        List<String> orderIds = new ArrayList<>();
        List<DomainEvent> placed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String orderId = sim().createPaidOrder(shopId, io.shipsync.sim.OrderSpec.of(
                    new io.shipsync.sim.OrderItem(productId, skuId, 1 + i % 3))).orderId();
            orderIds.add(orderId);
            placed.add(new OrderPlaced(orderId, Instant.now(), OrderPlaced.DELIVER_PHYSICAL,
                    List.of(new OrderItem(productId, skuId, "CUP-" + skuId, 1 + i % 3, 8900)),
                    new Region("浙江省", "杭州市", "西湖区"), 8900L * (1 + i % 3)));
        }
        publish(placed.toArray(DomainEvent[]::new));
        String[] ids = orderIds.toArray(String[]::new);
        await().atMost(WITHIN).until(() -> count("SELECT count(*) FROM print_queue WHERE shop_id = ? AND order_id = ANY(?)",
                shopId, ids) == count);
        return orderIds;
    }

    /** Produces events as order-service's relay does (topic by aggregate type, key = aggregate id). */
    void publish(DomainEvent... events) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            var sent = new ArrayList<java.util.concurrent.Future<?>>();
            for (DomainEvent event : events) {
                EventEnvelope envelope = codec.envelope(event, shopId, UUID.randomUUID(), null, Instant.now());
                sent.add(producer.send(new ProducerRecord<>("shipsync." + envelope.aggregateType(), envelope.aggregateId(),
                        codec.write(envelope))));
            }
            for (var future : sent) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to Kafka", e);
        }
    }

    /** Waits until logistics-service has consumed what was produced for the order so far: a later marker reached its inbox. */
    void drained(String orderId) {
        DriftDetected marker = new DriftDetected(orderId, DriftKind.TRACKING_MISMATCH, "barrier for the test", null,
                List.of(), List.of(), Instant.now());
        EventEnvelope envelope = codec.envelope(marker, shopId, UUID.randomUUID(), null, Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("shipsync.order", orderId, codec.write(envelope))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        await().atMost(WITHIN).until(() -> count("SELECT count(*) FROM inbox WHERE event_id = ?", envelope.eventId()) == 1);
    }

    Response startRun(Map<String, ?> body) {
        return given().auth().oauth2(operator()).contentType(ContentType.JSON).body(body).post("/api/shops/{s}/print-runs", shopId);
    }

    /** Starts a run over the orders and waits until every order has a number or a reason; the finished run. */
    JsonPath run(List<String> orderIds) {
        String runId = startRun(Map.of("orderIds", orderIds)).then().statusCode(202).extract().path("runId");
        return finished(runId);
    }

    JsonPath finished(String runId) {
        AtomicReference<JsonPath> run = new AtomicReference<>();
        await().atMost(WITHIN.multipliedBy(2)).until(() -> {
            run.set(JsonPath.from(given().auth().oauth2(operator()).get("/api/shops/{s}/print-runs/{r}", shopId, runId)
                    .then().statusCode(200).extract().asString()));
            return run.get().getInt("progress.remaining") == 0;
        });
        return run.get();
    }

    JsonPath waybills(String runId) {
        return JsonPath.from(given().auth().oauth2(operator()).queryParam("size", 1000)
                .get("/api/shops/{s}/print-runs/{r}/waybills", shopId, runId).then().statusCode(200).extract().asString());
    }

    /** This shop's events of one type on a topic, in the order they were published. */
    <T extends DomainEvent> List<T> events(String topic, Class<T> type) {
        return TopicReader.readAll(bootstrap, topic).stream()
                .map(r -> codec.read(r.value()))
                .filter(e -> e.shopId().equals(shopId) && e.eventType().equals(type.getSimpleName()))
                .map(e -> codec.payload(e, type)).toList();
    }

    long count(String sql, Object... parameters) {
        return Rows.count(dataSource, sql, parameters);
    }
}
