package io.shipsync.alerting;

import io.shipsync.events.AlertResolution;
import io.shipsync.events.AlertSeverity;
import java.time.Instant;

/**
 * An alert (告警): one rule's condition holding for one subject of a shop.
 *
 * @param repeats        times the condition was seen while the alert was unresolved, at least 1
 * @param raisedAt       when the condition arose (event time)
 * @param lastSeenAt     when it was last seen (event time)
 * @param acknowledgedBy the operator who acknowledged it; null until then
 * @param assignee       who is to deal with it; null until assigned
 * @param resolution     how it ended; null until resolved
 * @param resolvedBy     the operator who resolved it; null when its condition cleared
 */
public record Alert(long id, String shopId, Rule rule, Subject subject, AlertSeverity severity, AlertState state,
                    String summary, int repeats, Instant raisedAt, Instant lastSeenAt, Instant acknowledgedAt,
                    String acknowledgedBy, String assignee, Instant resolvedAt, AlertResolution resolution,
                    String resolvedBy) {
}
