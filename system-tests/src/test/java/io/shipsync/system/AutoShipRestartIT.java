package io.shipsync.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.infra.testing.SharedKafka;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.Delivery;
import io.shipsync.sim.OrderItem;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** An auto-ship timer is a row, not memory: order-service killed while it waits still declares on time. */
class AutoShipRestartIT {

    private static final String DB = "shipsync_it_autoship";
    private static final String SHOP = "shop-restart";
    private static final Duration SHORT_DELAY = Duration.ofSeconds(20);

    @Test
    void aPendingAutoShipTimerSurvivesAKill() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TestDatabase.recreate(DB, TestDatabase.serviceRole("order-service"));
        int port = ServiceProcess.freePort();
        try (PlatformSim sim = PlatformSim.start(PlatformSim.Config.defaults().withPushRetryScale(0.01))) {
            String aesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
            sim.createShop(new ShopSpec(SHOP, "wxrestart00000001", "secret", "pushtoken", aesKey,
                    "http://127.0.0.1:" + port + "/callbacks/wechat/" + SHOP, "gh_restart"));
            sim.addProduct(SHOP, ProductSpec.of("p-1", "茶叶", new SkuSpec("sku-1", null, 6800, 100)));
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(DB));
            config.put("quarkus.datasource.username", TestDatabase.ownerOf(DB));
            config.put("kafka.bootstrap.servers", bootstrap);
            config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
            config.put("shipsync.wechat.api-url", sim.baseUrl());
            config.put("shipsync.orders.auto-ship-short-delay", SHORT_DELAY.toSeconds() + "s");

            String orderId;
            try (ServiceProcess order = ServiceProcess.start("order-service", "order-autoship", config, port)) {
                String base = order.uri("").toString();
                given().baseUri(base).auth().oauth2(TestTokens.admin(SHOP)).contentType(ContentType.JSON)
                        .body(Map.of("appId", "wxrestart00000001", "appSecret", "secret", "pushToken", "pushtoken", "encodingAesKey", aesKey))
                        .put("/api/shops/{s}/platform-account", SHOP).then().statusCode(200);
                given().baseUri(base).auth().oauth2(TestTokens.admin(SHOP)).contentType(ContentType.JSON)
                        .body(Map.of("mode", "AFTER_30_MINUTES")).put("/api/shops/{s}/auto-ship-rule", SHOP).then().statusCode(200);
                orderId = sim.createPaidOrder(SHOP, OrderSpec.of(new OrderItem("p-1", "sku-1", 1))).orderId();
                String known = orderId;
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(base).auth().oauth2(TestTokens.viewer(SHOP))
                        .get("/api/shops/{s}/orders/{o}", SHOP, known).then().statusCode(200));

                printed(bootstrap, orderId);
                await().atMost(Duration.ofSeconds(30)).until(() -> waiting(orderId) == 1);
                order.kill();
            }
            assertThat(sim.order(SHOP, orderId).deliveries()).isEmpty();
            Thread.sleep(SHORT_DELAY.toMillis());

            try (ServiceProcess restarted = ServiceProcess.start("order-service", "order-autoship-restarted", config, port)) {
                String declared = orderId;
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(sim.order(SHOP, declared).deliveries()).extracting(Delivery::waybillId).containsExactly("SF1342567604302"));
            }
        } finally {
            TestDatabase.dropSlots(DB);
        }
    }

    private static void printed(String bootstrap, String orderId) throws Exception {
        EventCodec codec = new EventCodec();
        EventEnvelope envelope = codec.envelope(new WaybillPrinted("7000000000000000001", orderId, "SF", "SF1342567604302", List.of(),
                Instant.now(), false), SHOP, UUID.randomUUID(), null, Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("shipsync.waybill", envelope.aggregateId(), codec.write(envelope))).get();
        }
    }

    private static long waiting(String orderId) throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(DB), TestDatabase.USER, TestDatabase.PASSWORD);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM scheduled_declarations WHERE order_id = ? AND status = 'WAITING'")) {
            statement.setString(1, orderId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
