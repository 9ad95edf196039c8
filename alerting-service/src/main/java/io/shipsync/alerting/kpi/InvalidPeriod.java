package io.shipsync.alerting.kpi;

/** A KPI period or report week the caller named that cannot be read (400). */
public class InvalidPeriod extends RuntimeException {

    public InvalidPeriod(String message) {
        super(message);
    }
}
