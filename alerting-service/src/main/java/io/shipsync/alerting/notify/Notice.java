package io.shipsync.alerting.notify;

import io.shipsync.alerting.Rule;
import io.shipsync.alerting.SubjectType;
import io.shipsync.events.AlertSeverity;
import java.time.Instant;

/**
 * What a notification says, before a channel puts it in its own format.
 *
 * @param reason  RAISED, ESCALATED or TEST
 * @param alertId null for a test message
 * @param step    the stall ladder's step for an escalation, else null
 * @param action  the step's action (e.g. REMIND_BUYER) for an escalation, else null
 * @param at      when the alert was raised or escalated (event time), or the test was asked for
 */
public record Notice(String shopId, Delivery.Reason reason, Long alertId, Rule rule, AlertSeverity severity,
                     SubjectType subjectType, String subjectId, String summary, Integer step, String action, Instant at) {
}
