package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.RuleBook;
import io.shipsync.alerting.RuleSettings;
import io.shipsync.alerting.Subject;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.StockLevelCrossed;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * 库存预警: a SKU whose available stock crossed down to the shop's level (a warning level or OUT) or below it. Each
 * crossing further down is a sighting (a repeat while open); a crossing up that stays at or below the level changes
 * nothing; a crossing above it clears the alert.
 */
@ApplicationScoped
public class StockLowRule {

    private final RuleBook rules;
    private final Alerts alerts;

    StockLowRule(RuleBook rules, Alerts alerts) {
        this.rules = rules;
        this.alerts = alerts;
    }

    public void crossed(ReceivedEvent event, StockLevelCrossed crossed) {
        RuleSettings settings = rules.of(event.shopId(), Rule.STOCK_LOW);
        Subject sku = Subject.sku(crossed.skuId(), crossed.warehouseId());
        if (!settings.reached(crossed.toLevel())) {
            alerts.cleared(new Observation(event.shopId(), Rule.STOCK_LOW, sku, "back to " + crossed.toLevel() + " with "
                    + crossed.available() + " available", crossed.crossedAt(), event.envelope()));
            return;
        }
        Observation seen = new Observation(event.shopId(), Rule.STOCK_LOW, sku, "SKU " + crossed.skuId() + " in "
                + crossed.warehouseId() + " is " + crossed.toLevel() + " with " + crossed.available() + " available"
                + (crossed.threshold() == null ? "" : " (below " + crossed.threshold() + ")"), crossed.crossedAt(),
                event.envelope());
        boolean worse = crossed.fromLevel() == null || crossed.toLevel().compareTo(crossed.fromLevel()) > 0;
        if (worse) {
            alerts.raise(seen);
        } else {
            alerts.holds(seen);
        }
    }
}
