package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import io.shipsync.alerting.operations.SkuRepository;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockShortage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * 缺货: a SKU short for paid orders. Each order it falls short for is a sighting (a repeat while open). A shortage
 * settles when stock covers the order's request (as order-service releases the order's hold) or the order is
 * cancelled; the alert resolves when none of the SKU's is left.
 */
@ApplicationScoped
public class StockShortageRule {

    private final SkuRepository skus;
    private final Alerts alerts;

    StockShortageRule(SkuRepository skus, Alerts alerts) {
        this.skus = skus;
        this.alerts = alerts;
    }

    /** @param orderCancelled the order was cancelled before its shortage arrived (they come on different topics) */
    public void shortage(ReceivedEvent event, StockShortage shortage, boolean orderCancelled) {
        if (!orderCancelled) {
            alerts.raise(new Observation(event.shopId(), Rule.STOCK_SHORTAGE, Subject.sku(shortage.skuId(),
                    shortage.warehouseId()), "SKU " + shortage.skuId() + " in " + shortage.warehouseId()
                    + " is short for order " + shortage.orderId() + ": " + shortage.requested() + " needed, "
                    + shortage.available() + " available", shortage.detectedAt(), event.envelope()));
        }
    }

    public void changed(ReceivedEvent event, StockChanged changed) {
        String shopId = event.shopId();
        if (skus.coveredShortages(shopId, changed.skuId(), changed.warehouseId(), changed.available(), changed.changedAt()) > 0) {
            clearIfNoneLeft(event, changed.skuId(), changed.warehouseId(), "stock returned: " + changed.available()
                    + " available", changed.changedAt());
        }
    }

    /** The order's shortages end with it. Call holding the order's lock. */
    public void orderCancelled(ReceivedEvent event, String orderId, Instant at) {
        for (SkuRepository.SkuKey sku : skus.cancelledShortages(event.shopId(), orderId, at)) {
            clearIfNoneLeft(event, sku.skuId(), sku.warehouseId(), "order " + orderId + " cancelled", at);
        }
    }

    private void clearIfNoneLeft(ReceivedEvent event, String skuId, String warehouseId, String why, Instant at) {
        if (skus.openShortages(event.shopId(), skuId, warehouseId) == 0) {
            alerts.cleared(new Observation(event.shopId(), Rule.STOCK_SHORTAGE, Subject.sku(skuId, warehouseId), why, at,
                    event.envelope()));
        }
    }
}
