package io.shipsync.events;

/** How an alert (告警) ended. */
public enum AlertResolution {
    /** The rule saw its condition clear, e.g. the parcel was declared or the stock came back. */
    CONDITION_CLEARED,
    /** An operator resolved it by hand. */
    OPERATOR
}
