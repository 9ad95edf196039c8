package io.shipsync.alerting;

/** The shop has no alert with that id. */
public class UnknownAlert extends RuntimeException {

    public UnknownAlert(String shopId, long alertId) {
        super("Shop " + shopId + " has no alert " + alertId + ".");
    }
}
