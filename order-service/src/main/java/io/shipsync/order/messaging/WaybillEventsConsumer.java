package io.shipsync.order.messaging;

import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.order.AutoShipping;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Printed waybills (打单) from logistics-service, declared per the shop's auto-ship rule. */
@ApplicationScoped
public class WaybillEventsConsumer implements EventConsumer {

    static final String CHANNEL = "waybill-events";

    private final Inbox inbox;
    private final AutoShipping autoShipping;

    WaybillEventsConsumer(Inbox inbox, AutoShipping autoShipping) {
        this.inbox = inbox;
        this.autoShipping = autoShipping;
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
        if (event.payload() instanceof WaybillPrinted printed) {
            autoShipping.printed(event.shopId(), printed);
        }
    }
}
