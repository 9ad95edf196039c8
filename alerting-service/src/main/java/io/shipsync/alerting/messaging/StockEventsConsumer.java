package io.shipsync.alerting.messaging;

import io.shipsync.alerting.operations.OrderRepository;
import io.shipsync.alerting.operations.SkuRepository;
import io.shipsync.alerting.rule.StockDiscrepancyRule;
import io.shipsync.alerting.rule.StockFrozenRule;
import io.shipsync.alerting.rule.StockLowRule;
import io.shipsync.alerting.rule.StockShortageRule;
import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockDiscrepancy;
import io.shipsync.events.StockFrozen;
import io.shipsync.events.StockLevelCrossed;
import io.shipsync.events.StockShortage;
import io.shipsync.events.StockUnfrozen;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stock events ({@code shipsync.stock}, keyed by SKU, so one SKU's come in order): projected into the SKU's row, its
 * shortages and discrepancies, then the stock rules look at them.
 */
@ApplicationScoped
public class StockEventsConsumer implements EventConsumer {

    static final String CHANNEL = "stock-events";

    private final Inbox inbox;
    private final SkuRepository skus;
    private final OrderRepository orders;
    private final StockLowRule low;
    private final StockFrozenRule frozen;
    private final StockShortageRule shortages;
    private final StockDiscrepancyRule discrepancies;

    StockEventsConsumer(Inbox inbox, SkuRepository skus, OrderRepository orders, StockLowRule low, StockFrozenRule frozen,
                        StockShortageRule shortages, StockDiscrepancyRule discrepancies) {
        this.inbox = inbox;
        this.skus = skus;
        this.orders = orders;
        this.low = low;
        this.frozen = frozen;
        this.shortages = shortages;
        this.discrepancies = discrepancies;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.receive(record, this);
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void apply(ReceivedEvent event) {
        String shopId = event.shopId();
        if (event.payload() instanceof StockChanged changed) {
            skus.changed(shopId, changed);
            shortages.changed(event, changed);
        } else if (event.payload() instanceof StockShortage shortage) {
            // The order's cancel comes on another topic: its lock orders the two, and a cancel seen first settles it.
            orders.lock(shopId, shortage.orderId());
            Optional<Instant> cancelled = orders.cancelledAt(shopId, shortage.orderId());
            skus.shortage(shopId, shortage, cancelled.orElse(null));
            shortages.shortage(event, shortage, cancelled.isPresent());
        } else if (event.payload() instanceof StockLevelCrossed crossed) {
            skus.crossed(shopId, crossed);
            low.crossed(event, crossed);
        } else if (event.payload() instanceof StockFrozen froze) {
            skus.frozen(shopId, froze);
            frozen.frozen(event, froze);
        } else if (event.payload() instanceof StockUnfrozen unfroze) {
            skus.unfrozen(shopId, unfroze);
            frozen.unfrozen(event, unfroze);
        } else if (event.payload() instanceof StockDiscrepancy discrepancy) {
            skus.discrepancy(shopId, discrepancy);
            discrepancies.discrepancy(event, discrepancy);
        }
    }
}
