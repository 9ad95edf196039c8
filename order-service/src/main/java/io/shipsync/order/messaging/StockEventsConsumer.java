package io.shipsync.order.messaging;

import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.events.MalformedEventException;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockShortage;
import io.shipsync.order.Holds;
import io.shipsync.order.Order;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A stock shortage holds the order at 待发货; stock coming back releases it. */
@ApplicationScoped
public class StockEventsConsumer {

    private final Inbox inbox;
    private final Holds holds;

    StockEventsConsumer(Inbox inbox, Holds holds) {
        this.inbox = inbox;
        this.holds = holds;
    }

    @Incoming("stock-events")
    @Blocking
    @Retry(maxRetries = 3, delay = 200, abortOn = MalformedEventException.class)
    public void on(ConsumerRecord<String, String> record) {
        inbox.receive(record, event -> {
            if (event.payload() instanceof StockShortage shortage && Order.find(event.shopId(), shortage.orderId()).isPresent()) {
                holds.hold(shortage.orderId(), Holds.Reason.STOCK_SHORTAGE, "SKU " + shortage.skuId() + ": "
                        + shortage.requested() + " needed, " + shortage.available() + " available",
                        shortage.skuId(), shortage.requested());
            } else if (event.payload() instanceof StockChanged changed) {
                holds.releaseCoveredShortages(event.shopId(), changed.skuId(), changed.available());
            }
        });
    }
}
