package io.shipsync.alerting.messaging;

import io.shipsync.alerting.operations.OrderRepository;
import io.shipsync.alerting.operations.ParcelRepository;
import io.shipsync.alerting.rule.DeclarationDeadlineRule;
import io.shipsync.alerting.rule.DeclarationSyncRule;
import io.shipsync.alerting.rule.DuplicateTrackingRule;
import io.shipsync.alerting.rule.FirstScanRule;
import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.EventCodec;
import io.shipsync.events.WaybillCancelled;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.events.WaybillPrintedV1;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Waybill events ({@code shipsync.waybill}, keyed by order id): prints (打单) and cancels (取消面单) projected as the
 * order's parcels under the order's lock, then G1's deadlines and the duplicate-number rule look at them.
 */
@ApplicationScoped
public class WaybillEventsConsumer implements EventConsumer {

    static final String CHANNEL = "waybill-events";

    private final Inbox inbox;
    private final EventCodec codec;
    private final OrderRepository orders;
    private final ParcelRepository parcels;
    private final DeclarationDeadlineRule deadlines;
    private final DuplicateTrackingRule duplicates;
    private final FirstScanRule firstScans;
    private final DeclarationSyncRule syncs;

    WaybillEventsConsumer(Inbox inbox, EventCodec codec, OrderRepository orders, ParcelRepository parcels,
                          DeclarationDeadlineRule deadlines, DuplicateTrackingRule duplicates, FirstScanRule firstScans,
                          DeclarationSyncRule syncs) {
        this.inbox = inbox;
        this.codec = codec;
        this.orders = orders;
        this.parcels = parcels;
        this.deadlines = deadlines;
        this.duplicates = duplicates;
        this.firstScans = firstScans;
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
        orders.lock(shopId, event.envelope().aggregateId());
        if (event.payload() instanceof WaybillPrinted || event.payload() instanceof WaybillPrintedV1) {
            // Version 1 reads as the current record, without items: such a parcel is never compared for duplicates.
            WaybillPrinted printed = codec.payload(event.envelope(), WaybillPrinted.class);
            boolean newNumber = parcels.printed(shopId, printed);
            deadlines.printed(event, printed);
            duplicates.check(event, printed.orderId(), newNumber ? List.of(printed.trackingNumber()) : List.of(),
                    printed.printedAt());
        } else if (event.payload() instanceof WaybillCancelled cancelled) {
            parcels.cancelled(shopId, cancelled);
            deadlines.settled(event, cancelled.orderId(), "waybill " + cancelled.trackingNumber() + " cancelled: "
                    + cancelled.reason(), cancelled.cancelledAt());
            duplicates.check(event, cancelled.orderId(), List.of(), cancelled.cancelledAt());
            firstScans.settled(event, cancelled.orderId(), "waybill " + cancelled.trackingNumber() + " cancelled",
                    cancelled.cancelledAt());
            syncs.reconsider(event, cancelled.orderId(), "waybill " + cancelled.trackingNumber() + " cancelled",
                    cancelled.cancelledAt());
        }
    }
}
