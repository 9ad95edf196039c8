package io.shipsync.alerting;

/** An operator's action that the alert's state no longer allows, e.g. acknowledging a resolved alert. */
public class AlertNotOpen extends RuntimeException {

    public AlertNotOpen(Alert alert, String action) {
        super("Alert " + alert.id() + " is " + alert.state() + " and cannot be " + action + ".");
    }
}
