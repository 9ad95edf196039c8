package io.shipsync.alerting;

/** Where an alert (告警) is in its life: open → acknowledged → resolved, or open → resolved. */
public enum AlertState {
    /** Raised, and nobody has said they are on it. */
    OPEN,
    /** An operator is on it; the condition still holds. */
    ACKNOWLEDGED,
    /** The condition cleared, or an operator resolved it. Final: a new sighting raises a new alert. */
    RESOLVED
}
