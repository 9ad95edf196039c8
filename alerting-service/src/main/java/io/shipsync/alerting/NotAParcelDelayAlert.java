package io.shipsync.alerting;

/**
 * Only a delayed parcel's alert can switch it to the backup carrier: one never collected ({@link Rule#NO_FIRST_SCAN}),
 * the case logistics-service can switch, or a stalled one ({@link Rule#TRACKING_STALLED}), whose switch it refuses once
 * the carrier has the parcel.
 */
public class NotAParcelDelayAlert extends RuntimeException {

    public NotAParcelDelayAlert(Alert alert) {
        super("Alert " + alert.id() + " is a " + alert.rule() + " alert about " + alert.subject().type() + " "
                + alert.subject().id() + ": only a delayed parcel's alert (" + Rule.NO_FIRST_SCAN + " or "
                + Rule.TRACKING_STALLED + ") switches to the backup carrier.");
    }
}
