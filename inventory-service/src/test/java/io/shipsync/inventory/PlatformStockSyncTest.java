package io.shipsync.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.PackageItem;
import io.shipsync.events.ShippedPackage;
import io.shipsync.events.StockFrozen;
import io.shipsync.events.StockUnfrozen;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.sim.ApiCall;
import io.shipsync.sim.FaultSpec;
import io.shipsync.wechat.StockApi;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Platform stock kept equal to ours through platform-sim over HTTP: differences pushed with diff_type 1 or 2,
 * orders the platform took not pushed again, bursts coalesced, 10020112 backed off, 10020219 read and pushed
 * again, refunds pushed back, freeze to 0 and back, a slow platform read pushed once.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class PlatformStockSyncTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void theOpeningStockIsNotPushedAgainAndOrdersThePlatformTookAreNotPushedTwice() {
        PlatformShop shop = newShop();
        String sku = shop.sku(100);
        awaitInStep(shop, sku, 100);
        assertThat(shop.stockUpdates(sku)).as("the platform already showed 100").isEmpty();

        String orderId = shop.buyerOrders(sku, 3);
        await().atMost(WITHIN).untilAsserted(() -> shop.stores.reservation(orderId).then().statusCode(200).body("status", is("RESERVED")));
        awaitInStep(shop, sku, 97);
        assertThat(shop.platformStock(sku)).isEqualTo(97);
        assertThat(shop.stockUpdates(sku)).as("the platform deducted the order itself").isEmpty();

        shop.stores.adjust(sku, shop.adjustment("INCREASE", 10)).then().statusCode(200);
        awaitInStep(shop, sku, 107);
        assertThat(shop.platformStock(sku)).isEqualTo(107);
        assertThat(shop.stockUpdates(sku)).singleElement()
                .satisfies(call -> assertThat(call.request()).contains("\"diff_type\":1").contains("\"num\":10"));
    }

    @Test
    void aRefundAfterPaymentIsPushedBackWithDiffType1() {
        PlatformShop shop = newShop();
        String sku = shop.sku(50);
        awaitInStep(shop, sku, 50);
        String orderId = shop.buyerOrders(sku, 2);
        await().atMost(WITHIN).untilAsserted(() -> shop.stores.reservation(orderId).then().body("status", is("RESERVED")));
        shop.stores.publish(new OrderShipped(orderId, List.of(new ShippedPackage("SF", "SF1342567604302",
                List.of(new PackageItem(PlatformShop.product(sku), sku, 2)))), Instant.now(), true, false));
        await().atMost(WITHIN).untilAsserted(() -> shop.stores.reservation(orderId).then().body("status", is("SHIPPED")));
        awaitInStep(shop, sku, 48);

        // 全部售后后取消: the platform keeps the units deducted (it restores stock only for unpaid cancels).
        PlatformShop.sim().cancelOrder(shop.shopId, orderId, null);
        assertThat(shop.platformStock(sku)).isEqualTo(48);
        shop.stores.publish(new OrderCancelled(orderId, OrderCancelled.CANCEL_BY_BUYER, true, Instant.now(),
                List.of(new OrderItem(PlatformShop.product(sku), sku, null, 2, 4990))));

        awaitInStep(shop, sku, 50);
        assertThat(shop.platformStock(sku)).isEqualTo(50);
        assertThat(shop.stockUpdates(sku)).singleElement()
                .satisfies(call -> assertThat(call.request()).contains("\"diff_type\":1").contains("\"num\":2"));
    }

    @Test
    void unitsUnpaidOrdersHoldOnThePlatformAreNeitherPushedBackNorCorrected() {
        PlatformShop shop = newShop();
        String sku = shop.sku(60);
        awaitInStep(shop, sku, 60);
        String paidLater = shop.buyerOrdersUnpaid(sku, 4);
        String cancelledUnpaid = shop.buyerOrdersUnpaid(sku, 5);
        awaitInStep(shop, sku, 51);
        assertThat(shop.platformStock(sku)).isEqualTo(51);
        shop.stores.get("/api/shops/{s}/platform-stock", shop.shopId).then()
                .body("skus[0].available", is(60)).body("skus[0].heldUnpaid", is(9)).body("skus[0].shouldShow", is(51));
        reconcileWithoutCorrection(shop);

        shop.buyerPays(paidLater, sku, 4);
        await().atMost(WITHIN).untilAsserted(() -> shop.stores.reservation(paidLater).then().body("status", is("RESERVED")));
        shop.buyerCancelsUnpaid(cancelledUnpaid, sku, 5);
        awaitInStep(shop, sku, 56);

        assertThat(shop.platformStock(sku)).as("the platform gave the unpaid order's 5 back itself").isEqualTo(56);
        shop.stores.stock(sku).then().body("available", is(56));
        shop.stores.get("/api/shops/{s}/platform-stock", shop.shopId).then()
                .body("skus[0].heldUnpaid", is(0)).body("skus[0].shouldShow", is(56));
        assertThat(shop.stockUpdates(sku)).isEmpty();
        reconcileWithoutCorrection(shop);
    }

    private void reconcileWithoutCorrection(PlatformShop shop) {
        await().atMost(WITHIN).untilAsserted(() -> {
            JsonPath run = shop.reconciled();
            assertThat(run.getString("state")).isEqualTo("FINISHED");
            assertThat(run.getInt("checked")).isEqualTo(1);
            assertThat(run.getInt("matched")).isEqualTo(1);
            assertThat(run.getInt("corrected")).isZero();
        });
    }

    @Test
    void aBurstOfChangesBecomesAFewPushes() throws InterruptedException {
        PlatformShop shop = newShop();
        String sku = shop.sku(200);
        awaitInStep(shop, sku, 200);

        ExecutorService callers = Executors.newFixedThreadPool(8);
        IntStream.range(0, 40).forEach(i -> callers.submit(() ->
                shop.stores.adjust(sku, shop.adjustment("DECREASE", 1)).then().statusCode(200)));
        callers.shutdown();
        assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        awaitInStep(shop, sku, 160);
        assertThat(shop.platformStock(sku)).isEqualTo(160);
        List<ApiCall> pushes = shop.stockUpdates(sku);
        assertThat(pushes).as("40 changes, coalesced").hasSizeBetween(1, 10)
                .allSatisfy(call -> assertThat(call.request()).contains("\"diff_type\":2").doesNotContain("\"diff_type\":3"));
    }

    @Test
    void aRateLimitedSkuBacksOffAndChangesMadeMeanwhileLandInOnePush() {
        PlatformShop shop = newShop();
        String sku = shop.sku(30);
        awaitInStep(shop, sku, 30);
        PlatformShop.sim().injectFault(FaultSpec.errcode(PlatformShop.STOCK_UPDATE, StockApi.RATE_LIMITED, 3).forShop(shop.shopId));

        shop.stores.adjust(sku, shop.adjustment("INCREASE", 5)).then().statusCode(200);
        await().atMost(WITHIN).until(() -> !shop.stockUpdates(sku).isEmpty());
        shop.stores.adjust(sku, shop.adjustment("INCREASE", 3)).then().statusCode(200);

        awaitInStep(shop, sku, 38);
        assertThat(shop.platformStock(sku)).isEqualTo(38);
        List<ApiCall> calls = shop.stockUpdates(sku);
        assertThat(calls).extracting(ApiCall::errcode).containsExactly(StockApi.RATE_LIMITED, StockApi.RATE_LIMITED,
                StockApi.RATE_LIMITED, 0);
        assertThat(calls.get(3).request()).contains("\"diff_type\":1").contains("\"num\":8");
        assertThat(Duration.between(calls.get(1).at(), calls.get(2).at()))
                .as("the wait doubles (base 100 ms, half of it jitter)").isGreaterThanOrEqualTo(Duration.ofMillis(100));
        shop.stores.get("/api/shops/{s}/platform-stock", shop.shopId).then().statusCode(200)
                .body("skus[0].lastErrcode", nullValue()).body("skus[0].attempts", is(0)).body("skus[0].shouldShow", is(38));
    }

    @Test
    void whenThePlatformHasLessThanWeTakeAwayItIsReadAndPushedAgain() {
        PlatformShop shop = newShop();
        String sku = shop.sku(30);
        awaitInStep(shop, sku, 30);
        shop.setPlatformStock(sku, 2);

        shop.stores.adjust(sku, shop.adjustment("DECREASE", 5)).then().statusCode(200);

        await().atMost(WITHIN).until(() -> shop.platformStock(sku) == 25);
        awaitInStep(shop, sku, 25);
        List<ApiCall> calls = shop.stockUpdates(sku);
        assertThat(calls).extracting(ApiCall::errcode).containsExactly(StockApi.INSUFFICIENT, 0);
        assertThat(calls.get(0).request()).contains("\"diff_type\":2").contains("\"num\":5");
        assertThat(calls.get(1).request()).contains("\"diff_type\":1").contains("\"num\":23");
    }

    @Test
    void aPushWhoseReadOutlastsItsLeaseIsPushedOnce() {
        PlatformShop shop = newShop();
        // stock/get answers after twice the push lease (2 s in tests): only the renewed lease keeps another worker
        // from taking the SKU meanwhile, reading it again and pushing the same difference a second time.
        Duration slow = Duration.ofSeconds(4);
        PlatformShop.sim().injectFault(FaultSpec.latency(PlatformShop.STOCK_GET, slow.toMillis(), 1).forShop(shop.shopId));
        String sku = shop.sku(30, 40);

        await().atMost(WITHIN).until(() -> shop.calls(PlatformShop.STOCK_GET, sku).stream()
                .anyMatch(call -> call.latencyMs() >= slow.toMillis()));
        awaitInStep(shop, sku, 40);
        await().during(Duration.ofSeconds(2)).atMost(WITHIN).until(() -> shop.stockUpdates(sku).size() == 1);
        assertThat(shop.stockUpdates(sku)).singleElement()
                .satisfies(call -> assertThat(call.request()).contains("\"diff_type\":1").contains("\"num\":10"));
        assertThat(shop.platformStock(sku)).isEqualTo(40);
        assertThat(shop.calls(PlatformShop.STOCK_GET, sku)).as("read once: no one took the push over").hasSize(1);
    }

    @Test
    void freezingSetsThePlatformToZeroOnceAndARestockUnfreezes() {
        PlatformShop shop = newShop();
        String sku = shop.sku(25);
        awaitInStep(shop, sku, 25);

        shop.stores.adjust(sku, shop.adjustment("DECREASE", 6)).then().statusCode(200);
        awaitInStep(shop, sku, 0);
        assertThat(shop.platformStock(sku)).as("frozen below 20: 已售罄 on the platform").isZero();
        shop.stores.adjust(sku, shop.adjustment("DECREASE", 1)).then().statusCode(200);
        shop.stores.adjust(sku, shop.adjustment("INCREASE", 30)).then().statusCode(200);

        awaitInStep(shop, sku, 48);
        assertThat(shop.platformStock(sku)).isEqualTo(48);
        assertThat(shop.stockUpdates(sku)).extracting(ApiCall::request).satisfiesExactly(
                frozen -> assertThat(frozen).contains("\"diff_type\":2").contains("\"num\":25"),
                unfrozen -> assertThat(unfrozen).contains("\"diff_type\":1").contains("\"num\":48"));
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(shop.stores.stockEvents(sku, StockFrozen.class)).singleElement()
                    .satisfies(f -> assertThat(f.available()).isEqualTo(19));
            assertThat(shop.stores.stockEvents(sku, StockUnfrozen.class)).singleElement()
                    .satisfies(u -> assertThat(u.available()).isEqualTo(48));
        });
    }

    private PlatformShop newShop() {
        return new PlatformShop(new Stores(codec, bootstrap, dataSource));
    }

    /** Waits until nothing is owed to the platform for the SKU and we believe it shows {@code shows}. */
    static void awaitInStep(PlatformShop shop, String sku, long shows) {
        await().atMost(WITHIN).until(() -> shop.stores.count("""
                SELECT count(*) FROM platform_stock p WHERE shop_id = ? AND sku_id = ? AND believed = ? AND pushing IS NULL
                  AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.queue = 'platform-stock' AND w.shop_id = p.shop_id
                                  AND w.item_key = p.sku_id)""", shop.shopId, sku, shows) == 1);
    }
}
