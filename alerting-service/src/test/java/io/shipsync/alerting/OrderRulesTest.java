package io.shipsync.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.AlertRaised;
import io.shipsync.events.AlertResolution;
import io.shipsync.events.AlertResolved;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.DriftDetected;
import io.shipsync.events.DriftKind;
import io.shipsync.events.EventCodec;
import io.shipsync.events.HoldReason;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderHeld;
import io.shipsync.events.OrderReleased;
import io.shipsync.events.OrderShipped;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The order rules: a fraud hold (风控审核) and a reconciliation finding (不同步). */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class OrderRulesTest {

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aFraudHoldRaisesOneAlertCountsRepeatsAndResolvesWhenReleased() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        Instant heldAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Subject order = Subject.order(orderId);

        shop.applied(new OrderHeld(orderId, HoldReason.STOCK_SHORTAGE, "SKU sku-1: 2 needed, 0 available", heldAt));
        assertThat(shop.alerts(Rule.FRAUD_HOLD, order)).as("a stock hold is not a fraud hold").isEmpty();

        shop.applied(new OrderHeld(orderId, HoldReason.FRAUD_REVIEW, "4 paid orders from one buyer within 10 minutes", heldAt),
                new OrderHeld(orderId, HoldReason.FRAUD_REVIEW, "5 paid orders from one buyer within 10 minutes",
                        heldAt.plusSeconds(60)));
        Map<String, Object> alert = shop.awaitAlert(Rule.FRAUD_HOLD, order, AlertState.OPEN);
        assertThat(alert).containsEntry("repeats", 2).containsEntry("severity", "WARNING")
                .containsEntry("raisedAt", heldAt.toString()).containsEntry("lastSeenAt", heldAt.plusSeconds(60).toString());
        assertThat((String) alert.get("summary")).contains("5 paid orders");

        shop.applied(new OrderReleased(orderId, HoldReason.STOCK_SHORTAGE, heldAt.plusSeconds(90), "stock returned"));
        assertThat(shop.alerts(Rule.FRAUD_HOLD, order)).singleElement().satisfies(a -> assertThat(a.get("state")).isEqualTo("OPEN"));

        Instant releasedAt = heldAt.plusSeconds(120);
        shop.applied(new OrderReleased(orderId, HoldReason.FRAUD_REVIEW, releasedAt, "ops-lead"));
        Map<String, Object> resolved = shop.awaitAlert(Rule.FRAUD_HOLD, order, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolution", "CONDITION_CLEARED").containsEntry("resolvedAt", releasedAt.toString())
                .containsEntry("repeats", 2);
        assertThat(shop.alerts(Rule.FRAUD_HOLD, order)).hasSize(1);
        assertAnnouncedOnce(shop, resolved.get("id"), "FRAUD_HOLD", 2);
        assertThat(shop.history(resolved.get("id")).getList("actions.kind"))
                .containsExactly("RAISED", "REPEATED", "RESOLVED");
    }

    @Test
    void aFraudHoldOnAnOrderThatIsCancelledResolves() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        shop.applied(new OrderHeld(orderId, HoldReason.FRAUD_REVIEW, "4 paid orders from one IP within 10 minutes", at));
        shop.awaitAlert(Rule.FRAUD_HOLD, Subject.order(orderId), AlertState.OPEN);
        shop.applied(new OrderCancelled(orderId, OrderCancelled.CANCEL_BY_BUYER, true, at.plusSeconds(30),
                List.of(OperationsShop.line("sku-1", 1))));

        assertThat(shop.awaitAlert(Rule.FRAUD_HOLD, Subject.order(orderId), AlertState.RESOLVED))
                .containsEntry("resolvedAt", at.plusSeconds(30).toString());
    }

    @Test
    void reconciliationFindingsOfAnOrderAreOneAlertAndALaterDeclarationResolvesIt() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        String number = OperationsShop.trackingNumber();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Subject order = Subject.order(orderId);

        shop.applied(new DriftDetected(orderId, DriftKind.PLATFORM_SHIPPED_WITHOUT_TRACKING,
                        "The platform shows the order shipped; we hold no tracking number", null, List.of(), List.of(number), at),
                new DriftDetected(orderId, DriftKind.DECLARED_NOT_SHIPPED_ON_PLATFORM, "The platform does not show the declaration",
                        101100, List.of(number), List.of(), at.plusSeconds(5)));
        Map<String, Object> alert = shop.awaitAlert(Rule.DRIFT_DETECTED, order, AlertState.OPEN);
        assertThat(alert).containsEntry("repeats", 2).containsEntry("severity", "CRITICAL");
        assertThat((String) alert.get("summary")).startsWith("DECLARED_NOT_SHIPPED_ON_PLATFORM").endsWith("(errcode 101100)");

        Instant declaredAt = at.plusSeconds(60);
        shop.applied(new OrderShipped(orderId, List.of(OperationsShop.parcel(number, OperationsShop.item("sku-1", 1))),
                declaredAt, true, true));

        Map<String, Object> resolved = shop.awaitAlert(Rule.DRIFT_DETECTED, order, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", declaredAt.toString());
        assertThat(shop.alerts(Rule.DRIFT_DETECTED, order)).hasSize(1);
        assertAnnouncedOnce(shop, resolved.get("id"), "DRIFT_DETECTED", 2);
    }

    /** Exactly one AlertRaised and one AlertResolved reach {@code shipsync.alert} for the alert, in that order. */
    static void assertAnnouncedOnce(OperationsShop shop, Object alertId, String rule, int repeats) {
        List<DomainEvent> events = await().atMost(OperationsShop.WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> shop.announced(alertId), announced -> announced.stream().anyMatch(AlertResolved.class::isInstance));
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(AlertRaised.class, raised -> {
            assertThat(raised.rule()).isEqualTo(rule);
            assertThat(raised.alertId()).isEqualTo(String.valueOf(alertId));
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(AlertResolved.class, resolved -> {
            assertThat(resolved.resolution()).isEqualTo(AlertResolution.CONDITION_CLEARED);
            assertThat(resolved.repeats()).isEqualTo(repeats);
            assertThat(resolved.resolvedBy()).isNull();
        });
    }
}
