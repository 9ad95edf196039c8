package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.StockFrozen;
import io.shipsync.events.StockUnfrozen;
import jakarta.enterprise.context.ApplicationScoped;

/** 冻结: a SKU frozen for sale is an alert until it is unfrozen. */
@ApplicationScoped
public class StockFrozenRule {

    private final Alerts alerts;

    StockFrozenRule(Alerts alerts) {
        this.alerts = alerts;
    }

    public void frozen(ReceivedEvent event, StockFrozen frozen) {
        alerts.raise(new Observation(event.shopId(), Rule.STOCK_FROZEN, Subject.sku(frozen.skuId(), frozen.warehouseId()),
                "SKU " + frozen.skuId() + " in " + frozen.warehouseId() + " frozen for sale (" + frozen.policy() + "): "
                        + frozen.available() + " available, below " + frozen.freezeLevel(),
                frozen.frozenAt(), event.envelope()));
    }

    public void unfrozen(ReceivedEvent event, StockUnfrozen unfrozen) {
        alerts.cleared(new Observation(event.shopId(), Rule.STOCK_FROZEN, Subject.sku(unfrozen.skuId(), unfrozen.warehouseId()),
                "unfrozen with " + unfrozen.available() + " available", unfrozen.unfrozenAt(), event.envelope()));
    }
}
