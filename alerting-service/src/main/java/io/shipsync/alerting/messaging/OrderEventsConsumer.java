package io.shipsync.alerting.messaging;

import io.shipsync.alerting.operations.OrderRepository;
import io.shipsync.alerting.operations.ParcelRepository;
import io.shipsync.alerting.rule.DeclarationDeadlineRule;
import io.shipsync.alerting.rule.DeclarationSyncRule;
import io.shipsync.alerting.rule.DriftRule;
import io.shipsync.alerting.rule.DuplicateTrackingRule;
import io.shipsync.alerting.rule.FirstScanRule;
import io.shipsync.alerting.rule.FraudHoldRule;
import io.shipsync.alerting.rule.StockShortageRule;
import io.shipsync.alerting.rule.TrackingAnomalyRule;
import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.DeclarationSettled;
import io.shipsync.events.DriftDetected;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderCreated;
import io.shipsync.events.OrderHeld;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.OrderReleased;
import io.shipsync.events.OrderShipped;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Order events ({@code shipsync.order}, keyed by order id): each is projected into the read model under the order's
 * lock, then the rules it concerns look at the result, all in the inbox's transaction.
 */
@ApplicationScoped
public class OrderEventsConsumer implements EventConsumer {

    static final String CHANNEL = "order-events";

    private final Inbox inbox;
    private final OrderRepository orders;
    private final ParcelRepository parcels;
    private final DeclarationDeadlineRule deadlines;
    private final DuplicateTrackingRule duplicates;
    private final DriftRule drift;
    private final FraudHoldRule fraud;
    private final StockShortageRule shortages;
    private final FirstScanRule firstScans;
    private final TrackingAnomalyRule anomalies;
    private final DeclarationSyncRule syncs;

    OrderEventsConsumer(Inbox inbox, OrderRepository orders, ParcelRepository parcels, DeclarationDeadlineRule deadlines,
                        DuplicateTrackingRule duplicates, DriftRule drift, FraudHoldRule fraud, StockShortageRule shortages,
                        FirstScanRule firstScans, TrackingAnomalyRule anomalies, DeclarationSyncRule syncs) {
        this.inbox = inbox;
        this.orders = orders;
        this.parcels = parcels;
        this.deadlines = deadlines;
        this.duplicates = duplicates;
        this.drift = drift;
        this.fraud = fraud;
        this.shortages = shortages;
        this.firstScans = firstScans;
        this.anomalies = anomalies;
        this.syncs = syncs;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.receive(record, this);
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void apply(ReceivedEvent event) {
        String shopId = event.shopId();
        String orderId = event.envelope().aggregateId();
        orders.lock(shopId, orderId);
        if (event.payload() instanceof OrderCreated created) {
            orders.created(shopId, created);
        } else if (event.payload() instanceof OrderPlaced placed) {
            orders.placed(shopId, placed);
            duplicates.check(event, orderId, List.of(), placed.paidAt());
        } else if (event.payload() instanceof OrderShipped shipped) {
            shipped(event, shipped);
        } else if (event.payload() instanceof OrderCancelled cancelled) {
            orders.cancelled(shopId, cancelled);
            cancelled(event, orderId, cancelled.cancelledAt());
        } else if (event.payload() instanceof OrderHeld held) {
            orders.held(shopId, held);
            fraud.held(event, held);
        } else if (event.payload() instanceof OrderReleased released) {
            orders.released(shopId, released);
            fraud.released(event, released);
        } else if (event.payload() instanceof DeclarationSettled settled) {
            parcels.settled(shopId, settled);
            syncs.settled(event, settled);
        } else if (event.payload() instanceof DriftDetected detected) {
            orders.drift(shopId, detected);
            drift.detected(event, detected);
        }
    }

    private void shipped(ReceivedEvent event, OrderShipped shipped) {
        orders.shipped(event.shopId(), shipped);
        List<String> added = parcels.declared(event.shopId(), shipped);
        deadlines.settled(event, shipped.orderId(), "declared", shipped.shippedAt());
        duplicates.check(event, shipped.orderId(), added, shipped.shippedAt());
        drift.cleared(event, shipped.orderId(), "declared after the finding", shipped.shippedAt());
        firstScans.declared(event, shipped);
        syncs.declared(event, shipped);
        if (shipped.correction()) {
            firstScans.settled(event, shipped.orderId(), "superseded by a correcting declaration", shipped.shippedAt());
            anomalies.superseded(event, shipped.orderId());
            syncs.reconsider(event, shipped.orderId(), "superseded by a correcting declaration", shipped.shippedAt());
        }
    }

    /**
     * A cancelled order needs no declaration, can hold no conflict, no finding, no hold and no shortage, and its parcels
     * wait for no scan.
     */
    private void cancelled(ReceivedEvent event, String orderId, Instant at) {
        deadlines.settled(event, orderId, "order cancelled", at);
        duplicates.check(event, orderId, List.of(), at);
        drift.cleared(event, orderId, "order cancelled", at);
        fraud.cleared(event, orderId, "order cancelled", at);
        shortages.orderCancelled(event, orderId, at);
        firstScans.settled(event, orderId, "order cancelled", at);
        syncs.reconsider(event, orderId, "order cancelled", at);
    }
}
