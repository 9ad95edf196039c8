package io.shipsync.alerting;

import java.util.List;

/** An alert and everything done to it, oldest first. */
public record AlertHistory(Alert alert, List<AlertAction> actions) {
}
