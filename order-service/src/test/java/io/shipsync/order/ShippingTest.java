package io.shipsync.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shipsync.events.DeclarationSettled;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.CarrierSwitched;
import io.shipsync.events.PackageItem;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockLevel;
import io.shipsync.events.StockMovementReason;
import io.shipsync.events.StockShortage;
import io.shipsync.events.WaybillCancelled;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.events.WaybillPrintedV1;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestClock;
import io.shipsync.infra.testing.TopicReader;
import io.shipsync.sim.ApiCall;
import io.shipsync.sim.Delivery;
import io.shipsync.sim.DeliveryItem;
import io.shipsync.sim.FaultSpec;
import io.shipsync.sim.OrderItem;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.OrderStatePatch;
import io.shipsync.sim.OrderView;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.PushEvent;
import io.shipsync.sim.PushRecord;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 发货 end to end: API → outbox/Kafka → platform-sim's delivery/send, with faults, rules, holds and drift. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class ShippingTest {

    private static final String SEND = "/channels/ec/order/delivery/send";
    private static final String SF_A = "SF1342567604302";
    private static final String SF_B = "SF3237301501050";
    /** A number the merchant typed in the WeChat Shop back office, never declared through ShipSync. */
    private static final String ZTO = "75312345678901";
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Inject
    EventCodec codec;
    @Inject
    TestClock clock;
    @Inject
    EntityManager entityManager;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final PlatformSim sim = PlatformSimResource.sim();

    @AfterEach
    void resetClockAndFaults() {
        clock.reset();
        sim.clearFaults();
    }

    @Test
    void aDeclarationReachesThePlatformExactlyOnceThroughMinusOneTooFrequentAndATimeout() {
        SimScenario shop = SimScenario.newShop();
        String orderId = knownPaidOrder(shop, 1);
        sim.injectFault(FaultSpec.errcode(SEND, -1, 1));
        sim.injectFault(FaultSpec.errcode(SEND, 100003, 1));
        sim.injectFault(FaultSpec.timeout(SEND, 1));

        declare(shop, orderId, "SF", SF_A).then().statusCode(202).body("packages[0].trackingNumber", is(SF_A));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> order(shop, orderId)
                .then().body("sync.status", is("SYNCED")).body("platformStatus", is(30)));

        // The simulator logs the held (timed-out) call only when its hold ends.
        await().atMost(WITHIN).untilAsserted(() -> {
            List<ApiCall> sends = sim.calls(SEND).stream().filter(c -> c.shopId().equals(shop.shopId)).toList();
            assertThat(sends).filteredOn(c -> !c.faulted()).extracting(ApiCall::errcode).containsExactly(0);
            assertThat(sends).filteredOn(ApiCall::faulted).hasSize(3);
        });
        assertThat(sim.order(shop.shopId, orderId).deliveries()).extracting(Delivery::waybillId).containsExactly(SF_A);
        assertThat(events(orderId, "OrderShipped")).hasSize(1);
        // Transient failures are retried, not announced: the one settlement is the acknowledgement after four calls.
        await().atMost(WITHIN).untilAsserted(() -> assertThat(events(orderId, "DeclarationSettled")).hasSize(1));
        DeclarationSettled settled = codec.payload(events(orderId, "DeclarationSettled").get(0), DeclarationSettled.class);
        assertThat(settled.outcome()).isEqualTo(DeclarationSettled.Outcome.ACKNOWLEDGED);
        assertThat(settled.action()).isEqualTo(DeclarationSettled.Action.SEND);
        assertThat(settled.trackingNumbers()).containsExactly(SF_A);
        assertThat(settled.attempts()).isEqualTo(4);
        assertThat(settled.errcode()).isNull();
        assertThat(settled.settledAt()).isAfterOrEqualTo(settled.declaredAt());
    }

    @Test
    void aRefusalEndsFailedWithItsReasonAndAFinding() {
        SimScenario shop = SimScenario.newShop();
        String orderId = knownPaidOrder(shop, 1);
        sim.setPlatformOrderState(shop.shopId, orderId, new OrderStatePatch(250, null));

        declare(shop, orderId, "SF", SF_A).then().statusCode(202);
        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then()
                .body("sync.status", is("FAILED")).body("sync.lastErrcode", is(101100)));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(events(orderId, "DriftDetected")).hasSize(1));
        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/findings", shop.shopId)
                .then().statusCode(200).body("kind", hasItem("DECLARATION_REJECTED"));
        List<EventEnvelope> settled = events(orderId, "DeclarationSettled");
        assertThat(settled).hasSize(1);
        DeclarationSettled refusal = codec.payload(settled.get(0), DeclarationSettled.class);
        assertThat(refusal.outcome()).isEqualTo(DeclarationSettled.Outcome.REFUSED);
        assertThat(refusal.errcode()).isEqualTo(101100);
    }

    @Test
    void trackingNumbersAreCheckedAgainstTheCarrierRulesAndAreRequired() {
        SimScenario shop = SimScenario.newShop();
        String orderId = knownPaidOrder(shop, 1);
        declare(shop, orderId, "SF", "SF12345678901").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", is("packages[0].trackingNumber"))
                .body("errors[0].message", containsString("followed by 13 digits"));
        declare(shop, orderId, "SF", "SF1342567604303").then().statusCode(400)
                .body("errors[0].message", containsString("check digit"));
        declare(shop, orderId, "YD", SF_A).then().statusCode(400).body("errors[0].message", containsString("unknown carrier"));
        declare(shop, orderId, "SF", null).then().statusCode(400).body("errors[0].message", containsString("强制手动填写"));
        order(shop, orderId).then().body("packages", hasSize(0));
    }

    @Test
    void aSecondNumberForTheSamePackageIsAConflictUnlessItIsACorrection() {
        SimScenario shop = SimScenario.newShop();
        String orderId = knownPaidOrder(shop, 1);
        declare(shop, orderId, "SF", SF_A).then().statusCode(202);
        declare(shop, orderId, "SF", SF_A).then().statusCode(202);
        declare(shop, orderId, "SF", SF_B).then().statusCode(409).body("detail", containsString("自动发货规则冲突"));
        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then().body("sync.status", is("SYNCED")));

        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON)
                .body(Map.of("correction", true, "packages", List.of(pkg("SF", SF_B))))
                .post("/api/shops/{s}/orders/{o}/shipments", shop.shopId, orderId).then().statusCode(202);
        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then()
                .body("sync.status", is("SYNCED")).body("sync.action", is("UPDATE")));
        assertThat(sim.order(shop.shopId, orderId).deliveries()).extracting(Delivery::waybillId).containsExactly(SF_B);
    }

    @Test
    void aCarrierSwitchCorrectsTheDeclarationToTheNewNumberOnce() throws Exception {
        SimScenario shop = SimScenario.newShop();
        String orderId = knownPaidOrder(shop, 1);
        declare(shop, orderId, "SF", SF_A).then().statusCode(202);
        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then().body("sync.status", is("SYNCED")));

        CarrierSwitched switched = new CarrierSwitched(orderId, "SF", SF_A, "ZTO", ZTO, waybillId(),
                List.of(new PackageItem(SimScenario.PRODUCT, SimScenario.SKU, 1)), clock.instant(), "op-1");
        publish(shop, switched);
        EventEnvelope again = publish(shop, switched);

        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then()
                .body("packages", hasSize(1)).body("packages[0].carrierCode", is("ZTO")).body("packages[0].trackingNumber", is(ZTO))
                .body("sync.status", is("SYNCED")).body("sync.action", is("UPDATE")));
        assertThat(sim.order(shop.shopId, orderId).deliveries()).extracting(Delivery::waybillId).containsExactly(ZTO);
        await().atMost(WITHIN).until(() -> count("SELECT count(*) FROM inbox WHERE event_id = ?1", again.eventId()) == 1);
        assertThat(events(orderId, "OrderShipped")).as("the declaration, then one correction").hasSize(2)
                .last().satisfies(e -> assertThat(e.payload().path("correction").asBoolean()).isTrue());
    }

    @Test
    void eachAutoShipModeDeclaresAtItsTime() throws Exception {
        SimScenario shop = SimScenario.newShop();
        String immediate = knownPaidOrder(shop, 1);
        autoShip(shop, "IMMEDIATELY");
        // A version 1 waybill names no items: its package takes what the order has not declared yet.
        publish(shop, new WaybillPrintedV1(waybillId(), immediate, "SF", SF_A, clock.instant(), false));
        await().atMost(WITHIN).untilAsserted(() -> order(shop, immediate).then().body("sync.status", is("SYNCED"))
                .body("packages[0].items[0].quantity", is(1)));

        autoShip(shop, "AFTER_30_MINUTES");
        String halfHour = knownPaidOrder(shop, 1);
        printed(shop, halfHour, SF_A, 1);
        Thread.sleep(4_000);
        order(shop, halfHour).then().body("packages", hasSize(0));
        clock.advance(Duration.ofMinutes(29));
        Thread.sleep(3_000);
        order(shop, halfHour).then().body("packages", hasSize(0));
        clock.advance(Duration.ofMinutes(2));
        await().atMost(WITHIN).untilAsserted(() -> order(shop, halfHour).then().body("packages[0].trackingNumber", is(SF_A)));
        clock.reset();

        autoShip(shop, "AFTER_24_HOURS");
        String presale = knownPaidOrder(shop, 1);
        printed(shop, presale, SF_B, 1);
        Thread.sleep(4_000);
        clock.advance(Duration.ofHours(23));
        Thread.sleep(3_000);
        order(shop, presale).then().body("packages", hasSize(0));
        clock.advance(Duration.ofHours(1).plusMinutes(1));
        await().atMost(WITHIN).untilAsserted(() -> order(shop, presale).then().body("packages[0].trackingNumber", is(SF_B)));
        clock.reset();

        autoShip(shop, "MANUAL_ONLY");
        String manual = knownPaidOrder(shop, 1);
        printed(shop, manual, SF_A, 1);
        Thread.sleep(4_000);
        clock.advance(Duration.ofDays(3));
        Thread.sleep(3_000);
        order(shop, manual).then().body("packages", hasSize(0));
    }

    @Test
    void aWaybillCancelledBeforeItsAutoShipIsNeverDeclared() throws Exception {
        SimScenario shop = SimScenario.newShop();
        // Declared at once, then cancelled: the declaration stands (logistics-service refuses such cancels).
        autoShip(shop, "IMMEDIATELY");
        String declared = knownPaidOrder(shop, 1);
        String declaredWaybill = printed(shop, declared, SF_A, 1);
        await().atMost(WITHIN).untilAsserted(() -> order(shop, declared).then().body("sync.status", is("SYNCED")));
        EventEnvelope lateCancel = cancel(shop, declaredWaybill, declared, SF_A);

        autoShip(shop, "AFTER_30_MINUTES");
        String cancelled = knownPaidOrder(shop, 1);
        String kept = knownPaidOrder(shop, 1);
        String overtaken = knownPaidOrder(shop, 1);
        String cancelledWaybill = printed(shop, cancelled, SF_A, 1);
        printed(shop, kept, SF_B, 1);
        await().atMost(WITHIN).until(() -> scheduled(shop, cancelledWaybill).contains("WAITING"));
        cancel(shop, cancelledWaybill, cancelled, SF_A);
        // A cancel that reaches order-service before its print: the print then schedules nothing.
        String overtakenWaybill = waybillId();
        cancel(shop, overtakenWaybill, overtaken, SF_B);
        EventEnvelope latePrint = publish(shop, new WaybillPrinted(overtakenWaybill, overtaken, "SF", SF_B,
                List.of(new PackageItem(SimScenario.PRODUCT, SimScenario.SKU, 1)), clock.instant(), false));

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(scheduled(shop, cancelledWaybill)).containsExactly("CANCELLED", "waybill cancelled: reprinted with ZTO");
            assertThat(count("SELECT count(*) FROM inbox WHERE event_id = ?1", latePrint.eventId())).isOne();
        });
        assertThat(scheduled(shop, overtakenWaybill)).containsExactly("CANCELLED", "waybill cancelled: reprinted with ZTO");
        clock.advance(Duration.ofMinutes(31));

        // The timers ran: the one kept declared its waybill, the cancelled one's finished without a declaration.
        await().atMost(WITHIN).untilAsserted(() -> order(shop, kept).then()
                .body("packages[0].trackingNumber", is(SF_B)).body("sync.status", is("SYNCED")));
        await().atMost(WITHIN).until(() -> count("SELECT count(*) FROM work_items WHERE queue = 'auto-ship' AND shop_id = ?1",
                shop.shopId) == 0);
        assertThat(scheduled(shop, cancelledWaybill)).first().isEqualTo("CANCELLED");
        for (String never : List.of(cancelled, overtaken)) {
            order(shop, never).then().body("packages", hasSize(0));
            assertThat(sim.order(shop.shopId, never).deliveries()).as("deliveries of %s", never).isEmpty();
            assertThat(sim.calls(SEND)).as("sends of %s", never).noneMatch(c -> c.request().contains(never));
        }
        await().atMost(WITHIN).until(() -> count("SELECT count(*) FROM inbox WHERE event_id = ?1", lateCancel.eventId()) == 1);
        assertThat(scheduled(shop, declaredWaybill)).first().isEqualTo("DONE");
        order(shop, declared).then().body("packages.trackingNumber", contains(SF_A)).body("sync.status", is("SYNCED"));
    }

    @Test
    void anOrderSplitAcrossTwoWaybillsDeclaresEachParcelWithTheWaybillsItems() throws Exception {
        SimScenario shop = SimScenario.newShop();
        autoShip(shop, "IMMEDIATELY");
        String orderId = knownPaidOrder(shop, 3);

        printed(shop, orderId, SF_A, 1);
        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then().body("sync.status", is("SYNCED")));
        printed(shop, orderId, SF_B, 2);

        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then()
                .body("packages.trackingNumber", contains(SF_A, SF_B))
                .body("packages[0].items[0].quantity", is(1))
                .body("packages[1].items[0].quantity", is(2))
                .body("sync.status", is("SYNCED")));
        assertThat(sim.order(shop.shopId, orderId).deliveries()).extracting(Delivery::waybillId).containsExactly(SF_A, SF_B);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(events(orderId, "OrderShipped"))
                .extracting(e -> e.payload().path("finishDelivery").asBoolean()).containsExactly(false, true));
    }

    @Test
    void fraudAndStockHoldsHoldTheOrderUntilReleased() throws Exception {
        SimScenario shop = SimScenario.newShop();
        String openid = "o-busy-buyer-" + UUID.randomUUID();
        String fourth = null;
        for (int i = 0; i < 4; i++) {
            fourth = shop.paidOrder(OrderSpec.of(new OrderItem(SimScenario.PRODUCT, SimScenario.SKU, 1)).withOpenid(openid)).orderId();
            String id = fourth;
            await().atMost(WITHIN).untilAsserted(() -> order(shop, id).then().statusCode(200));
        }
        String held = fourth;
        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}/holds", shop.shopId, held)
                .then().statusCode(200).body("reason", hasItem("FRAUD_REVIEW"))
                .body("detail", hasItem("4 orders from buyer " + BuyerMask.openid(openid) + " within 10 minutes"))
                .body(not(containsString(openid)));
        // Viewers do not release holds: they read the summary, with no reference to the buyer at all.
        given().auth().oauth2(io.shipsync.infra.testing.TestTokens.viewer(shop.shopId))
                .get("/api/shops/{s}/orders/{o}/holds", shop.shopId, held)
                .then().statusCode(200).body("detail", hasItem("4 orders from one buyer within 10 minutes"))
                .body(not(containsString(BuyerMask.openid(openid))));
        declare(shop, held, "SF", SF_A).then().statusCode(409).body("detail", containsString("held"));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(events(held, "OrderHeld")).singleElement().satisfies(e -> {
            assertThat(e.payload().path("reason").asText()).isEqualTo("FRAUD_REVIEW");
            assertThat(e.payload().path("description").asText()).isEqualTo("4 orders from one buyer within 10 minutes")
                    .doesNotContain(openid);
        }));
        given().auth().oauth2(shop.operator()).post("/api/shops/{s}/orders/{o}/holds/FRAUD_REVIEW/release", shop.shopId, held)
                .then().statusCode(200);
        declare(shop, held, "SF", SF_A).then().statusCode(202);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(events(held, "OrderReleased")).singleElement().satisfies(e -> {
            assertThat(e.payload().path("reason").asText()).isEqualTo("FRAUD_REVIEW");
            assertThat(e.payload().path("releasedBy").asText()).isNotBlank().isNotEqualTo(Holds.STOCK_RETURNED);
        }));

        String shortOrder = knownPaidOrder(shop, 5);
        publish(shop, new StockShortage(shortOrder, SimScenario.SKU, SimScenario.PRODUCT, "default", 5, 2, Instant.now()));
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(shop.operator())
                .get("/api/shops/{s}/orders/{o}/holds", shop.shopId, shortOrder).then().body("reason", hasItem("STOCK_SHORTAGE")));
        declare(shop, shortOrder, "SF", SF_B).then().statusCode(409);
        publish(shop, new StockChanged(SimScenario.SKU, SimScenario.PRODUCT, "default", 40, 0, 40, StockLevel.OK, 10,
                StockMovementReason.ADJUST, null, Instant.now()));
        await().atMost(WITHIN).untilAsserted(() -> declare(shop, shortOrder, "SF", SF_B).then().statusCode(202));
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(events(shortOrder, "OrderHeld")).singleElement().satisfies(e -> {
                assertThat(e.payload().path("reason").asText()).isEqualTo("STOCK_SHORTAGE");
                assertThat(e.payload().path("description").asText()).isEqualTo("SKU " + SimScenario.SKU + ": 5 needed, 2 available");
            });
            assertThat(events(shortOrder, "OrderReleased")).singleElement().satisfies(e -> {
                assertThat(e.payload().path("reason").asText()).isEqualTo("STOCK_SHORTAGE");
                assertThat(e.payload().path("releasedBy").asText()).isEqualTo(Holds.STOCK_RETURNED);
            });
        });
    }

    @Test
    void reconciliationAdoptsAShipmentMadeOnThePlatformAndFindsTheDriftPlantedThere() {
        SimScenario shop = SimScenario.newShop();
        String shippedElsewhere = knownPaidOrder(shop, 1);
        String resetOnPlatform = knownPaidOrder(shop, 1);
        String shippedTwice = knownPaidOrder(shop, 1);
        declare(shop, resetOnPlatform, "SF", SF_A).then().statusCode(202);
        await().atMost(WITHIN).untilAsserted(() -> order(shop, resetOnPlatform).then().body("sync.status", is("SYNCED")));
        sim.setPlatformOrderState(shop.shopId, shippedElsewhere, new OrderStatePatch(30,
                List.of(Delivery.of("ZTO", ZTO, new DeliveryItem(SimScenario.PRODUCT, SimScenario.SKU, 1)))));
        sim.setPlatformOrderState(shop.shopId, resetOnPlatform, new OrderStatePatch(20, List.of()));
        // The merchant ships in the WeChat Shop back office while ShipSync declares the same items under another
        // number: the platform refuses ours (101100), and reconciliation finds the two numbers.
        sim.setPlatformOrderState(shop.shopId, shippedTwice, new OrderStatePatch(30,
                List.of(Delivery.of("SF", SF_B, new DeliveryItem(SimScenario.PRODUCT, SimScenario.SKU, 1)))));
        declare(shop, shippedTwice, "SF", SF_A).then().statusCode(202);
        await().atMost(WITHIN).untilAsserted(() -> order(shop, shippedTwice).then().body("sync.status", is("FAILED")));
        // An acknowledgment younger than a listing may be is not held against the platform's 20 yet.
        clock.advance(Duration.ofMinutes(2));

        shop.reconciled()
                .body("fixed.find { it.orderId == '" + shippedElsewhere + "' }.what", is("ADOPTED"))
                .body("found.findAll { it.orderId == '" + shippedElsewhere + "' }", hasSize(0))
                .body("found.find { it.orderId == '" + resetOnPlatform + "' }.what", is("DECLARED_NOT_SHIPPED_ON_PLATFORM"))
                .body("found.find { it.orderId == '" + shippedTwice + "' }.what", is("TRACKING_MISMATCH"))
                .body("fixed.findAll { it.orderId == '" + shippedTwice + "' }", hasSize(0));
        assertAdopted(shop, shippedElsewhere, "ZTO", ZTO, 1);
        order(shop, shippedTwice).then().body("packages.trackingNumber", contains(SF_A));
        assertThat(events(shippedTwice, "OrderShipped")).hasSize(1);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(events(resetOnPlatform, "DriftDetected")).hasSize(1));
    }

    @Test
    void anOrderShippedOnThePlatformOnlyIsAdoptedWhenItsPushArrives() {
        SimScenario shop = SimScenario.newShop();
        String orderId = knownPaidOrder(shop, 2);
        sim.setPlatformOrderState(shop.shopId, orderId, new OrderStatePatch(30,
                List.of(Delivery.of("ZTO", ZTO, new DeliveryItem(SimScenario.PRODUCT, SimScenario.SKU, 2)))));
        sim.push(shop.shopId, orderId, PushEvent.ORDER_DELIVER);

        assertAdopted(shop, orderId, "ZTO", ZTO, 2);
        assertThat(sim.calls(SEND)).noneMatch(c -> c.request().contains(orderId));
        shop.reconciled().body("fixed", hasSize(0)).body("found", hasSize(0));
        assertThat(events(orderId, "OrderShipped")).hasSize(1);
    }

    @Test
    void aDifferentNumberOnThePlatformForItemsAlreadyDeclaredStaysATrackingMismatch() {
        SimScenario shop = SimScenario.newShop();
        String orderId = knownPaidOrder(shop, 1);
        declare(shop, orderId, "SF", SF_A).then().statusCode(202);
        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then().body("sync.status", is("SYNCED")));
        sim.setPlatformOrderState(shop.shopId, orderId, new OrderStatePatch(30,
                List.of(Delivery.of("SF", SF_B, new DeliveryItem(SimScenario.PRODUCT, SimScenario.SKU, 1)))));
        // A deliver push with the CreateTime of the one our declaration brought would be taken for its retry.
        long delivered = sim.pushes().stream().filter(p -> orderId.equals(p.orderId()))
                .filter(p -> p.event().equals(PushEvent.ORDER_DELIVER.wireName())).mapToLong(PushRecord::createTime).max().orElse(0);
        await().atMost(WITHIN).until(() -> Instant.now().getEpochSecond() > delivered);
        sim.push(shop.shopId, orderId, PushEvent.ORDER_DELIVER);

        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(shop.operator()).get("/api/shops/{s}/findings", shop.shopId)
                .then().body("findAll { it.orderId == '" + orderId + "' }.kind", contains("TRACKING_MISMATCH")));
        order(shop, orderId).then().body("packages.trackingNumber", contains(SF_A))
                .body("packages[0].declaredBy", not("platform")).body("sync.status", is("SYNCED"));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(events(orderId, "DriftDetected")).hasSize(1));
        assertThat(events(orderId, "OrderShipped")).singleElement().satisfies(e ->
                assertThat(e.payload().path("packages").get(0).path("trackingNumber").asText()).isEqualTo(SF_A));
    }

    @Test
    void anotherShopsCallerCanNeitherReadNorChangeThisShopsOrders() {
        SimScenario shop = SimScenario.newShop();
        String orderId = knownPaidOrder(shop, 1);
        String stranger = io.shipsync.infra.testing.TestTokens.admin("some-other-shop");
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(Map.of("packages", List.of(pkg("SF", SF_A))))
                .post("/api/shops/{s}/orders/{o}/shipments", shop.shopId, orderId).then().statusCode(403);
        given().auth().oauth2(stranger).get("/api/shops/{s}/orders/{o}/holds", shop.shopId, orderId).then().statusCode(403);
        given().auth().oauth2(stranger).get("/api/shops/{s}/findings", shop.shopId).then().statusCode(403);
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(Map.of("mode", "MANUAL_ONLY"))
                .put("/api/shops/{s}/auto-ship-rule", shop.shopId).then().statusCode(403);
        given().auth().oauth2(stranger).get("/api/shops/{s}/platform-account", shop.shopId).then().statusCode(403);
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body(Map.of("mode", "MANUAL_ONLY"))
                .put("/api/shops/{s}/auto-ship-rule", shop.shopId).then().statusCode(403);
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body(Map.of("mode", "SOMETIMES"))
                .put("/api/shops/{s}/auto-ship-rule", shop.shopId).then().statusCode(403);
        given().auth().oauth2(io.shipsync.infra.testing.TestTokens.admin(shop.shopId)).contentType(ContentType.JSON)
                .body(Map.of("mode", "SOMETIMES")).put("/api/shops/{s}/auto-ship-rule", shop.shopId)
                .then().statusCode(400).contentType("application/problem+json");
        order(shop, orderId).then().body("packages", hasSize(0));
    }

    private String knownPaidOrder(SimScenario shop, int quantity) {
        String orderId = shop.paidOrder(quantity).orderId();
        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then().statusCode(200));
        return orderId;
    }

    /**
     * The platform's package was taken in as declared by the platform, with nothing sent back, announced once by
     * OrderShipped, and no finding left open for the order.
     */
    private void assertAdopted(SimScenario shop, String orderId, String carrier, String number, int quantity) {
        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then()
                .body("platformStatus", is(30))
                .body("packages", hasSize(1))
                .body("packages[0].carrierCode", is(carrier))
                .body("packages[0].trackingNumber", is(number))
                .body("packages[0].declaredBy", is("platform"))
                .body("packages[0].items[0].quantity", is(quantity))
                .body("sync.status", is("SYNCED")));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(events(orderId, "OrderShipped")).singleElement().satisfies(e -> {
            assertThat(e.payload().path("packages").get(0).path("carrierCode").asText()).isEqualTo(carrier);
            assertThat(e.payload().path("packages").get(0).path("trackingNumber").asText()).isEqualTo(number);
            assertThat(e.payload().path("packages").get(0).path("items").get(0).path("quantity").asInt()).isEqualTo(quantity);
            assertThat(e.payload().path("finishDelivery").asBoolean()).isTrue();
        }));
        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/findings", shop.shopId)
                .then().statusCode(200).body("findAll { it.orderId == '" + orderId + "' }", hasSize(0));
    }

    private io.restassured.response.Response declare(SimScenario shop, String orderId, String carrier, String number) {
        return given().auth().oauth2(shop.operator()).contentType(ContentType.JSON)
                .body(Map.of("packages", List.of(pkg(carrier, number))))
                .post("/api/shops/{s}/orders/{o}/shipments", shop.shopId, orderId);
    }

    private static Map<String, Object> pkg(String carrier, String number) {
        Map<String, Object> pkg = new java.util.HashMap<>();
        pkg.put("carrierCode", carrier);
        pkg.put("trackingNumber", number);
        pkg.put("items", List.of(Map.of("productId", SimScenario.PRODUCT, "skuId", SimScenario.SKU, "quantity", 1)));
        return pkg;
    }

    private io.restassured.response.Response order(SimScenario shop, String orderId) {
        return given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}", shop.shopId, orderId);
    }

    private void autoShip(SimScenario shop, String mode) {
        given().auth().oauth2(io.shipsync.infra.testing.TestTokens.admin(shop.shopId)).contentType(ContentType.JSON)
                .body(Map.of("mode", mode)).put("/api/shops/{s}/auto-ship-rule", shop.shopId).then().statusCode(200);
    }

    /** Publishes a waybill printed for {@code quantity} units of the shop's SKU; its waybill id. */
    private String printed(SimScenario shop, String orderId, String number, int quantity) throws Exception {
        String waybillId = waybillId();
        publish(shop, new WaybillPrinted(waybillId, orderId, "SF", number,
                List.of(new PackageItem(SimScenario.PRODUCT, SimScenario.SKU, quantity)), clock.instant(), false));
        return waybillId;
    }

    private static String waybillId() {
        return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits() >>> 1));
    }

    private EventEnvelope cancel(SimScenario shop, String waybillId, String orderId, String number) throws Exception {
        return publish(shop, new WaybillCancelled(waybillId, orderId, "SF", number, clock.instant(), "reprinted with ZTO"));
    }

    private EventEnvelope publish(SimScenario shop, DomainEvent event) throws Exception {
        EventEnvelope envelope = codec.envelope(event, shop.shopId, UUID.randomUUID(), null, Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("shipsync." + envelope.aggregateType(), envelope.aggregateId(), codec.write(envelope))).get();
        }
        return envelope;
    }

    /** The scheduled declaration of the waybill: status and outcome, empty while it has none. */
    private List<String> scheduled(SimScenario shop, String waybillId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                    SELECT status, outcome FROM scheduled_declarations WHERE shop_id = ?1 AND waybill_id = ?2""")
                    .setParameter(1, shop.shopId).setParameter(2, waybillId).getResultList();
            return rows.stream().flatMap(r -> java.util.stream.Stream.of((String) r[0], (String) r[1])).toList();
        });
    }

    private long count(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entityManager.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    private List<EventEnvelope> events(String orderId, String type) {
        return TopicReader.readAll(bootstrap, "shipsync.order").stream().filter(r -> orderId.equals(r.key()))
                .map(r -> codec.read(r.value())).filter(e -> e.eventType().equals(type)).toList();
    }
}
