package io.shipsync.alerting;

import static io.shipsync.alerting.OperationsShop.item;
import static io.shipsync.alerting.OperationsShop.parcel;
import static io.shipsync.alerting.OperationsShop.tracked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.TrackingState;
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

/** 物流单号未同步: a declared parcel without a first carrier scan within the shop's window (24 h by default). */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class FirstScanRuleTest {

    private static final Duration WINDOW = Duration.ofHours(24);

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
    void aDeclaredNumberWithoutAScanRaisesAtItsDeadlineCountsASecondOrderAndResolvesOnTheFirstScan() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String first = OperationsShop.newOrderId();
        String second = OperationsShop.newOrderId();
        String number = OperationsShop.trackingNumber();
        Subject subject = Subject.trackingNumber(number);
        Instant declaredAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        shop.applied(new OrderShipped(first, List.of(parcel(number, item("cup", 1))), declaredAt, true, false));
        assertThat(shop.count("SELECT count(*) FROM rule_timers WHERE shop_id = ? AND rule = 'NO_FIRST_SCAN' AND subject_id = ?"
                + " AND timer_key = ? AND due_at = ? AND fired_at IS NULL", shop.shopId, number, first,
                OffsetDateTime.ofInstant(declaredAt.plus(WINDOW), ZoneOffset.UTC))).as("the deadline is a row").isEqualTo(1);

        // A number scanned before it is declared waits for nothing.
        String scanned = OperationsShop.trackingNumber();
        shop.applied(tracked(scanned, null, TrackingState.PICKED_UP, declaredAt.minusSeconds(300), "杭州西湖区"));
        shop.applied(new OrderShipped(OperationsShop.newOrderId(), List.of(parcel(scanned, item("cup", 1))), declaredAt, true,
                false));
        assertThat(shop.count("SELECT count(*) FROM rule_timers WHERE shop_id = ? AND subject_id = ? AND rule = 'NO_FIRST_SCAN'",
                shop.shopId, scanned)).isZero();

        // 合并发货: the same number declared for a second order is a second sighting when its window passes too.
        shop.applied(new OrderShipped(second, List.of(parcel(number, item("lid", 1))), declaredAt.plusSeconds(30), true, false));
        clock.advance(WINDOW.plusMinutes(1));
        Map<String, Object> alert = await().atMost(OperationsShop.WITHIN)
                .until(() -> shop.alerts(Rule.NO_FIRST_SCAN, subject).stream().findFirst().orElse(null),
                        a -> a != null && a.get("repeats").equals(2));
        assertThat(alert).containsEntry("state", "OPEN").containsEntry("severity", "WARNING")
                .containsEntry("raisedAt", declaredAt.plus(WINDOW).toString())
                .containsEntry("lastSeenAt", declaredAt.plusSeconds(30).plus(WINDOW).toString());
        assertThat((String) alert.get("summary")).contains(number).contains("has no carrier scan after 1440 min");

        Instant infoAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        shop.applied(tracked(number, first, TrackingState.INFO_RECEIVED, infoAt, "杭州西湖区"));
        assertThat(shop.alerts(Rule.NO_FIRST_SCAN, subject)).as("the carrier knowing of it is no scan").singleElement()
                .satisfies(a -> assertThat(a).containsEntry("state", "OPEN"));

        Instant scanAt = infoAt.plusSeconds(60);
        shop.applied(tracked(number, first, TrackingState.PICKED_UP, scanAt, "杭州西湖区"));
        Map<String, Object> resolved = shop.awaitAlert(Rule.NO_FIRST_SCAN, subject, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", scanAt.toString()).containsEntry("repeats", 2);
        assertThat(shop.count("SELECT count(*) FROM rule_timers WHERE shop_id = ? AND subject_id = ? AND rule = 'NO_FIRST_SCAN'",
                shop.shopId, number)).as("a scanned number leaves no timer").isZero();
        OrderRulesTest.assertAnnouncedOnce(shop, resolved.get("id"), "NO_FIRST_SCAN", 2);
    }

    @Test
    void aNumberSupersededByACorrectionWaitsForNoScan() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        String wrong = OperationsShop.trackingNumber();
        String right = OperationsShop.trackingNumber();
        Instant longAgo = clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(WINDOW).minusSeconds(60);

        shop.applied(new OrderShipped(orderId, List.of(parcel(wrong, item("cup", 1))), longAgo, true, false));
        assertThat(shop.awaitAlert(Rule.NO_FIRST_SCAN, Subject.trackingNumber(wrong), AlertState.OPEN))
                .containsEntry("raisedAt", longAgo.plus(WINDOW).toString());

        Instant correctedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        shop.applied(new OrderShipped(orderId, List.of(parcel(right, item("cup", 1))), correctedAt, true, true));
        assertThat(shop.awaitAlert(Rule.NO_FIRST_SCAN, Subject.trackingNumber(wrong), AlertState.RESOLVED))
                .containsEntry("resolvedAt", correctedAt.toString());
        assertThat(shop.count("SELECT count(*) FROM rule_timers WHERE shop_id = ? AND rule = 'NO_FIRST_SCAN' AND subject_id = ?"
                + " AND due_at = ?", shop.shopId, right, OffsetDateTime.ofInstant(correctedAt.plus(WINDOW), ZoneOffset.UTC)))
                .as("the right number waits for its scan").isEqualTo(1);
    }
}
