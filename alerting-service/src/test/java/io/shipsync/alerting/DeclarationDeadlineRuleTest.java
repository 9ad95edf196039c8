package io.shipsync.alerting;

import static io.shipsync.alerting.OperationsShop.item;
import static io.shipsync.alerting.OperationsShop.line;
import static io.shipsync.alerting.OperationsShop.parcel;
import static io.shipsync.alerting.OperationsShop.placed;
import static io.shipsync.alerting.OperationsShop.printed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.WaybillCancelled;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** G1, printed ⇒ declared: a printed waybill not declared within the shop's window (60 min by default). */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeclarationDeadlineRuleTest {

    private static final Duration WINDOW = Duration.ofMinutes(60);

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
    void aPrintedWaybillNotDeclaredInTheWindowRaisesAtItsDeadlineCountsAnotherAndResolvesWhenDeclared() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        Subject order = Subject.order(orderId);
        String first = OperationsShop.trackingNumber();
        Instant printedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        shop.applied(placed(orderId, printedAt, line("cup", 2)), printed(orderId, first, printedAt, item("cup", 1)));
        assertThat(shop.count("SELECT count(*) FROM rule_timers WHERE shop_id = ? AND subject_id = ? AND timer_key = ?"
                + " AND due_at = ? AND fired_at IS NULL", shop.shopId, orderId, first,
                OffsetDateTime.ofInstant(printedAt.plus(WINDOW), ZoneOffset.UTC))).as("the deadline is a row").isEqualTo(1);

        // A waybill of another order printed longer ago than the window fires at the next sweep; that sweep saw the
        // first order's timer too, and left it waiting: its deadline has not come.
        String overdueOrder = OperationsShop.newOrderId();
        Instant longAgo = printedAt.minus(WINDOW).minusSeconds(60);
        shop.applied(printed(overdueOrder, OperationsShop.trackingNumber(), longAgo, item("cup", 1)));
        assertThat(shop.awaitAlert(Rule.PRINTED_NOT_DECLARED, Subject.order(overdueOrder), AlertState.OPEN))
                .containsEntry("raisedAt", longAgo.plus(WINDOW).toString());
        assertThat(shop.alerts(Rule.PRINTED_NOT_DECLARED, order)).isEmpty();

        clock.advance(WINDOW.plusMinutes(1));
        Map<String, Object> alert = shop.awaitAlert(Rule.PRINTED_NOT_DECLARED, order, AlertState.OPEN);
        assertThat(alert).containsEntry("repeats", 1).containsEntry("severity", "CRITICAL")
                .containsEntry("raisedAt", printedAt.plus(WINDOW).toString());
        assertThat((String) alert.get("summary")).contains(first).contains("not declared after 60 min");

        // A second parcel of the order, its window passed too: a repeat on the same alert.
        String second = OperationsShop.trackingNumber();
        Instant secondPrintedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(WINDOW).minusSeconds(30);
        shop.applied(printed(orderId, second, secondPrintedAt, item("cup", 1)));
        assertThat(awaitRepeats(shop, order, 2)).containsEntry("lastSeenAt", secondPrintedAt.plus(WINDOW).toString());

        Instant shippedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        shop.applied(new OrderShipped(orderId, List.of(parcel(first, item("cup", 1))), shippedAt, false, false));
        assertThat(shop.alerts(Rule.PRINTED_NOT_DECLARED, order)).as("the second parcel still waits").singleElement()
                .satisfies(a -> assertThat(a).containsEntry("state", "OPEN"));

        shop.applied(new OrderShipped(orderId, List.of(parcel(second, item("cup", 1))), shippedAt.plusSeconds(5), true, false));
        Map<String, Object> resolved = shop.awaitAlert(Rule.PRINTED_NOT_DECLARED, order, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", shippedAt.plusSeconds(5).toString()).containsEntry("repeats", 2);
        assertThat(shop.alerts(Rule.PRINTED_NOT_DECLARED, order)).hasSize(1);
        assertThat(shop.count("SELECT count(*) FROM rule_timers WHERE shop_id = ? AND rule = 'PRINTED_NOT_DECLARED'"
                + " AND subject_id = ?", shop.shopId, orderId))
                .as("settled parcels leave no timer").isZero();
        OrderRulesTest.assertAnnouncedOnce(shop, resolved.get("id"), "PRINTED_NOT_DECLARED", 2);
    }

    @Test
    void aCancelledWaybillNeedsNoDeclaration() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        String number = OperationsShop.trackingNumber();
        Instant printedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(WINDOW).minusSeconds(60);

        shop.applied(printed(orderId, number, printedAt, item("cup", 1)));
        shop.awaitAlert(Rule.PRINTED_NOT_DECLARED, Subject.order(orderId), AlertState.OPEN);
        Instant cancelledAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        shop.applied(new WaybillCancelled(OperationsShop.waybillId(), orderId, "SF", number, cancelledAt, "wrong address"));

        assertThat(shop.awaitAlert(Rule.PRINTED_NOT_DECLARED, Subject.order(orderId), AlertState.RESOLVED))
                .containsEntry("resolvedAt", cancelledAt.toString());
    }

    private static Map<String, Object> awaitRepeats(OperationsShop shop, Subject order, int repeats) {
        return await().atMost(OperationsShop.WITHIN)
                .until(() -> shop.alerts(Rule.PRINTED_NOT_DECLARED, order).get(0), a -> a.get("repeats").equals(repeats));
    }
}
