package io.shipsync.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.PackageItem;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TopicReader;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * 发货 by hand and by an auto-ship rule racing on the same order: the order's row lock lets one declare
 * and makes the other see that declaration, so each order ships once and OrderShipped is announced once.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class DeclarationRaceTest {

    private static final int ORDERS = 100;
    /** The printed waybill the auto-ship rule declares. */
    private static final String PRINTED = "SF1342567604302";
    /** The number the operator types for the same parcel. */
    private static final String TYPED = "SF3237301501050";
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    Shipping shipping;
    @Inject
    AutoShipping autoShipping;
    @Inject
    EntityManager entityManager;
    @Inject
    EventCodec codec;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aManualDeclarationAndAnAutoShipOfTheSameOrderDeclareItOnce() throws Exception {
        SimScenario shop = SimScenario.newShop();
        // Due in a day: only the race below runs these declarations, never the scheduler.
        autoShipping.setMode(shop.shopId, AutoShipping.Mode.AFTER_24_HOURS);
        List<String> orderIds = IntStream.range(0, ORDERS).mapToObj(i -> shop.paidOrder(1).orderId()).toList();
        await().atMost(WITHIN).until(() -> rows("SELECT order_id, shop_id FROM orders WHERE shop_id = ?1", shop.shopId).size() == ORDERS);
        for (int i = 0; i < ORDERS; i++) {
            WaybillPrinted printed = new WaybillPrinted(Integer.toString(i + 1), orderIds.get(i), "SF", PRINTED,
                    List.of(new PackageItem(SimScenario.PRODUCT, SimScenario.SKU, 1)), Instant.now(), false);
            QuarkusTransaction.requiringNew().run(() -> autoShipping.printed(shop.shopId, printed));
        }
        Map<String, Long> scheduled = rows("SELECT order_id, id FROM scheduled_declarations WHERE shop_id = ?1", shop.shopId)
                .stream().collect(Collectors.toMap(r -> (String) r[0], r -> ((Number) r[1]).longValue()));

        Map<String, Boolean> acceptedByHand = race(orderIds, orderId -> declareByHand(shop.shopId, orderId),
                orderId -> autoShipping.declare(scheduled.get(orderId)));

        Map<String, List<String>> packages = rows("SELECT order_id, tracking_number FROM shipment_packages WHERE shop_id = ?1",
                shop.shopId).stream().collect(Collectors.groupingBy(r -> (String) r[0], Collectors.mapping(r -> (String) r[1], Collectors.toList())));
        Map<String, String> autoShip = rows("SELECT order_id, status FROM scheduled_declarations WHERE shop_id = ?1", shop.shopId)
                .stream().collect(Collectors.toMap(r -> (String) r[0], r -> (String) r[1]));
        for (String orderId : orderIds) {
            boolean byHand = acceptedByHand.get(orderId);
            assertThat(packages.get(orderId)).as("packages of order %s", orderId).containsExactly(byHand ? TYPED : PRINTED);
            assertThat(autoShip.get(orderId)).as("auto-ship of order %s", orderId).isEqualTo(byHand ? "REFUSED" : "DONE");
        }
        await().atMost(WITHIN).untilAsserted(() -> assertThat(orderShipped(shop.shopId).keySet()).containsAll(orderIds));
        assertThat(orderShipped(shop.shopId)).allSatisfy((orderId, count) -> assertThat(count).as("OrderShipped of %s", orderId).isOne());
    }

    /** Runs both declarations of each order at the same moment; returns whether the one by hand was accepted. */
    private static Map<String, Boolean> race(List<String> orderIds, Predicate<String> byHand, Consumer<String> autoShip)
            throws Exception {
        // Tasks go in pairs, in order: a task waiting for its partner never keeps the partner from a thread.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Map<String, Future<Boolean>> manual = new HashMap<>();
            List<Future<?>> auto = new ArrayList<>();
            for (String orderId : orderIds) {
                CyclicBarrier start = new CyclicBarrier(2);
                manual.put(orderId, pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return byHand.test(orderId);
                }));
                auto.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    autoShip.accept(orderId);
                    return null;
                }));
            }
            for (Future<?> declared : auto) {
                declared.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
            }
            Map<String, Boolean> accepted = new HashMap<>();
            for (Map.Entry<String, Future<Boolean>> declared : manual.entrySet()) {
                accepted.put(declared.getKey(), declared.getValue().get(WITHIN.toSeconds(), TimeUnit.SECONDS));
            }
            return accepted;
        } finally {
            pool.shutdownNow();
        }
    }

    /** True when declared, false when refused as the conflict it must be once the auto-ship declared first. */
    private boolean declareByHand(String shopId, String orderId) {
        try {
            shipping.declare(shopId, orderId, new Shipping.Declaration(List.of(new Shipping.PackageRequest("SF", TYPED,
                    List.of(new ShipmentPackage.Item(SimScenario.PRODUCT, SimScenario.SKU, 1)))), false), "operator");
            return true;
        } catch (ProblemException e) {
            assertThat(e.problem().status()).as(e.getMessage()).isEqualTo(409);
            return false;
        }
    }

    /** How many OrderShipped each of the shop's orders has on the topic (keyed by order id). */
    private Map<String, Long> orderShipped(String shopId) {
        return TopicReader.readAll(bootstrap, "shipsync.order").stream()
                .filter(r -> {
                    EventEnvelope event = codec.read(r.value());
                    return event.eventType().equals("OrderShipped") && event.shopId().equals(shopId);
                })
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, String shopId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(sql).setParameter(1, shopId).getResultList());
    }
}
