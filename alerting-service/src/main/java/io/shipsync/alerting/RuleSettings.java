package io.shipsync.alerting;

import io.shipsync.events.AlertSeverity;
import io.shipsync.events.StockLevel;
import java.time.Duration;
import java.util.List;

/**
 * How a rule runs for a shop.
 *
 * @param enabled  off: the rule raises nothing (alerts already open still clear with their condition)
 * @param severity the severity of the alerts it raises from now on
 * @param window   the rule's time window, for the rules that have one ({@link Rule#hasWindow()}), else null
 * @param level    the stock level it fires at, for {@link Rule#STOCK_LOW}, else null
 * @param ladder   the time without movement at which each step of the stall ladder is reached, one per
 *                 {@link StallStep}, for {@link Rule#TRACKING_STALLED}, else null
 */
public record RuleSettings(boolean enabled, AlertSeverity severity, Duration window, StockLevel level,
                           List<Duration> ladder) {

    public RuleSettings {
        ladder = ladder == null ? null : List.copyOf(ladder);
    }

    /** Whether a SKU at {@code level} is at or below this rule's level ({@link StockLevel} runs from OK to OUT). */
    public boolean reached(StockLevel stockLevel) {
        return stockLevel.compareTo(level) >= 0;
    }
}
