package io.shipsync.alerting;

import io.shipsync.events.AlertSeverity;
import java.util.Set;

/**
 * Which alerts of a shop to list; a null or empty criterion matches every alert.
 *
 * @param states any of these states
 */
public record AlertFilter(Set<AlertState> states, Rule rule, AlertSeverity severity, SubjectType subjectType,
                          String subjectId) {
}
