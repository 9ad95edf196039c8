package io.shipsync.alerting.messaging;

import io.shipsync.alerting.operations.Tracking;
import io.shipsync.alerting.operations.TrackingRepository;
import io.shipsync.alerting.rule.FirstScanRule;
import io.shipsync.alerting.rule.StallLadderRule;
import io.shipsync.alerting.rule.TrackingAnomalyRule;
import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.EventCodec;
import io.shipsync.events.TrackingAnomaly;
import io.shipsync.events.TrackingUpdated;
import io.shipsync.events.TrackingUpdatedV1;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Tracking events ({@code shipsync.tracking}, keyed by tracking number, so one number's events come in order):
 * carrier checkpoints projected into {@code ops_tracking} for the first-scan rule and the stall ladder, and
 * logistics-service's findings into {@code ops_tracking_anomalies} for the anomaly rule. Projecting a checkpoint
 * writes the number's row first, which locks it against a sweep firing the number's ladder.
 */
@ApplicationScoped
public class TrackingEventsConsumer implements EventConsumer {

    static final String CHANNEL = "tracking-events";

    private final Inbox inbox;
    private final EventCodec codec;
    private final TrackingRepository tracking;
    private final FirstScanRule firstScans;
    private final StallLadderRule stalls;
    private final TrackingAnomalyRule anomalies;

    TrackingEventsConsumer(Inbox inbox, EventCodec codec, TrackingRepository tracking, FirstScanRule firstScans,
                           StallLadderRule stalls, TrackingAnomalyRule anomalies) {
        this.inbox = inbox;
        this.codec = codec;
        this.tracking = tracking;
        this.firstScans = firstScans;
        this.stalls = stalls;
        this.anomalies = anomalies;
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
        if (event.payload() instanceof TrackingUpdated || event.payload() instanceof TrackingUpdatedV1) {
            // Version 1 reads as the current record: its state upcast, its one checkpoint as the list.
            TrackingUpdated update = codec.payload(event.envelope(), TrackingUpdated.class);
            Optional<Tracking> before = tracking.find(shopId, update.trackingNumber());
            tracking.updated(shopId, update);
            Tracking after = tracking.find(shopId, update.trackingNumber()).orElseThrow();
            firstScans.tracked(event, after);
            stalls.tracked(event, before, after);
        } else if (event.payload() instanceof TrackingAnomaly anomaly) {
            tracking.anomaly(shopId, anomaly, event.envelope().occurredAt());
            anomalies.found(event, anomaly);
        }
    }
}
