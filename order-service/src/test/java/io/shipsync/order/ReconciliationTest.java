package io.shipsync.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.order.reconcile.Reconciler;
import io.shipsync.sim.ApiCall;
import io.shipsync.sim.Delivery;
import io.shipsync.sim.DeliveryItem;
import io.shipsync.sim.FaultSpec;
import io.shipsync.sim.OrderStatePatch;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.PushRecord;
import io.shipsync.sim.WaybillNumbers;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 订单对账 as runs on the real broker and database, with platform-sim as WeChat Shop: started and followed over the
 * API, one at a time per shop, taken over where a dead replica left it, waiting out the platform, and spending
 * order/get only on the orders that differ.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class ReconciliationTest {

    private static final String GET = "/channels/ec/order/get";
    private static final String LIST = "/channels/ec/order/list/get";
    private static final String SEND = "/channels/ec/order/delivery/send";
    /** One listing per platform status: 20, 21, 30, 100, 190, 200, 250. */
    private static final int STATUSES = 7;
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Inject
    EntityManager entityManager;
    @Inject
    WorkQueue work;

    private final PlatformSim sim = PlatformSimResource.sim();

    @AfterEach
    void clearFaults() {
        sim.clearFaults();
    }

    @Test
    void ordersInAgreementCostNoOrderGetAndEachPlantedDifferenceOne() {
        SimScenario shop = SimScenario.newShop();
        List<String> orderIds = IntStream.range(0, 40).mapToObj(i -> shop.paidOrder(1).orderId()).toList();
        orderIds.forEach(orderId -> await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then().statusCode(200)));
        Random random = new Random(7);
        List<String> shipped = orderIds.subList(0, 10);
        for (String orderId : shipped) {
            given().auth().oauth2(shop.operator()).contentType(ContentType.JSON)
                    .body(Map.of("packages", List.of(Map.of("carrierCode", "SF", "trackingNumber", WaybillNumbers.next("SF", random),
                            "items", List.of(Map.of("productId", SimScenario.PRODUCT, "skuId", SimScenario.SKU, "quantity", 1))))))
                    .post("/api/shops/{s}/orders/{o}/shipments", shop.shopId, orderId).then().statusCode(202);
        }
        shipped.forEach(orderId -> await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then()
                .body("sync.status", is("SYNCED")).body("platformStatus", is(30))));
        // The platform's pushes (40 payments, 10 deliveries) all taken in, so nothing but the runs reads orders now.
        await().atMost(WITHIN).until(() -> sim.pushes().stream().filter(p -> p.shopId().equals(shop.shopId))
                .filter(p -> p.state() == PushRecord.State.DELIVERED).count() == 50);
        await().atMost(WITHIN).until(() -> count("SELECT count(*) AS n FROM platform_pushes WHERE shop_id = ?1 AND status = 'DONE'",
                shop.shopId) == 50);
        // A shipped order's packages are verified by the platform's delivery push; a push applied before its declaration
        // committed leaves the order to be read once, by the next run. Orders in agreement are never read.
        List<String> unverified = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                SELECT o.order_id FROM orders o WHERE o.shop_id = ?1 AND (o.packages_verified_at IS NULL
                    OR EXISTS (SELECT 1 FROM shipment_packages p
                        WHERE p.shop_id = o.shop_id AND p.order_id = o.order_id AND p.declared_at > o.packages_verified_at))
                    AND o.platform_status = 30""", String.class).setParameter(1, shop.shopId).getResultList());
        assertThat(shipped).containsAll(unverified);

        Instant first = Instant.now();
        shop.reconciled().body("counts.listed", is(40)).body("counts.fetched", is(unverified.size()))
                .body("counts.fixed", is(0)).body("counts.findings", is(0)).body("counts.failed", is(0));
        assertThat(calls(shop, GET, first)).extracting(ReconciliationTest::orderIdOf).containsExactlyInAnyOrderElementsOf(unverified);
        assertThat(calls(shop, LIST, first)).hasSize(STATUSES);
        Instant agreed = Instant.now();
        shop.reconciled().body("counts.listed", is(40)).body("counts.fetched", is(0)).body("counts.findings", is(0));
        assertThat(calls(shop, GET, agreed)).isEmpty();

        String cancelled = orderIds.get(20);
        String shippedOnPlatform = orderIds.get(21);
        String completed = shipped.get(0);
        sim.setPlatformOrderState(shop.shopId, cancelled, new OrderStatePatch(250, null));
        sim.setPlatformOrderState(shop.shopId, shippedOnPlatform, new OrderStatePatch(30,
                List.of(Delivery.of("ZTO", WaybillNumbers.next("ZTO", random), new DeliveryItem(SimScenario.PRODUCT, SimScenario.SKU, 1)))));
        sim.setPlatformOrderState(shop.shopId, completed, new OrderStatePatch(100, null));

        Instant second = Instant.now();
        shop.reconciled().body("counts.listed", is(40)).body("counts.fetched", is(3))
                .body("fixed.find { it.orderId == '" + cancelled + "' }.what", is("CANCELLED"))
                .body("fixed.find { it.orderId == '" + shippedOnPlatform + "' }.what", is("ADOPTED"))
                .body("found", hasSize(0));
        assertThat(calls(shop, GET, second)).extracting(ReconciliationTest::orderIdOf)
                .containsExactlyInAnyOrder(cancelled, shippedOnPlatform, completed);
        order(shop, completed).then().body("platformStatus", is(100));
        order(shop, cancelled).then().body("platformStatus", is(250));

        // Everything agrees again, and a shipped order is read at most once after it ships.
        Instant third = Instant.now();
        shop.reconciled().body("counts.listed", is(40)).body("counts.fetched", is(0));
        assertThat(calls(shop, GET, third)).isEmpty();
        assertThat(calls(shop, SEND, first)).isEmpty();
    }

    @Test
    void aRunStartsInTheBackgroundAndASecondOneWaitsForItNamingIt() {
        SimScenario shop = SimScenario.newShop();
        String orderId = shop.paidOrder(1).orderId();
        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then().statusCode(200));
        // The platform takes its time over the first listing: the run stays RUNNING meanwhile.
        sim.injectFault(FaultSpec.latency(LIST, 3_000, 1).forShop(shop.shopId));

        String location = shop.reconcile();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        given().auth().oauth2(TestTokens.viewer(shop.shopId)).get(location).then().statusCode(200)
                .body("id", is((int) id)).body("state", is("RUNNING")).body("requestedBy", notNullValue())
                .body("window.from", notNullValue()).body("window.to", notNullValue());
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).post("/api/shops/{s}/reconciliations", shop.shopId)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("run " + id));

        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(shop.operator()).get(location)
                .then().body("state", is("FINISHED")).body("counts.listed", is(1)).body("finishedAt", notNullValue()));
        // Without a body: the scheduled look-back, ending now.
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).post("/api/shops/{s}/reconciliations", shop.shopId)
                .then().statusCode(202).body("state", is("RUNNING")).body("window.from", notNullValue());

        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/reconciliations/{id}", shop.shopId, id + 1_000_000)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.viewer("another-shop")).get(location).then().statusCode(403);
        given().auth().oauth2(TestTokens.viewer(shop.shopId)).contentType(ContentType.JSON)
                .post("/api/shops/{s}/reconciliations", shop.shopId).then().statusCode(403);
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON)
                .body(Map.of("from", "2026-11-25T10:00:00Z", "to", "2026-11-25T09:00:00Z"))
                .post("/api/shops/{s}/reconciliations", shop.shopId).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.operator("shop-without-account")).contentType(ContentType.JSON)
                .post("/api/shops/{s}/reconciliations", "shop-without-account").then().statusCode(409)
                .body("detail", containsString("account"));
    }

    @Test
    void anOrderThatCannotBeComparedIsNotedAndTheOthersAreCompared() {
        SimScenario shop = SimScenario.newShop();
        List<String> orderIds = IntStream.range(0, 3).mapToObj(i -> shop.paidOrder(1).orderId()).toList();
        orderIds.forEach(orderId -> await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then().statusCode(200)));
        orderIds.forEach(orderId -> sim.setPlatformOrderState(shop.shopId, orderId, new OrderStatePatch(250, null)));
        // One order/get refused with a business error: that order only.
        sim.injectFault(FaultSpec.errcode(GET, 47001, 1).forShop(shop.shopId));

        shop.reconciled().body("counts.fetched", is(3)).body("counts.failed", is(1)).body("counts.fixed", is(2))
                .body("failed[0].detail", containsString("47001"));
        shop.reconciled().body("counts.fetched", is(1)).body("counts.failed", is(0)).body("counts.fixed", is(1));
        orderIds.forEach(orderId -> order(shop, orderId).then().body("platformStatus", is(250)));
    }

    @Test
    void aRunWaitsOutThePlatformBeingAwayAndFinishesOnceItIsBack() {
        SimScenario shop = SimScenario.newShop();
        String orderId = shop.paidOrder(1).orderId();
        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then().statusCode(200));
        sim.setPlatformOrderState(shop.shopId, orderId, new OrderStatePatch(250, null));
        String location;
        sim.stopServing();
        try {
            location = shop.reconcile();
            await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(shop.operator()).get(location).then()
                    .body("state", is("RUNNING")).body("lastError", notNullValue()));
        } finally {
            sim.resumeServing();
        }
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> given().auth().oauth2(shop.operator()).get(location).then()
                .body("state", is("FINISHED")).body("fixed[0].what", is("CANCELLED")));
        assertThat(work.dead(Reconciler.QUEUE, shop.shopId)).isEmpty();
    }

    @Test
    void aRunWhoseReplicaDiedIsTakenOverFromTheListingItHadReached() {
        SimScenario shop = SimScenario.newShop();
        String orderId = shop.paidOrder(1).orderId();
        await().atMost(WITHIN).untilAsserted(() -> order(shop, orderId).then().statusCode(200));
        sim.setPlatformOrderState(shop.shopId, orderId, new OrderStatePatch(250, null));
        Instant start = Instant.now();
        // What a replica killed mid-run leaves: the run RUNNING after 2 of its 7 listings, its work item leased by
        // nobody alive (the lease ran out).
        long id = QuarkusTransaction.requiringNew().call(() -> {
            long run = ((Number) entityManager.createNativeQuery("""
                    INSERT INTO order_reconciliations (shop_id, state, requested_by, window_from, window_to, started_at, steps_done)
                    VALUES (?1, 'RUNNING', 'schedule', now() - interval '1 hour', now() + interval '1 minute', now(), 2)
                    RETURNING id""").setParameter(1, shop.shopId).getSingleResult()).longValue();
            entityManager.createNativeQuery("""
                    INSERT INTO work_items (queue, shop_id, item_key, due_at, attempts, lease_token, lease_until)
                    VALUES (?1, ?2, ?3, now() - interval '1 minute', 1, gen_random_uuid(), now() - interval '1 second')""")
                    .setParameter(1, Reconciler.QUEUE).setParameter(2, shop.shopId).setParameter(3, Long.toString(run))
                    .executeUpdate();
            return run;
        });

        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(shop.operator())
                .get("/api/shops/{s}/reconciliations/{id}", shop.shopId, id).then()
                .body("state", is("FINISHED")).body("fixed[0].what", is("CANCELLED")));
        assertThat(calls(shop, LIST, start)).hasSize(STATUSES - 2);
    }

    private io.restassured.response.Response order(SimScenario shop, String orderId) {
        return given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}", shop.shopId, orderId);
    }

    /** The shop's calls to {@code api} since {@code since}. */
    private List<ApiCall> calls(SimScenario shop, String api, Instant since) {
        return sim.calls(api).stream().filter(c -> shop.shopId.equals(c.shopId()) && !c.at().isBefore(since)).toList();
    }

    private static String orderIdOf(ApiCall call) {
        return call.request().replaceAll(".*\"order_id\"\\s*:\\s*\"([0-9]+)\".*", "$1");
    }

    private long count(String sql, String parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Tuple) entityManager.createNativeQuery(sql, Tuple.class)
                .setParameter(1, parameter).getSingleResult()).get("n", Number.class).longValue());
    }
}
