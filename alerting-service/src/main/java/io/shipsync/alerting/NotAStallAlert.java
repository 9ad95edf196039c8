package io.shipsync.alerting;

/** Only a stalled parcel's alert (the stall ladder's, {@link Rule#TRACKING_STALLED}) can switch it to the backup carrier. */
public class NotAStallAlert extends RuntimeException {

    public NotAStallAlert(Alert alert) {
        super("Alert " + alert.id() + " is a " + alert.rule() + " alert about " + alert.subject().type() + " "
                + alert.subject().id() + ": only a stalled parcel's alert (" + Rule.TRACKING_STALLED
                + ") switches to the backup carrier.");
    }
}
