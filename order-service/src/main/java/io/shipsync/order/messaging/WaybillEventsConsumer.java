package io.shipsync.order.messaging;

import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.CarrierSwitched;
import io.shipsync.events.EventCodec;
import io.shipsync.events.WaybillCancelled;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.events.WaybillPrintedV1;
import io.shipsync.order.AutoShipping;
import io.shipsync.order.Shipping;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Printed waybills (打单) from logistics-service, declared per the shop's auto-ship rule; cancelled ones
 * (取消面单), never declared; parcels switched to the backup carrier (切换备用快递), whose declaration is corrected.
 */
@ApplicationScoped
public class WaybillEventsConsumer implements EventConsumer {

    static final String CHANNEL = "waybill-events";

    private final Inbox inbox;
    private final EventCodec codec;
    private final AutoShipping autoShipping;
    private final Shipping shipping;

    WaybillEventsConsumer(Inbox inbox, EventCodec codec, AutoShipping autoShipping, Shipping shipping) {
        this.inbox = inbox;
        this.codec = codec;
        this.autoShipping = autoShipping;
        this.shipping = shipping;
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
        if (event.payload() instanceof WaybillPrinted || event.payload() instanceof WaybillPrintedV1) {
            // Version 1 reads as the current record, without items.
            autoShipping.printed(event.shopId(), codec.payload(event.envelope(), WaybillPrinted.class));
        } else if (event.payload() instanceof WaybillCancelled cancelled) {
            autoShipping.cancelled(event.shopId(), cancelled);
        } else if (event.payload() instanceof CarrierSwitched switched) {
            shipping.carrierSwitched(event.shopId(), switched);
        }
    }
}
