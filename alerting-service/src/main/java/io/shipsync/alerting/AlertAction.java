package io.shipsync.alerting;

import java.time.Instant;
import java.util.UUID;

/**
 * One thing done to an alert, by a rule (actor {@value #SYSTEM}) or an operator.
 *
 * @param note    the sighting's summary, why it cleared, or the operator's words; may be null
 * @param eventId the event that made a rule act; null for operators and timers
 * @param at      event time for a rule's action, the clock's for an operator's
 */
public record AlertAction(long id, Kind kind, String actor, String note, UUID eventId, Instant at) {

    /** The actor of what rules do. */
    public static final String SYSTEM = "system";

    /** SWITCH_CARRIER: an operator had a stalled parcel switched to the backup carrier (切换备用快递) from the alert. */
    public enum Kind { RAISED, REPEATED, ESCALATED, ACKNOWLEDGED, ASSIGNED, RESOLVED, SWITCH_CARRIER }
}
