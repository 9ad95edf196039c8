package io.shipsync.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockLevel;
import io.shipsync.events.StockMovementReason;
import io.shipsync.events.StockShortage;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.inventory.Reservations.Outcome;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** 1,000 orders race for the 100 units of one SKU: exactly 100 are reserved, never a unit more. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ReservationConcurrencyTest {

    private static final int ORDERS = 1_000;
    private static final int IN_STOCK = 100;

    @Inject
    EventCodec codec;
    @Inject
    Reservations reservations;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aThousandOrdersOverEveryPartitionReserveExactlyTheHundredInStockAndTheRestAreShort() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        String sku = "sku-hot-kafka";
        shop.receive(sku, IN_STOCK).then().statusCode(200);

        List<ProducerRecord<String, String>> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            OrderPlaced placed = Stores.placed(Stores.newOrderId(), Stores.item(sku, 1));
            orders.add(new ProducerRecord<>("shipsync.order", placed.orderId(), codec.write(shop.envelope(placed))));
        }
        Set<Integer> partitions = shop.send(orders).stream().map(RecordMetadata::partition).collect(Collectors.toSet());
        assertThat(partitions).as("spread over the topic's partitions").hasSize(3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumersOfOrderEvents())
                .as("one consumer per partition, each with its own client and thread").containsExactly(1, 1, 1));

        await().atMost(Duration.ofSeconds(120)).until(() -> shop.count(
                "SELECT count(*) FROM reservations WHERE shop_id = ?", shop.shopId) == ORDERS);
        assertThat(statuses(shop)).containsExactlyInAnyOrderEntriesOf(Map.of("RESERVED", 100L, "SHORT", 900L));
        assertSoldOut(shop, sku);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            List<StockShortage> shortages = shop.stockEvents(sku, StockShortage.class);
            assertThat(shortages).hasSize(900).allSatisfy(s -> assertThat(s.requested()).isEqualTo(1));
            assertThat(shortages.stream().map(StockShortage::orderId).distinct()).hasSize(900);
            List<StockChanged> changes = shop.stockEvents(sku, StockChanged.class);
            assertThat(changes).filteredOn(c -> c.reason() == StockMovementReason.RESERVE).hasSize(100);
            assertThat(changes).extracting(StockChanged::available).contains(0L).allSatisfy(a -> assertThat(a).isNotNegative());
        });
    }

    @Test
    void aThousandThreadsReservingOneSkuAtOnceNeverOversell() throws Exception {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        String sku = "sku-hot-direct";
        shop.receive(sku, IN_STOCK).then().statusCode(200);

        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < ORDERS; i++) {
                OrderPlaced placed = Stores.placed(Stores.newOrderId(), Stores.item(sku, 1));
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return reservations.reserve(shop.envelope(placed), placed);
                }));
            }
            go.countDown();
            List<Outcome> results = new ArrayList<>();
            for (Future<Outcome> outcome : outcomes) {
                results.add(outcome.get());
            }
            assertThat(results.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(Outcome.RESERVED, 100L, Outcome.SHORT, 900L));
        } finally {
            pool.shutdownNow();
        }
        assertSoldOut(shop, sku);
        // Every level on the way down was crossed once, however the 1,000 transactions interleaved.
        shop.get("/api/shops/{s}/skus/{sku}/crossings", shop.shopId, sku).then().statusCode(200)
                .body("kind", is(List.of("LEVEL", "LEVEL", "LEVEL", "FREEZE", "LEVEL", "LEVEL")))
                .body("toLevel", is(List.of("OK", "BELOW_FIRST_WARNING", "BELOW_SECOND_WARNING", "BELOW_SECOND_WARNING",
                        "BELOW_THIRD_WARNING", "OUT")))
                .body("available", is(List.of(100, 29, 19, 19, 9, 0)));
    }

    private static void assertSoldOut(Stores shop, String sku) {
        shop.stock(sku).then().statusCode(200)
                .body("onHand", is(100)).body("reserved", is(100)).body("available", is(0))
                .body("warehouses[0].level", is(StockLevel.OUT.name())).body("warehouses[0].frozen", is(true));
        shop.get("/api/shops/{s}/skus/{sku}/ledger/balance", shop.shopId, sku).then().statusCode(200)
                .body("[0].balanced", is(true)).body("[0].ledgerOnHand", is(100)).body("[0].ledgerReserved", is(100))
                .body("[0].movements", is(101));
        shop.get("/api/shops/{s}/skus/{sku}/ledger?size=500", shop.shopId, sku).then()
                .body("items.findAll { it.reason == 'RESERVE' }.size()", is(100))
                .body("items.findAll { it.reason == 'RESERVE' && it.reservedDelta == 1 && it.orderId != null }.size()", is(100));
    }

    /** Partitions of shipsync.order held by each member of inventory-service's consumer group. */
    private List<Integer> consumersOfOrderEvents() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("inventory-service"))
                    .describedGroups().get("inventory-service").get();
            return group.members().stream().map(m -> (int) m.assignment().topicPartitions().stream()
                    .filter(p -> p.topic().equals("shipsync.order")).count()).toList();
        }
    }

    private static Map<String, Long> statuses(Stores shop) {
        return Map.of("RESERVED", shop.count("SELECT count(*) FROM reservations WHERE shop_id = ? AND status = 'RESERVED'", shop.shopId),
                "SHORT", shop.count("SELECT count(*) FROM reservations WHERE shop_id = ? AND status = 'SHORT'", shop.shopId));
    }
}
