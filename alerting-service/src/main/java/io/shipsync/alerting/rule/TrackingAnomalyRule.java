package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import io.shipsync.alerting.operations.Parcel;
import io.shipsync.alerting.operations.ParcelRepository;
import io.shipsync.alerting.operations.TrackingRepository;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.AlertSeverity;
import io.shipsync.events.TrackingAnomaly;
import io.shipsync.events.TrackingAnomalyKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Set;

/**
 * 物流轨迹异常: each TrackingAnomaly logistics-service finds is a sighting on its number's alert. A refusal (the feed
 * refusing the number, or the shop's feed key) is CRITICAL whatever the shop set: nothing of the number, or of the
 * shop, is tracked until someone fixes it. A number the feed gave up on or refused stops mattering once a correcting
 * declaration supersedes it, which resolves the alert; the other kinds describe data already received, which nothing
 * later takes back, so an operator resolves them.
 */
@ApplicationScoped
public class TrackingAnomalyRule {

    /** The kinds that leave the number untracked: urgent whatever the shop's severity. */
    private static final Set<TrackingAnomalyKind> REFUSALS =
            EnumSet.of(TrackingAnomalyKind.NUMBER_REFUSED, TrackingAnomalyKind.FEED_KEY_REFUSED);
    /** The kinds a correcting declaration, naming another number, settles. */
    private static final Set<TrackingAnomalyKind> SETTLED_BY_CORRECTION =
            EnumSet.of(TrackingAnomalyKind.WATCH_ABORTED, TrackingAnomalyKind.NUMBER_REFUSED);

    private final ParcelRepository parcels;
    private final TrackingRepository tracking;
    private final Alerts alerts;

    TrackingAnomalyRule(ParcelRepository parcels, TrackingRepository tracking, Alerts alerts) {
        this.parcels = parcels;
        this.tracking = tracking;
        this.alerts = alerts;
    }

    /** A finding, seen at its event's time. */
    public void found(ReceivedEvent event, TrackingAnomaly anomaly) {
        AlertSeverity atLeast = REFUSALS.contains(anomaly.kind()) ? AlertSeverity.CRITICAL : AlertSeverity.INFO;
        alerts.raise(new Observation(event.shopId(), Rule.TRACKING_ANOMALY, Subject.trackingNumber(anomaly.trackingNumber()),
                "Tracking " + anomaly.trackingNumber() + " (" + anomaly.carrierCode() + "): " + anomaly.kind() + ", "
                        + anomaly.finding(), event.envelope().occurredAt(), event.envelope()), atLeast);
    }

    /** A correcting declaration of the order superseded numbers: an aborted or refused one needs no fixing any more. */
    public void superseded(ReceivedEvent event, String orderId) {
        for (Parcel parcel : parcels.ofOrder(event.shopId(), orderId)) {
            if (parcel.supersededAt() != null && tracking.anomalyKinds(event.shopId(), parcel.trackingNumber()).stream()
                    .anyMatch(SETTLED_BY_CORRECTION::contains)) {
                alerts.cleared(new Observation(event.shopId(), Rule.TRACKING_ANOMALY,
                        Subject.trackingNumber(parcel.trackingNumber()), "superseded by a correcting declaration",
                        parcel.supersededAt(), event.envelope()));
            }
        }
    }
}
