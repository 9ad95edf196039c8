package io.shipsync.alerting;

import static io.shipsync.alerting.OperationsShop.WAREHOUSE;
import static io.shipsync.alerting.OperationsShop.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.EventCodec;
import io.shipsync.events.FreezePolicy;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockDiscrepancy;
import io.shipsync.events.StockFrozen;
import io.shipsync.events.StockLevel;
import io.shipsync.events.StockLevelCrossed;
import io.shipsync.events.StockMovementReason;
import io.shipsync.events.StockShortage;
import io.shipsync.events.StockUnfrozen;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stock rules: low (库存预警), frozen (冻结), short for an order (缺货), and the platform disagreeing (库存未及时更新). */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class StockRulesTest {

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @Inject
    TestClock clock;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void stockFallingToTheWarningLevelRaisesOnceCountsEachStepDownAndResolvesAboveIt() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String sku = sku();
        Subject subject = Subject.sku(sku, WAREHOUSE);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        shop.applied(crossed(sku, null, StockLevel.OK, 35, null, at));
        shop.applied(crossed(sku, StockLevel.OK, StockLevel.BELOW_FIRST_WARNING, 29, 30, at.plusSeconds(1)),
                crossed(sku, StockLevel.BELOW_FIRST_WARNING, StockLevel.BELOW_SECOND_WARNING, 19, 20, at.plusSeconds(2)),
                crossed(sku, StockLevel.BELOW_SECOND_WARNING, StockLevel.BELOW_FIRST_WARNING, 25, 30, at.plusSeconds(3)));
        Map<String, Object> alert = shop.awaitAlert(Rule.STOCK_LOW, subject, AlertState.OPEN);
        assertThat(alert).as("down twice; back up one level but still below the first warning is no sighting")
                .containsEntry("repeats", 2).containsEntry("severity", "WARNING")
                .containsEntry("raisedAt", at.plusSeconds(1).toString()).containsEntry("lastSeenAt", at.plusSeconds(2).toString());
        assertThat((String) alert.get("summary")).isEqualTo("SKU " + sku + " in default is BELOW_SECOND_WARNING with 19 available (below 20)");

        shop.applied(crossed(sku, StockLevel.BELOW_FIRST_WARNING, StockLevel.OK, 40, null, at.plusSeconds(4)));
        Map<String, Object> resolved = shop.awaitAlert(Rule.STOCK_LOW, subject, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", at.plusSeconds(4).toString());
        assertThat(shop.alerts(Rule.STOCK_LOW, subject)).hasSize(1);
        OrderRulesTest.assertAnnouncedOnce(shop, resolved.get("id"), "STOCK_LOW", 2);
    }

    @Test
    void aFrozenSkuRaisesOnceCountsRepeatsAndResolvesWhenUnfrozen() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String sku = sku();
        Subject subject = Subject.sku(sku, WAREHOUSE);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        shop.applied(frozen(sku, 19, at), frozen(sku, 12, at.plusSeconds(30)));
        Map<String, Object> alert = shop.awaitAlert(Rule.STOCK_FROZEN, subject, AlertState.OPEN);
        assertThat(alert).containsEntry("repeats", 2).containsEntry("raisedAt", at.toString());
        shop.applied(new StockUnfrozen(sku, "p-" + sku, "other-warehouse", 40, 20, at.plusSeconds(40)));
        assertThat(shop.alerts(Rule.STOCK_FROZEN, subject)).as("another warehouse's stock is another subject").singleElement()
                .satisfies(a -> assertThat(a).containsEntry("state", "OPEN"));

        shop.applied(new StockUnfrozen(sku, "p-" + sku, WAREHOUSE, 40, 20, at.plusSeconds(60)));
        Map<String, Object> resolved = shop.awaitAlert(Rule.STOCK_FROZEN, subject, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", at.plusSeconds(60).toString());
        assertThat(shop.alerts(Rule.STOCK_FROZEN, subject)).hasSize(1);
        OrderRulesTest.assertAnnouncedOnce(shop, resolved.get("id"), "STOCK_FROZEN", 2);
        assertThat(shop.rows("ops_skus", "warehouse_id")).first()
                .satisfies(row -> assertThat(row).containsEntry("frozen", false).containsEntry("available", 40L));
    }

    @Test
    void aShortageRaisesOncePerSkuCountsEachOrderAndResolvesWhenStockCoversEveryOrderLeft() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String sku = sku();
        Subject subject = Subject.sku(sku, WAREHOUSE);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String small = OperationsShop.newOrderId();
        String large = OperationsShop.newOrderId();
        String cancelled = OperationsShop.newOrderId();

        shop.applied(shortage(cancelled, sku, 9, 0, at), shortage(small, sku, 2, 0, at.plusSeconds(1)),
                shortage(large, sku, 5, 0, at.plusSeconds(2)));
        assertThat(shop.awaitAlert(Rule.STOCK_SHORTAGE, subject, AlertState.OPEN))
                .containsEntry("repeats", 3).containsEntry("severity", "CRITICAL");

        shop.applied(new OrderCancelled(cancelled, OrderCancelled.CANCEL_BY_BUYER, true, at.plusSeconds(10), List.of(line(sku, 9))),
                changed(sku, 3, at.plusSeconds(20)));
        assertThat(shop.alerts(Rule.STOCK_SHORTAGE, subject)).as("3 cover the small order, not the large one").singleElement()
                .satisfies(a -> assertThat(a).containsEntry("state", "OPEN"));
        assertThat(shop.count("SELECT count(*) FROM ops_stock_shortages WHERE shop_id = ? AND settled_at IS NULL", shop.shopId))
                .isEqualTo(1);

        shop.applied(changed(sku, 5, at.plusSeconds(30)));
        Map<String, Object> resolved = shop.awaitAlert(Rule.STOCK_SHORTAGE, subject, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", at.plusSeconds(30).toString());
        OrderRulesTest.assertAnnouncedOnce(shop, resolved.get("id"), "STOCK_SHORTAGE", 3);
    }

    @Test
    void aPlatformDiscrepancyRaisesOnceCountsRepeatsAndResolvesAfterTheQuietWindow() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String sku = sku();
        Subject subject = Subject.sku(sku, WAREHOUSE);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        String other = sku();
        shop.applied(discrepancy(sku, 7, 5, at), discrepancy(sku, 9, 5, at.plusSeconds(300)), discrepancy(other, 3, 4, at));
        Map<String, Object> alert = shop.awaitAlert(Rule.STOCK_DISCREPANCY, subject, AlertState.OPEN);
        assertThat(alert).containsEntry("repeats", 2).containsEntry("raisedAt", at.toString());
        assertThat((String) alert.get("summary")).contains("showed 9").contains("5 were due");

        // The quiet window (30 min) runs from the latest difference: once the sweep has resolved the other SKU's alert,
        // 30 min after its only difference, it has seen this one's timer and left it, 5 min short.
        clock.advance(Duration.ofMinutes(31));
        assertThat(shop.awaitAlert(Rule.STOCK_DISCREPANCY, Subject.sku(other, WAREHOUSE), AlertState.RESOLVED))
                .containsEntry("resolvedAt", at.plus(Duration.ofMinutes(30)).toString());
        assertThat(shop.alerts(Rule.STOCK_DISCREPANCY, subject)).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("state", "OPEN"));

        clock.advance(Duration.ofMinutes(5));
        Map<String, Object> resolved = shop.awaitAlert(Rule.STOCK_DISCREPANCY, subject, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", at.plusSeconds(300).plus(Duration.ofMinutes(30)).toString());
        OrderRulesTest.assertAnnouncedOnce(shop, resolved.get("id"), "STOCK_DISCREPANCY", 2);
    }

    private static String sku() {
        return "sku-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static StockLevelCrossed crossed(String sku, StockLevel from, StockLevel to, long available, Integer threshold,
                                             Instant at) {
        return new StockLevelCrossed(sku, "p-" + sku, WAREHOUSE, from, to, available, threshold, at);
    }

    private static StockFrozen frozen(String sku, long available, Instant at) {
        return new StockFrozen(sku, "p-" + sku, WAREHOUSE, available, 20, FreezePolicy.PLATFORM_ZERO, at);
    }

    private static StockShortage shortage(String orderId, String sku, long requested, long available, Instant at) {
        return new StockShortage(orderId, sku, "p-" + sku, WAREHOUSE, requested, available, at);
    }

    private static StockChanged changed(String sku, long available, Instant at) {
        return new StockChanged(sku, "p-" + sku, WAREHOUSE, available, 0, available, StockLevel.BELOW_THIRD_WARNING, 0,
                StockMovementReason.ADJUST, null, at);
    }

    private static StockDiscrepancy discrepancy(String sku, long platform, long expected, Instant at) {
        return new StockDiscrepancy(sku, "p-" + sku, WAREHOUSE, platform, expected, expected - platform, at);
    }
}
