package io.shipsync.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.shipsync.infra.testing.SharedKafka;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.infra.testing.TopicReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guarantee G4 across processes: order-service (publisher) and inventory-service (consumer) run as
 * their packaged apps on the real broker and real PostgreSQL, and are killed and doubled.
 */
class OutboxAcrossServicesIT {

    private static final String SHOP = "shop-it";
    private static final String ORDER_DB = "shipsync_it_order";
    private static final String INVENTORY_DB = "shipsync_it_inventory";
    private static String bootstrap;
    private static ServiceProcess inventory;

    @BeforeAll
    static void startConsumer() {
        bootstrap = SharedKafka.bootstrapServers();
        TestDatabase.recreate(ORDER_DB, TestDatabase.serviceRole("order-service"));
        TestDatabase.recreate(INVENTORY_DB, TestDatabase.serviceRole("inventory-service"));
        inventory = ServiceProcess.start("inventory-service", "inventory", config(INVENTORY_DB, bootstrap));
    }

    @AfterAll
    static void stopConsumer() {
        if (inventory != null) {
            inventory.close();
        }
        TestDatabase.dropSlots(ORDER_DB);
        TestDatabase.dropSlots(INVENTORY_DB);
    }

    @Test
    void anOrderPlacedInOrderServiceIsProjectedByInventoryServiceOnce() {
        try (ServiceProcess order = ServiceProcess.start("order-service", "order-proof", config(ORDER_DB, bootstrap))) {
            String orderId = place(order);
            await().atMost(Duration.ofSeconds(30)).until(() -> demandRows(orderId) == 2);
            ServiceProcess.sleep(2_000);
            assertThat(demandRows(orderId)).isEqualTo(2);
        }
    }

    @Test
    void aPublisherKilledAfterCommitAndBeforePublishingLosesNothing() {
        Map<String, String> cutOff = config(ORDER_DB, bootstrap);
        // The relay reads the committed row from the WAL but cannot reach Kafka: nothing is published.
        cutOff.put("shipsync.relay.bootstrap-servers", "127.0.0.1:" + ServiceProcess.freePort());
        String orderId;
        try (ServiceProcess order = ServiceProcess.start("order-service", "order-cut-off", cutOff)) {
            orderId = place(order);
            ServiceProcess.sleep(3_000);
            assertThat(outboxRows(orderId)).as("committed, not yet relayed").isEqualTo(1);
            assertThat(demandRows(orderId)).isZero();
            order.kill();
        }
        assertThat(recordsFor("shipsync.order", orderId)).as("nothing reached Kafka before the kill").isZero();

        try (ServiceProcess restarted = ServiceProcess.start("order-service", "order-restarted", config(ORDER_DB, bootstrap))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> demandRows(orderId) == 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows(orderId) == 0);
        }
    }

    @Test
    void twoReplicasRelayOneAtATimeAndTheStandbyTakesOverWithinThirtySeconds() {
        List<String> orders = new ArrayList<>();
        ServiceProcess first = ServiceProcess.start("order-service", "order-replica-1", config(ORDER_DB, bootstrap));
        ServiceProcess second = ServiceProcess.start("order-service", "order-replica-2", config(ORDER_DB, bootstrap));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    List.of(first.relayRole(), second.relayRole()).containsAll(List.of("LEADER", "STANDBY")));
            for (int sample = 0; sample < 5; sample++) {
                assertThat(List.of(first.relayRole(), second.relayRole())).containsExactlyInAnyOrder("LEADER", "STANDBY");
                ServiceProcess.sleep(400);
            }
            ServiceProcess leader = "LEADER".equals(first.relayRole()) ? first : second;
            ServiceProcess standby = leader == first ? second : first;
            for (int i = 0; i < 10; i++) {
                orders.add(place(i % 2 == 0 ? leader : standby));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> orders.stream().allMatch(o -> demandRows(o) == 2));

            // Events committed right before the leader dies, and while nobody relays yet.
            for (int i = 0; i < 10; i++) {
                orders.add(place(i % 2 == 0 ? leader : standby));
            }
            long killedAt = System.nanoTime();
            leader.kill();
            for (int i = 0; i < 10; i++) {
                orders.add(place(standby));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> "LEADER".equals(standby.relayRole())
                    && orders.stream().allMatch(o -> demandRows(o) == 2));
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(30));
            ServiceProcess.sleep(3_000);
            assertThat(orders).allSatisfy(o -> assertThat(demandRows(o)).isEqualTo(2));
            assertThat(orders).allSatisfy(o -> assertThat(inboxRows(o)).isEqualTo(1));
            assertThat(deadLetters()).as("no duplicate landed in the dead-letter topic either").isZero();
        } finally {
            first.close();
            second.close();
        }
    }

    private static Map<String, String> config(String database, String kafka) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(database));
        config.put("quarkus.datasource.username", TestDatabase.ownerOf(database));
        config.put("kafka.bootstrap.servers", kafka);
        config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
        config.put("shipsync.relay.leader-poll-interval", "1s");
        return config;
    }

    private static String place(ServiceProcess order) {
        String orderId = "3705" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000_000L);
        given().baseUri(order.uri("").toString()).auth().oauth2(TestTokens.operator(SHOP))
                .contentType(ContentType.JSON).body("""
                        {"orderId":"%s","paidAt":"2026-11-25T10:00:00Z","deliverMethod":0,
                         "items":[{"productId":"p-1","skuId":"sku-1","quantity":1,"unitPriceFen":1990},
                                  {"productId":"p-2","skuId":"sku-2","quantity":3,"unitPriceFen":500}],
                         "receiverRegion":{"province":"浙江省","city":"杭州市","county":"西湖区"},"totalFen":3490}"""
                        .formatted(orderId))
                .when().post("/api/shops/{shop}/orders", SHOP)
                .then().statusCode(201);
        return orderId;
    }

    private static long demandRows(String orderId) {
        return count(INVENTORY_DB, "SELECT count(*) FROM reservation_lines WHERE order_id = ?", orderId);
    }

    private static long inboxRows(String orderId) {
        return count(INVENTORY_DB, """
                SELECT count(DISTINCT i.event_id) FROM inbox i
                JOIN reservations r ON r.event_id = i.event_id AND i.event_type = 'OrderPlaced'
                JOIN reservation_lines l ON l.shop_id = r.shop_id AND l.order_id = r.order_id
                WHERE r.order_id = ?""", orderId);
    }

    private static long outboxRows(String orderId) {
        return count(ORDER_DB, "SELECT count(*) FROM outbox WHERE aggregateid = ?", orderId);
    }

    private static long count(String database, String sql, String parameter) {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(database), TestDatabase.USER, TestDatabase.PASSWORD);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long recordsFor(String topic, String key) {
        return readAll(topic).stream().filter(key::equals).count();
    }

    private static long deadLetters() {
        return readAll("shipsync.dlq.inventory-service").size();
    }

    private static List<String> readAll(String topic) {
        return TopicReader.readAll(bootstrap, topic).stream().map(ConsumerRecord::key).toList();
    }
}
