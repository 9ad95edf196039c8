package io.shipsync.events;

import java.time.Instant;

/**
 * alerting-service opened an alert (告警): a rule found its condition for a subject while no alert of that rule for
 * that subject was open. Further sightings while it stays open are counted on the alert, not announced again.
 *
 * @param alertId     the alert's id in alerting-service
 * @param rule        the rule that found the condition, e.g. {@code PRINTED_NOT_DECLARED}
 * @param subjectType what kind of thing the alert is about, e.g. {@code ORDER}, {@code SKU}, {@code CARRIER_ACCOUNT}
 * @param subjectId   which one: an order id, {@code <skuId>@<warehouseId>}, an account id
 * @param severity    how urgent it is
 * @param summary     one sentence an operator can act on; never a buyer's personal data
 * @param raisedAt    when the condition arose, in the time of the events that showed it
 */
public record AlertRaised(String alertId, String rule, String subjectType, String subjectId, AlertSeverity severity,
                          String summary, Instant raisedAt) implements DomainEvent {

    public AlertRaised {
        Checks.id(alertId, "alertId");
        Checks.code(rule, "rule");
        Checks.code(subjectType, "subjectType");
        Checks.id(subjectId, "subjectId");
        Checks.required(severity, "severity");
        Checks.id(summary, "summary");
        raisedAt = Checks.time(raisedAt, "raisedAt");
    }

    @Override
    public String aggregateId() {
        return alertId;
    }
}
