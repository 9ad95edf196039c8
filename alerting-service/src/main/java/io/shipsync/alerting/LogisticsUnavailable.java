package io.shipsync.alerting;

/** logistics-service could not be asked for the switch to the backup carrier now: nothing was switched. */
public class LogisticsUnavailable extends RuntimeException {

    public LogisticsUnavailable(String why, Throwable cause) {
        super("logistics-service could not be asked to switch the carrier: " + why, cause);
    }
}
