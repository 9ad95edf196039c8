package io.shipsync.alerting;

import static io.shipsync.alerting.OperationsShop.WAREHOUSE;
import static io.shipsync.alerting.OperationsShop.item;
import static io.shipsync.alerting.OperationsShop.line;
import static io.shipsync.alerting.OperationsShop.parcel;
import static io.shipsync.alerting.OperationsShop.placed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.CarrierAccountChanged;
import io.shipsync.events.CarrierAccountState;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.DriftDetected;
import io.shipsync.events.DriftKind;
import io.shipsync.events.EventCodec;
import io.shipsync.events.FreezePolicy;
import io.shipsync.events.HoldReason;
import io.shipsync.events.OrderCreated;
import io.shipsync.events.OrderHeld;
import io.shipsync.events.OrderReleased;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockDiscrepancy;
import io.shipsync.events.StockFrozen;
import io.shipsync.events.StockLevel;
import io.shipsync.events.StockLevelCrossed;
import io.shipsync.events.StockMovementReason;
import io.shipsync.events.StockShortage;
import io.shipsync.events.StockUnfrozen;
import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingState;
import io.shipsync.events.TrackingUpdated;
import io.shipsync.events.WaybillCancelled;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestClock;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operations read model: what each event leaves in it, in event time only, so a replay rebuilds it exactly. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ReadModelTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final String ORDER = "3705115058471208928";
    private static final String SHORT_ORDER = "3705115058471208929";
    private static final String FIRST = "SF1342567604302";
    private static final String SECOND = "SF1342567604319";
    private static final Map<String, String> ORDERS_OF = Map.of(
            "ops_orders", "order_id", "ops_order_lines", "order_id, sku_id", "ops_order_holds", "order_id, reason",
            "ops_drift_findings", "order_id, detected_at", "ops_parcels", "tracking_number",
            "ops_parcel_items", "tracking_number, sku_id", "ops_skus", "sku_id, warehouse_id",
            "ops_stock_shortages", "order_id", "ops_stock_discrepancies", "detected_at", "ops_carrier_accounts", "account_id");

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
    void eachEventLeavesItsFactsInEventTimeAndTheSameHistoryDaysLaterBuildsTheSameRows() {
        OperationsShop original = new OperationsShop(codec, bootstrap, dataSource);
        OperationsShop replay = new OperationsShop(codec, bootstrap, dataSource);

        history().forEach(original::applied);
        clock.advance(Duration.ofDays(3));
        history().forEach(replay::applied);

        assertThat(original.rows("ops_orders", "order_id")).filteredOn(r -> r.get("order_id").equals(ORDER)).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("created_at", at(0)).containsEntry("paid_at", at(1))
                        .containsEntry("first_declared_at", at(8)).containsEntry("fully_declared", true)
                        .containsEntry("total_fen", 1990L));
        assertThat(original.rows("ops_order_holds", "order_id")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("held_at", at(2)).containsEntry("released_at", at(3)).containsEntry("released_by", "ops-lead"));
        assertThat(original.rows("ops_parcels", "tracking_number"))
                .extracting(r -> r.get("tracking_number") + " printed " + r.get("printed_at") + " reprints " + r.get("reprints")
                        + " declared " + r.get("declared_at") + " cancelled " + r.get("cancelled_at"))
                .containsExactly(FIRST + " printed " + at(4) + " reprints 1 declared null cancelled " + at(6),
                        SECOND + " printed " + at(7) + " reprints 0 declared " + at(8) + " cancelled null");
        assertThat(original.rows("ops_skus", "sku_id")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("level", "BELOW_SECOND_WARNING").containsEntry("level_since", at(11))
                .containsEntry("frozen", false).containsEntry("available", 25L).containsEntry("changed_at", at(10)));
        assertThat(original.rows("ops_stock_shortages", "order_id")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("settled_by", "STOCK_RETURNED").containsEntry("settled_at", at(10)));
        assertThat(original.rows("ops_carrier_accounts", "account_id")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("state", "AUTHORIZED").containsEntry("previous_state", "NOT_AUTHORIZED"));
        assertThat(original.rows("ops_tracking", "tracking_number")).singleElement()
                .as("the newest checkpoint, not the last to arrive; the first scan the earliest scanned entry, 已下单 is none")
                .satisfies(r -> assertThat(r).containsEntry("state", "IN_TRANSIT").containsEntry("first_scan_at", at(90))
                        .containsEntry("last_checkpoint_at", at(180)).containsEntry("location", "杭州转运中心"));

        ORDERS_OF.forEach((table, orderBy) -> assertThat(replay.rows(table, orderBy)).as(table)
                .isNotEmpty().isEqualTo(original.rows(table, orderBy)));
        assertThat(replay.rows("ops_tracking", "tracking_number")).isEqualTo(original.rows("ops_tracking", "tracking_number"));
    }

    /** Every event type alerting-service projects, each applied before the next is sent. */
    private static List<DomainEvent> history() {
        String waybill = "14629104658812345678";
        return List.of(
                new OrderCreated(ORDER, T0, List.of(line("cup", 2))),
                placed(ORDER, T0.plus(Duration.ofMinutes(1)), line("cup", 2), line("lid", 1)),
                new OrderHeld(ORDER, HoldReason.FRAUD_REVIEW, "4 paid orders from one buyer within 10 minutes", T0.plus(minutes(2))),
                new OrderReleased(ORDER, HoldReason.FRAUD_REVIEW, T0.plus(minutes(3)), "ops-lead"),
                new WaybillPrinted(waybill, ORDER, "SF", FIRST, List.of(item("cup", 2), item("lid", 1)), T0.plus(minutes(4)), false),
                new WaybillPrinted(waybill, ORDER, "SF", FIRST, List.of(item("cup", 2), item("lid", 1)), T0.plus(minutes(5)), true),
                new WaybillCancelled(waybill, ORDER, "SF", FIRST, T0.plus(minutes(6)), "wrong carrier"),
                new WaybillPrinted("14629104658812345679", ORDER, "SF", SECOND, List.of(item("cup", 2), item("lid", 1)),
                        T0.plus(minutes(7)), false),
                new OrderShipped(ORDER, List.of(parcel(SECOND, item("cup", 2), item("lid", 1))), T0.plus(minutes(8)), true, false),
                new DriftDetected(ORDER, DriftKind.DECLARED_NOT_SHIPPED_ON_PLATFORM, "The platform still shows 待发货", null,
                        List.of(SECOND), List.of(), T0.plus(minutes(9))),
                new StockShortage(SHORT_ORDER, "cup", "p-cup", WAREHOUSE, 3, 1, T0.plus(minutes(9))),
                new StockChanged("cup", "p-cup", WAREHOUSE, 27, 2, 25, StockLevel.BELOW_FIRST_WARNING, 0,
                        StockMovementReason.ADJUST, null, T0.plus(minutes(10))),
                new StockLevelCrossed("cup", "p-cup", WAREHOUSE, StockLevel.BELOW_FIRST_WARNING, StockLevel.BELOW_SECOND_WARNING,
                        19, 20, T0.plus(minutes(11))),
                new StockFrozen("cup", "p-cup", WAREHOUSE, 19, 20, FreezePolicy.PLATFORM_ZERO, T0.plus(minutes(11))),
                new StockDiscrepancy("cup", "p-cup", WAREHOUSE, 4, 0, -4, T0.plus(minutes(12))),
                new StockUnfrozen("cup", "p-cup", WAREHOUSE, 25, 20, T0.plus(minutes(13))),
                new CarrierAccountChanged("SF", "0123456789", CarrierAccountState.NOT_AUTHORIZED, null, null, 50, T0.plus(minutes(14))),
                new CarrierAccountChanged("SF", "0123456789", CarrierAccountState.AUTHORIZED, CarrierAccountState.NOT_AUTHORIZED,
                        800L, 50, T0.plus(minutes(15))),
                new TrackingUpdated(SECOND, "SF", ORDER, TrackingState.IN_TRANSIT, "0", T0.plus(minutes(180)), "杭州转运中心",
                        "快件已到达杭州转运中心", List.of(
                        new TrackingCheckpoint(T0.plus(minutes(30)), TrackingState.INFO_RECEIVED, "1", "杭州西湖区", "已下单", null),
                        new TrackingCheckpoint(T0.plus(minutes(90)), TrackingState.PICKED_UP, "103", "杭州西湖区", "顺丰速运 已收取快件", null),
                        new TrackingCheckpoint(T0.plus(minutes(180)), TrackingState.IN_TRANSIT, "0", "杭州转运中心", "快件已到达杭州转运中心",
                                null)), null),
                new TrackingUpdated(SECOND, "SF", ORDER, TrackingState.IN_TRANSIT, "0", T0.plus(minutes(120)), "杭州西湖区",
                        "快件已发往杭州转运中心", List.of(), null));
    }

    private static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    private static Timestamp at(long minutes) {
        return Timestamp.from(T0.plus(minutes(minutes)));
    }
}
