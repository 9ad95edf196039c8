package io.shipsync.logistics.messaging;

import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.logistics.OrderProjection;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Order events feed the print queue (待打单) and mark declared numbers; each takes effect once (inbox). */
@ApplicationScoped
public class OrderEventsConsumer implements EventConsumer {

    static final String CHANNEL = "order-events";

    private final Inbox inbox;
    private final OrderProjection projection;

    OrderEventsConsumer(Inbox inbox, OrderProjection projection) {
        this.inbox = inbox;
        this.projection = projection;
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
        projection.apply(event);
    }
}
