package io.shipsync.alerting;

import static io.shipsync.alerting.OperationsShop.item;
import static io.shipsync.alerting.OperationsShop.parcel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.DeclarationSettled;
import io.shipsync.events.DriftDetected;
import io.shipsync.events.DriftKind;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderShipped;
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

/** 发货未同步: a declaration the platform refused, or has not acknowledged within the shop's window (10 min by default). */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeclarationSyncRuleTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final String TIMERS = "SELECT count(*) FROM rule_timers WHERE shop_id = ? AND rule = 'DECLARATION_NOT_SYNCED'"
            + " AND subject_id = ?";

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @Inject
    TestClock clock;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static long declarations = 1;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aDeclarationStillPendingAtItsDeadlineRaisesAndTheAcknowledgementResolvesIt() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String late = OperationsShop.newOrderId();
        String prompt = OperationsShop.newOrderId();
        String lateNumber = OperationsShop.trackingNumber();
        String promptNumber = OperationsShop.trackingNumber();
        Instant declaredAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        shop.applied(new OrderShipped(late, List.of(parcel(lateNumber, item("cup", 1))), declaredAt, true, false),
                new OrderShipped(prompt, List.of(parcel(promptNumber, item("cup", 1))), declaredAt, true, false));
        assertThat(shop.count(TIMERS + " AND timer_key = ? AND due_at = ? AND fired_at IS NULL", shop.shopId, late, lateNumber,
                OffsetDateTime.ofInstant(declaredAt.plus(WINDOW), ZoneOffset.UTC))).as("the deadline is a row").isEqualTo(1);

        // Acknowledged within the window: its timer goes, nothing is raised.
        shop.applied(settled(prompt, promptNumber, DeclarationSettled.Outcome.ACKNOWLEDGED, declaredAt, declaredAt.plusSeconds(3)));
        assertThat(shop.count(TIMERS, shop.shopId, prompt)).isZero();
        assertThat(shop.rows("ops_parcels", "tracking_number")).filteredOn(r -> r.get("tracking_number").equals(promptNumber))
                .singleElement().satisfies(r -> assertThat(r.get("acknowledged_at")).isNotNull());

        clock.advance(WINDOW.plusMinutes(1));
        Map<String, Object> alert = shop.awaitAlert(Rule.DECLARATION_NOT_SYNCED, Subject.order(late), AlertState.OPEN);
        assertThat(alert).containsEntry("severity", "CRITICAL").containsEntry("repeats", 1)
                .containsEntry("raisedAt", declaredAt.plus(WINDOW).toString());
        assertThat((String) alert.get("summary")).contains(lateNumber).contains("has not acknowledged it after 10 min");
        assertThat(shop.alerts(Rule.DECLARATION_NOT_SYNCED, Subject.order(prompt))).isEmpty();

        Instant acknowledgedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        shop.applied(settled(late, lateNumber, DeclarationSettled.Outcome.ACKNOWLEDGED, declaredAt, acknowledgedAt));
        Map<String, Object> resolved = shop.awaitAlert(Rule.DECLARATION_NOT_SYNCED, Subject.order(late), AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", acknowledgedAt.toString());
        assertThat(shop.count(TIMERS, shop.shopId, late)).as("an acknowledged number leaves no timer").isZero();
        assertThat(shop.rows("ops_parcels", "tracking_number")).filteredOn(r -> r.get("tracking_number").equals(lateNumber))
                .singleElement().satisfies(r -> assertThat(r.get("acknowledged_at")).isNotNull());
        OrderRulesTest.assertAnnouncedOnce(shop, resolved.get("id"), "DECLARATION_NOT_SYNCED", 1);
    }

    @Test
    void aRefusalRaisesAtOnceAsOneAlertAndACorrectionResolvesIt() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        String wrong = OperationsShop.trackingNumber();
        String right = OperationsShop.trackingNumber();
        Subject order = Subject.order(orderId);
        Instant declaredAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant refusedAt = declaredAt.plusSeconds(2);

        // order-service announces the refusal and its finding together.
        shop.applied(new OrderShipped(orderId, List.of(parcel(wrong, item("cup", 1))), declaredAt, true, false),
                settled(orderId, wrong, DeclarationSettled.Outcome.REFUSED, declaredAt, refusedAt),
                new DriftDetected(orderId, DriftKind.DECLARATION_REJECTED, "WeChat Shop refused delivery/send with errcode 101100",
                        101100, List.of(wrong), List.of(), refusedAt));
        Map<String, Object> alert = shop.awaitAlert(Rule.DECLARATION_NOT_SYNCED, order, AlertState.OPEN);
        assertThat(alert).containsEntry("raisedAt", refusedAt.toString()).containsEntry("severity", "CRITICAL");
        assertThat((String) alert.get("summary")).contains("refused delivery/send").contains("errcode 101100")
                .contains("(order status not allowed)");
        assertThat(shop.alerts(Rule.DRIFT_DETECTED, order)).as("one refusal, one alert").isEmpty();
        assertThat(shop.count(TIMERS, shop.shopId, orderId)).as("a refused number waits for no answer").isZero();

        // The window passing changes nothing: the refusal is the alert already.
        clock.advance(WINDOW.plusMinutes(1));
        Instant correctedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        shop.applied(new OrderShipped(orderId, List.of(parcel(right, item("cup", 1))), correctedAt, true, true));
        Map<String, Object> resolved = shop.awaitAlert(Rule.DECLARATION_NOT_SYNCED, order, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", correctedAt.toString()).containsEntry("repeats", 1);
        assertThat(shop.count(TIMERS + " AND timer_key = ? AND fired_at IS NULL", shop.shopId, orderId, right))
                .as("the corrected number waits for its answer").isEqualTo(1);
    }

    @Test
    void anOverdueDeclarationOfACancelledOrderResolves() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        String number = OperationsShop.trackingNumber();
        Instant longAgo = clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(WINDOW).minusSeconds(60);

        shop.applied(new OrderShipped(orderId, List.of(parcel(number, item("cup", 1))), longAgo, true, false));
        assertThat(shop.awaitAlert(Rule.DECLARATION_NOT_SYNCED, Subject.order(orderId), AlertState.OPEN))
                .containsEntry("raisedAt", longAgo.plus(WINDOW).toString());

        Instant cancelledAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        shop.applied(new OrderCancelled(orderId, OrderCancelled.CANCEL_BY_BUYER, true, cancelledAt,
                List.of(OperationsShop.line("cup", 1))));
        assertThat(shop.awaitAlert(Rule.DECLARATION_NOT_SYNCED, Subject.order(orderId), AlertState.RESOLVED))
                .containsEntry("resolvedAt", cancelledAt.toString());
        await().atMost(OperationsShop.WITHIN).until(() -> shop.count(TIMERS, shop.shopId, orderId) == 0);
    }

    private static synchronized DeclarationSettled settled(String orderId, String number, DeclarationSettled.Outcome outcome,
                                                           Instant declaredAt, Instant settledAt) {
        boolean refused = outcome == DeclarationSettled.Outcome.REFUSED;
        return new DeclarationSettled(orderId, declarations++, DeclarationSettled.Action.SEND, List.of(number), outcome,
                refused ? 101100 : null, refused ? "order status not allowed" : null, refused ? 1 : 2, declaredAt, settledAt);
    }
}
