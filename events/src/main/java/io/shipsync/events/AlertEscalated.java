package io.shipsync.events;

import java.time.Instant;

/**
 * An open alert (告警) reached the next step of its escalation ladder, e.g. a parcel without tracking movement for
 * 1 h (contact the carrier), 2 h (remind the buyer), 4 h (switch carrier), 24 h (compensation case). Each step is
 * announced once.
 *
 * @param alertId     the alert's id in alerting-service
 * @param rule        the rule that raised it
 * @param subjectType what kind of thing it is about
 * @param subjectId   which one
 * @param severity    the alert's severity from this step on
 * @param step        the step reached, 1 for the first
 * @param action      what the step asks for, in upper snake case, e.g. {@code CONTACT_CARRIER}
 * @param escalatedAt when the step's threshold was reached
 */
public record AlertEscalated(String alertId, String rule, String subjectType, String subjectId, AlertSeverity severity,
                             int step, String action, Instant escalatedAt) implements DomainEvent {

    public AlertEscalated {
        Checks.id(alertId, "alertId");
        Checks.code(rule, "rule");
        Checks.code(subjectType, "subjectType");
        Checks.id(subjectId, "subjectId");
        Checks.required(severity, "severity");
        Checks.atLeast(step, 1, "step");
        Checks.code(action, "action");
        escalatedAt = Checks.time(escalatedAt, "escalatedAt");
    }

    @Override
    public String aggregateId() {
        return alertId;
    }
}
