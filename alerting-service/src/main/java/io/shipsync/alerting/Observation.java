package io.shipsync.alerting;

import io.shipsync.events.EventEnvelope;
import java.time.Instant;

/**
 * What a rule saw about a subject: its condition holding, or cleared.
 *
 * @param note  one sentence for the operator: the alert's summary when raising, why it cleared when clearing
 * @param at    when, in event time (a timer's due time for a deadline)
 * @param cause the event that showed it, so announcements keep its correlation; null for a timer
 */
public record Observation(String shopId, Rule rule, Subject subject, String note, Instant at, EventEnvelope cause) {
}
