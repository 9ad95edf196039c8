package io.shipsync.alerting;

import static io.shipsync.alerting.OperationsShop.item;
import static io.shipsync.alerting.OperationsShop.line;
import static io.shipsync.alerting.OperationsShop.parcel;
import static io.shipsync.alerting.OperationsShop.placed;
import static io.shipsync.alerting.OperationsShop.printed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.WaybillCancelled;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** 自动发货规则冲突: more than one tracking number for the same items of an order. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DuplicateTrackingRuleTest {

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aSecondNumberForItemsAlreadyPrintedRaisesOnceCountsMoreAndResolvesWhenTheExtraNumbersAreCancelled() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        Subject order = Subject.order(orderId);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String first = OperationsShop.trackingNumber();
        String second = OperationsShop.trackingNumber();
        String third = OperationsShop.trackingNumber();
        WaybillPrinted firstPrint = printed(orderId, first, at, item("cup", 2), item("lid", 1));

        shop.applied(placed(orderId, at, line("cup", 2), line("lid", 1)), firstPrint,
                new WaybillPrinted(firstPrint.waybillId(), orderId, "SF", first, firstPrint.items(), at.plusSeconds(10), true));
        assertThat(shop.alerts(Rule.DUPLICATE_TRACKING, order)).as("a reprint (补打) is the same number").isEmpty();

        shop.applied(printed(orderId, second, at.plusSeconds(20), item("cup", 1)));
        Map<String, Object> alert = shop.awaitAlert(Rule.DUPLICATE_TRACKING, order, AlertState.OPEN);
        assertThat(alert).containsEntry("repeats", 1).containsEntry("severity", "CRITICAL")
                .containsEntry("raisedAt", at.plusSeconds(20).toString());
        assertThat((String) alert.get("summary")).contains("SKU cup 3 units on").contains(first).contains(second)
                .contains("for 2 ordered");

        shop.applied(printed(orderId, third, at.plusSeconds(30), item("lid", 1)));
        assertThat(shop.awaitAlert(Rule.DUPLICATE_TRACKING, order, AlertState.OPEN)).containsEntry("repeats", 2);

        shop.applied(new WaybillCancelled(OperationsShop.waybillId(), orderId, "SF", second, at.plusSeconds(40), "printed twice"));
        assertThat(shop.alerts(Rule.DUPLICATE_TRACKING, order)).as("the lid is still on two numbers").singleElement()
                .satisfies(a -> assertThat(a).containsEntry("state", "OPEN").containsEntry("repeats", 2));

        shop.applied(new WaybillCancelled(OperationsShop.waybillId(), orderId, "SF", third, at.plusSeconds(50), "printed twice"));
        Map<String, Object> resolved = shop.awaitAlert(Rule.DUPLICATE_TRACKING, order, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", at.plusSeconds(50).toString());
        assertThat(shop.alerts(Rule.DUPLICATE_TRACKING, order)).hasSize(1);
        OrderRulesTest.assertAnnouncedOnce(shop, resolved.get("id"), "DUPLICATE_TRACKING", 2);
    }

    @Test
    void aNumberDeclaredBesideAPrintedOneForTheSameItemsIsAConflictToo() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String printedNumber = OperationsShop.trackingNumber();
        String declaredNumber = OperationsShop.trackingNumber();

        shop.applied(placed(orderId, at, line("cup", 1)), printed(orderId, printedNumber, at, item("cup", 1)));
        shop.applied(new OrderShipped(orderId, List.of(parcel(declaredNumber, item("cup", 1))), at.plusSeconds(5), true, false));

        assertThat((String) shop.awaitAlert(Rule.DUPLICATE_TRACKING, Subject.order(orderId), AlertState.OPEN).get("summary"))
                .contains(printedNumber).contains(declaredNumber);
    }

    @Test
    void aSplitOrderAndACorrectedNumberAreNoConflict() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String split = OperationsShop.newOrderId();
        String corrected = OperationsShop.newOrderId();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String wrong = OperationsShop.trackingNumber();

        // 拆单: three cups in two parcels is three cups.
        shop.applied(placed(split, at, line("cup", 3)), printed(split, OperationsShop.trackingNumber(), at, item("cup", 2)),
                printed(split, OperationsShop.trackingNumber(), at, item("cup", 1)));
        // A correction declares the right number for the items the wrong one carried: the wrong one is void.
        shop.applied(placed(corrected, at, line("cup", 1)),
                new OrderShipped(corrected, List.of(parcel(wrong, item("cup", 1))), at, true, false),
                new OrderShipped(corrected, List.of(parcel(OperationsShop.trackingNumber(), item("cup", 1))), at.plusSeconds(60),
                        true, true));

        assertThat(shop.alerts("rule", Rule.DUPLICATE_TRACKING.name())).isEmpty();
        assertThat(shop.count("SELECT count(*) FROM ops_parcels WHERE shop_id = ? AND tracking_number = ? AND superseded_at IS NOT NULL",
                shop.shopId, wrong)).isEqualTo(1);
    }
}
