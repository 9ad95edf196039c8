package io.shipsync.alerting.rule;

import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import java.time.Instant;

/**
 * A rule's deadline for one thing of a subject, as a row: e.g. the declaration of one printed parcel of an order.
 *
 * @param key     which thing of the subject it times (a tracking number), or empty when the subject has one timer
 * @param dueAt   when the rule acts, in event time (e.g. the print's time plus the window)
 * @param firedAt when the sweep acted on it for the last time; null while it waits
 * @param step    the ladder steps it has passed, for a timer with steps (the stall ladder); 0 for the others
 */
public record Timer(String shopId, Rule rule, Subject subject, String key, Instant dueAt, Instant firedAt, int step) {

    public static Timer due(String shopId, Rule rule, Subject subject, String key, Instant dueAt) {
        return new Timer(shopId, rule, subject, key, dueAt, null, 0);
    }
}
