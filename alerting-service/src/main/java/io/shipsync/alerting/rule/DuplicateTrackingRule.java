package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import io.shipsync.alerting.operations.OrderRepository;
import io.shipsync.alerting.operations.Overlap;
import io.shipsync.alerting.operations.ParcelRepository;
import io.shipsync.eventing.inbox.ReceivedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * 自动发货规则冲突: an order's live tracking numbers (printed or declared, not cancelled or superseded) carry more
 * units of a SKU than the order has, e.g. a second waybill printed for items already printed or declared. Parcels are
 * compared with the order's lines, so an order split across parcels (拆单) is not a conflict. A number new to the
 * order that is part of the conflict is a sighting (a repeat while open); the alert resolves when cancels or a
 * correction leave no SKU over-covered, or the order is cancelled.
 */
@ApplicationScoped
public class DuplicateTrackingRule {

    private final ParcelRepository parcels;
    private final OrderRepository orders;
    private final Alerts alerts;

    DuplicateTrackingRule(ParcelRepository parcels, OrderRepository orders, Alerts alerts) {
        this.parcels = parcels;
        this.orders = orders;
        this.alerts = alerts;
    }

    /**
     * Looks at the order's parcels after {@code event} changed them or its lines.
     *
     * @param added the tracking numbers the event made new to the order
     */
    public void check(ReceivedEvent event, String orderId, Collection<String> added, Instant at) {
        String shopId = event.shopId();
        Subject order = Subject.order(orderId);
        if (orders.cancelledAt(shopId, orderId).isPresent()) {
            alerts.cleared(new Observation(shopId, Rule.DUPLICATE_TRACKING, order, "order cancelled", at, event.envelope()));
            return;
        }
        List<Overlap> overlaps = parcels.overlaps(shopId, orderId);
        if (overlaps.isEmpty()) {
            alerts.cleared(new Observation(shopId, Rule.DUPLICATE_TRACKING, order,
                    "no SKU is carried by more tracking numbers than ordered", at, event.envelope()));
            return;
        }
        Observation seen = new Observation(shopId, Rule.DUPLICATE_TRACKING, order, summary(orderId, overlaps), at,
                event.envelope());
        boolean newConflictingNumber = overlaps.stream().anyMatch(o -> o.numbers().stream().anyMatch(added::contains));
        if (newConflictingNumber) {
            alerts.raise(seen);
        } else {
            alerts.holds(seen);
        }
    }

    private static String summary(String orderId, List<Overlap> overlaps) {
        return "Order " + orderId + " has more than one tracking number for the same items: " + overlaps.stream()
                .map(o -> "SKU " + o.skuId() + " " + o.carried() + " units on " + String.join(", ", o.numbers()) + " for "
                        + o.ordered() + " ordered")
                .collect(Collectors.joining("; "));
    }
}
