package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.RuleBook;
import io.shipsync.alerting.Subject;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.StockDiscrepancy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * 库存未及时更新 (G3): the platform showed other stock than ours when inventory-service reconciled it (and corrected
 * it). Each difference is a sighting (a repeat while open). Nothing announces that the platform agrees again, so the
 * alert clears by a quiet period: a timer due the window after the latest difference, moved on by each new one.
 */
@ApplicationScoped
public class StockDiscrepancyRule implements TimedRule {

    private final TimerRepository timers;
    private final RuleBook rules;
    private final Alerts alerts;

    StockDiscrepancyRule(TimerRepository timers, RuleBook rules, Alerts alerts) {
        this.timers = timers;
        this.rules = rules;
        this.alerts = alerts;
    }

    @Override
    public Rule rule() {
        return Rule.STOCK_DISCREPANCY;
    }

    /** The timer is set before the alert is touched, as the sweep takes them: no two transactions wait on each other. */
    public void discrepancy(ReceivedEvent event, StockDiscrepancy discrepancy) {
        Subject sku = Subject.sku(discrepancy.skuId(), discrepancy.warehouseId());
        Duration quiet = rules.of(event.shopId(), rule()).window();
        timers.setOrPostpone(Timer.due(event.shopId(), rule(), sku, "", discrepancy.detectedAt().plus(quiet)));
        alerts.raise(new Observation(event.shopId(), rule(), sku, "The platform showed " + discrepancy.platformStock()
                + " of SKU " + discrepancy.skuId() + " where " + discrepancy.expectedStock() + " were due; corrected by "
                + discrepancy.correction(), discrepancy.detectedAt(), event.envelope()));
    }

    /** No difference for the window: the platform has agreed since. Resolved at the timer's due time (event time). */
    @Override
    public void due(Timer timer, Instant now) {
        if (timers.claim(timer, now)) {
            timers.delete(timer);
            long minutes = rules.of(timer.shopId(), rule()).window().toMinutes();
            alerts.cleared(new Observation(timer.shopId(), rule(), timer.subject(), "no difference for " + minutes + " min",
                    timer.dueAt(), null));
        }
    }
}
