package io.shipsync.events;

import java.time.Instant;

/**
 * An alert (告警) ended: its condition cleared, or an operator resolved it. A later sighting of the same condition
 * raises a new alert.
 *
 * @param alertId     the alert's id in alerting-service
 * @param rule        the rule that raised it
 * @param subjectType what kind of thing it was about
 * @param subjectId   which one
 * @param resolution  how it ended
 * @param resolvedBy  the operator's user name when {@code resolution} is {@link AlertResolution#OPERATOR}, else absent
 * @param repeats     how many times the condition was seen while the alert was open, at least 1
 * @param resolvedAt  when it ended: the time of the event that cleared the condition, or of the operator's action
 */
public record AlertResolved(String alertId, String rule, String subjectType, String subjectId,
                            AlertResolution resolution, String resolvedBy, int repeats, Instant resolvedAt)
        implements DomainEvent {

    public AlertResolved {
        Checks.id(alertId, "alertId");
        Checks.code(rule, "rule");
        Checks.code(subjectType, "subjectType");
        Checks.id(subjectId, "subjectId");
        Checks.required(resolution, "resolution");
        if ((resolution == AlertResolution.OPERATOR) != (resolvedBy != null)) {
            throw new IllegalArgumentException("resolvedBy names the operator exactly when the resolution is OPERATOR");
        }
        Checks.optionalId(resolvedBy, "resolvedBy");
        Checks.atLeast(repeats, 1, "repeats");
        resolvedAt = Checks.time(resolvedAt, "resolvedAt");
    }

    @Override
    public String aggregateId() {
        return alertId;
    }
}
