package io.shipsync.alerting;

import static io.shipsync.alerting.OperationsShop.item;
import static io.shipsync.alerting.OperationsShop.parcel;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.TrackingAnomaly;
import io.shipsync.events.TrackingAnomalyKind;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** 物流轨迹异常: what logistics-service finds wrong with a number's tracking feed or watch. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class TrackingAnomalyRuleTest {

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void eachFindingIsASightingOnTheNumbersAlertWhichAnOperatorResolves() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String number = OperationsShop.trackingNumber();
        Subject subject = Subject.trackingNumber(number);
        Instant checkpointAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);

        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        shop.applied(anomaly(number, TrackingAnomalyKind.GARBLED_TEXT, "'蹇欢宸插埌杈?' is '快件已到达' read as GBK", checkpointAt));
        Map<String, Object> alert = shop.awaitAlert(Rule.TRACKING_ANOMALY, subject, AlertState.OPEN);
        assertThat(alert).containsEntry("repeats", 1).containsEntry("severity", "WARNING")
                .containsEntry("subject", Map.of("id", number, "type", "TRACKING_NUMBER"));
        assertThat(Instant.parse((String) alert.get("raisedAt"))).as("the event's time").isAfterOrEqualTo(before);
        assertThat((String) alert.get("summary")).contains(number).contains("GARBLED_TEXT").contains("快件已到达");

        shop.applied(anomaly(number, TrackingAnomalyKind.REPEATED_ENTRY, "the entry of 10:10 came twice in one push", checkpointAt),
                anomaly(number, TrackingAnomalyKind.GARBLED_TEXT, "'鍙戣揣' is '发货' read as GBK", checkpointAt.plusSeconds(60)));
        assertThat(shop.awaitAlert(Rule.TRACKING_ANOMALY, subject, AlertState.OPEN)).containsEntry("repeats", 3);
        assertThat(shop.rows("ops_tracking_anomalies", "kind"))
                .extracting(r -> r.get("kind") + " " + r.get("sightings") + " " + r.get("finding"))
                .containsExactly("GARBLED_TEXT 2 '鍙戣揣' is '发货' read as GBK",
                        "REPEATED_ENTRY 1 the entry of 10:10 came twice in one push");

        shop.post(shop.operator(), "/api/shops/{s}/alerts/" + alert.get("id") + "/resolve", Map.of("note", "feed fixed"))
                .then().statusCode(200);
        assertThat(shop.awaitAlert(Rule.TRACKING_ANOMALY, subject, AlertState.RESOLVED)).containsEntry("resolution", "OPERATOR");
    }

    @Test
    void aRefusedNumberIsCriticalAndResolvesWhenACorrectionSupersedesIt() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String orderId = OperationsShop.newOrderId();
        String refused = OperationsShop.trackingNumber();
        Subject subject = Subject.trackingNumber(refused);
        Instant declaredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        shop.applied(new OrderShipped(orderId, List.of(parcel(refused, item("cup", 1))), declaredAt, true, false),
                anomaly(refused, TrackingAnomalyKind.NUMBER_REFUSED, "kuaidi100 701: the number does not match SF's rules", null));
        assertThat(shop.awaitAlert(Rule.TRACKING_ANOMALY, subject, AlertState.OPEN)).containsEntry("severity", "CRITICAL");
        shop.applied(anomaly(refused, TrackingAnomalyKind.NUMBER_REFUSED, "kuaidi100 701: the number does not match SF's rules",
                null));
        assertThat(shop.awaitAlert(Rule.TRACKING_ANOMALY, subject, AlertState.OPEN)).containsEntry("repeats", 2);

        Instant correctedAt = declaredAt.plusSeconds(120);
        shop.applied(new OrderShipped(orderId, List.of(parcel(OperationsShop.trackingNumber(), item("cup", 1))), correctedAt,
                true, true));
        Map<String, Object> resolved = shop.awaitAlert(Rule.TRACKING_ANOMALY, subject, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", correctedAt.toString()).containsEntry("resolution", "CONDITION_CLEARED");
        OrderRulesTest.assertAnnouncedOnce(shop, resolved.get("id"), "TRACKING_ANOMALY", 2);
    }

    private static TrackingAnomaly anomaly(String number, TrackingAnomalyKind kind, String finding, Instant checkpointAt) {
        return new TrackingAnomaly(number, "SF", null, kind, finding, checkpointAt);
    }
}
