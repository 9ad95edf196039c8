package io.shipsync.alerting.rule;

import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import java.time.Instant;

/**
 * A rule's deadline for one thing of a subject, as a row: e.g. the declaration of one printed parcel of an order.
 *
 * @param key     which thing of the subject it times (a tracking number), or empty when the subject has one timer
 * @param dueAt   when the rule acts, in event time (e.g. the print's time plus the window)
 * @param firedAt when the sweep acted on it; null while it waits
 */
public record Timer(String shopId, Rule rule, Subject subject, String key, Instant dueAt, Instant firedAt) {

    public static Timer due(String shopId, Rule rule, Subject subject, String key, Instant dueAt) {
        return new Timer(shopId, rule, subject, key, dueAt, null);
    }
}
