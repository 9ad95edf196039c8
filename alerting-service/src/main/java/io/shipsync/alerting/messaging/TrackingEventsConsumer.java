package io.shipsync.alerting.messaging;

import io.shipsync.alerting.operations.TrackingRepository;
import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.TrackingUpdated;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Carrier checkpoints ({@code shipsync.tracking}, keyed by tracking number), projected for the first-scan and ladder
 * rules to come. Nothing publishes them yet; the channel waits on the topic until something does.
 */
@ApplicationScoped
public class TrackingEventsConsumer implements EventConsumer {

    static final String CHANNEL = "tracking-events";

    private final Inbox inbox;
    private final TrackingRepository tracking;

    TrackingEventsConsumer(Inbox inbox, TrackingRepository tracking) {
        this.inbox = inbox;
        this.tracking = tracking;
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
        if (event.payload() instanceof TrackingUpdated update) {
            tracking.updated(event.shopId(), update);
        }
    }
}
