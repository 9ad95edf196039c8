package io.shipsync.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.PackageItem;
import io.shipsync.events.ShippedPackage;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockMovementReason;
import io.shipsync.events.StockShortage;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TopicReader;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Order events from Kafka drive 预占: reserve, ship (commit), cancel (release), refund (return); each once. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ReservationLifecycleTest {

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aShippedOrderCommitsItsReservationAndRedeliveriesChangeNothing() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        shop.receive("sku-a", 10).then().statusCode(200);
        String orderId = Stores.newOrderId();

        List<ProducerRecord<String, String>> placed = shop.publish(Stores.placed(orderId, Stores.item("sku-a", 3)));
        awaitStatus(shop, orderId, "RESERVED");
        shop.stock("sku-a").then().body("onHand", is(10)).body("reserved", is(3)).body("available", is(7));

        shop.send(placed);
        shop.publish(Stores.placed(orderId, Stores.item("sku-a", 3)));
        shop.drained(orderId);
        shop.stock("sku-a").then().body("reserved", is(3)).body("available", is(7));

        OrderShipped shipped = new OrderShipped(orderId, List.of(Stores.parcel("SF1342567604302", "sku-a", 3)), Instant.now(), true, false);
        List<ProducerRecord<String, String>> shipment = shop.publish(shipped);
        awaitStatus(shop, orderId, "SHIPPED");
        shop.stock("sku-a").then().body("onHand", is(7)).body("reserved", is(0)).body("available", is(7));

        shop.send(shipment);
        shop.publish(shipped);
        shop.drained(orderId);
        shop.stock("sku-a").then().body("onHand", is(7)).body("reserved", is(0));
        shop.reservation(orderId).then().body("lines[0].committed", is(3)).body("lines[0].reserved", is(0));
        assertLedger(shop, "sku-a", "ADJUST", "RESERVE", "COMMIT");
    }

    @Test
    void aCancelledOrderReleasesItsReservationOnceAndIsNeverReservedAgain() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        shop.receive("sku-b", 10).then().statusCode(200);
        String orderId = Stores.newOrderId();
        shop.publish(Stores.placed(orderId, Stores.item("sku-b", 4)));
        awaitStatus(shop, orderId, "RESERVED");

        List<ProducerRecord<String, String>> cancel = shop.publish(new OrderCancelled(orderId, OrderCancelled.CANCEL_BY_BUYER, false,
                Instant.now(), List.of(Stores.item("sku-b", 4))));
        awaitStatus(shop, orderId, "CANCELLED");
        shop.stock("sku-b").then().body("onHand", is(10)).body("reserved", is(0)).body("available", is(10));

        shop.send(cancel);
        shop.publish(Stores.placed(orderId, Stores.item("sku-b", 4)));
        shop.drained(orderId);
        shop.stock("sku-b").then().body("onHand", is(10)).body("reserved", is(0));
        assertLedger(shop, "sku-b", "ADJUST", "RESERVE", "RELEASE");
    }

    @Test
    void aRefundAfterPaymentReleasesWhatWasHeldAndReturnsWhatHadShipped() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        shop.receive("sku-c", 10).then().statusCode(200);
        String orderId = Stores.newOrderId();
        shop.publish(Stores.placed(orderId, Stores.item("sku-c", 3)),
                new OrderShipped(orderId, List.of(Stores.parcel("SF1342567604302", "sku-c", 2)), Instant.now(), false, false));
        await().atMost(Stores.WITHIN).untilAsserted(() -> shop.stock("sku-c").then().body("onHand", is(8)).body("reserved", is(1)));

        shop.publish(new OrderCancelled(orderId, OrderCancelled.CANCEL_ALL_AFTER_SALES_DONE, true, Instant.now(),
                List.of(Stores.item("sku-c", 3))));
        awaitStatus(shop, orderId, "CANCELLED");
        shop.stock("sku-c").then().body("onHand", is(10)).body("reserved", is(0)).body("available", is(10));
        shop.reservation(orderId).then().body("lines[0].committed", is(2)).body("lines[0].returned", is(2));
        assertLedger(shop, "sku-c", "ADJUST", "RESERVE", "COMMIT", "RELEASE", "RETURN");
        // The RETURN is announced like any movement: what the platform sync will push back (diff_type 1).
        await().atMost(Stores.WITHIN).untilAsserted(() -> assertThat(shop.stockEvents("sku-c", StockChanged.class))
                .filteredOn(c -> c.reason() == StockMovementReason.RETURN)
                .singleElement().satisfies(c -> assertThat(c.onHand()).isEqualTo(10)));
    }

    @Test
    void anOrderIsReservedWholeOrNotAtAllAndAShortOrderShipsFromWhatIsAvailableLater() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        shop.receive("sku-d", 5).then().statusCode(200);
        shop.receive("sku-e", 1).then().statusCode(200);
        String tooBig = Stores.newOrderId();
        shop.publish(Stores.placed(tooBig, Stores.item("sku-d", 2), Stores.item("sku-e", 2)));
        awaitStatus(shop, tooBig, "SHORT");
        shop.stock("sku-d").then().body("reserved", is(0)).body("available", is(5));
        shop.stock("sku-e").then().body("reserved", is(0)).body("available", is(1));
        await().atMost(Stores.WITHIN).untilAsserted(() -> assertThat(shop.stockEvents("sku-e", StockShortage.class))
                .singleElement().satisfies(s -> {
                    assertThat(s.orderId()).isEqualTo(tooBig);
                    assertThat(s.requested()).isEqualTo(2);
                    assertThat(s.available()).isEqualTo(1);
                }));
        assertThat(shop.stockEvents("sku-d", StockShortage.class)).as("sku-d could cover its line").isEmpty();

        String fits = Stores.newOrderId();
        shop.publish(Stores.placed(fits, Stores.item("sku-d", 2), Stores.item("sku-e", 1), Stores.item("sku-d", 1)));
        awaitStatus(shop, fits, "RESERVED");
        shop.stock("sku-d").then().body("reserved", is(3)).body("available", is(2));
        shop.stock("sku-e").then().body("reserved", is(1)).body("available", is(0));

        // Restocked, the short order was released by order-service and ships: from available stock.
        shop.receive("sku-e", 4).then().statusCode(200);
        shop.publish(new OrderShipped(tooBig, List.of(new ShippedPackage("SF", "SF3237301501050", List.of(
                new PackageItem(Stores.product("sku-d"), "sku-d", 2),
                new PackageItem(Stores.product("sku-e"), "sku-e", 2)))), Instant.now(), true, false));
        awaitStatus(shop, tooBig, "SHIPPED");
        shop.stock("sku-d").then().body("onHand", is(3)).body("reserved", is(3)).body("available", is(0));
        shop.stock("sku-e").then().body("onHand", is(3)).body("reserved", is(1)).body("available", is(2));
        shop.get("/api/shops/{s}/skus/{sku}/ledger/balance", shop.shopId, "sku-e").then().body("[0].balanced", is(true));
    }

    @Test
    void anOrderFirstHeardOfWhenItShipsCommitsEachParcelFromAvailableStockAndIsNotReservedLater() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        shop.receive("sku-f", 5).then().statusCode(200);
        String orderId = Stores.newOrderId();
        shop.publish(new OrderShipped(orderId, List.of(Stores.parcel("SF1342567604302", "sku-f", 2)), Instant.now(), false, false),
                new OrderShipped(orderId, List.of(Stores.parcel("SF3237301501050", "sku-f", 1)), Instant.now(), true, false),
                Stores.placed(orderId, Stores.item("sku-f", 3)));
        shop.drained(orderId);
        shop.stock("sku-f").then().body("onHand", is(2)).body("reserved", is(0)).body("available", is(2));
        shop.reservation(orderId).then().body("status", is("SHIPPED")).body("lines.committed", is(List.of(2, 1)));
        assertLedger(shop, "sku-f", "ADJUST", "COMMIT", "COMMIT");
    }

    @Test
    void goodsShippedBeyondRecordedStockTakeWhatIsThereAndNeverStopTheStream() {
        Stores shop = new Stores(codec, bootstrap, dataSource);
        shop.receive("sku-g", 1).then().statusCode(200);
        String orderId = Stores.newOrderId();
        shop.publish(new OrderShipped(orderId, List.of(new ShippedPackage("SF", "SF1342567604302", List.of(
                new PackageItem(Stores.product("sku-g"), "sku-g", 3),
                new PackageItem(Stores.product("sku-untracked"), "sku-untracked", 2)))), Instant.now(), true, false));
        awaitStatus(shop, orderId, "SHIPPED");
        shop.stock("sku-g").then().body("onHand", is(0)).body("available", is(0));
        shop.reservation(orderId).then().body("lines.skuId", is(List.of("sku-g", "sku-untracked")))
                .body("lines.committed", is(List.of(3, 2))).body("lines.unstocked", is(List.of(2, 2)));
        shop.get("/api/shops/{s}/skus/{sku}/ledger", shop.shopId, "sku-g").then()
                .body("items[0].reason", is("COMMIT")).body("items[0].onHandDelta", is(-1))
                .body("items[0].note", containsString("2 of them beyond recorded stock"));

        shop.publish(new OrderCancelled(orderId, OrderCancelled.CANCEL_ALL_AFTER_SALES_DONE, true, Instant.now(),
                List.of(Stores.item("sku-g", 3), Stores.item("sku-untracked", 2))));
        awaitStatus(shop, orderId, "CANCELLED");
        shop.stock("sku-g").then().body("onHand", is(1));
        assertLedger(shop, "sku-g", "ADJUST", "COMMIT", "RETURN");
        shop.stock("sku-untracked").then().statusCode(404);
        assertThat(TopicReader.readAll(bootstrap, "shipsync.dlq.inventory-service")).noneMatch(r -> orderId.equals(r.key()));
    }

    private static void awaitStatus(Stores shop, String orderId, String status) {
        await().atMost(Stores.WITHIN).untilAsserted(() -> shop.reservation(orderId).then().statusCode(200).body("status", is(status)));
    }

    private static void assertLedger(Stores shop, String sku, String... reasonsOldestFirst) {
        List<String> reasons = new ArrayList<>(shop.get("/api/shops/{s}/skus/{sku}/ledger", shop.shopId, sku).then().statusCode(200)
                .extract().jsonPath().getList("items.reason", String.class));
        Collections.reverse(reasons);
        assertThat(reasons).containsExactly(reasonsOldestFirst);
        shop.get("/api/shops/{s}/skus/{sku}/ledger/balance", shop.shopId, sku).then().body("[0].balanced", is(true));
    }
}
