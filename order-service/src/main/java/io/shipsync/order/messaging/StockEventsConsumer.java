package io.shipsync.order.messaging;

import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.HoldReason;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockShortage;
import io.shipsync.order.Holds;
import io.shipsync.order.Order;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A stock shortage holds the order at 待发货; stock coming back releases it. */
@ApplicationScoped
public class StockEventsConsumer implements EventConsumer {

    static final String CHANNEL = "stock-events";

    private final Inbox inbox;
    private final Holds holds;

    StockEventsConsumer(Inbox inbox, Holds holds) {
        this.inbox = inbox;
        this.holds = holds;
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
        if (event.payload() instanceof StockShortage shortage && Order.find(event.shopId(), shortage.orderId()).isPresent()) {
            String detail = "SKU " + shortage.skuId() + ": " + shortage.requested() + " needed, " + shortage.available()
                    + " available";
            holds.hold(event.shopId(), shortage.orderId(), HoldReason.STOCK_SHORTAGE, detail, detail,
                    shortage.skuId(), shortage.requested());
        } else if (event.payload() instanceof StockChanged changed) {
            holds.releaseCoveredShortages(event.shopId(), changed.skuId(), changed.available());
        }
    }
}
