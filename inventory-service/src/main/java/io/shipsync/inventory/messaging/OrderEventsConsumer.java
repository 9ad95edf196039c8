package io.shipsync.inventory.messaging;

import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.MalformedEventException;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects order events into this service's demand table, once per event. */
@ApplicationScoped
public class OrderEventsConsumer {

    private final Inbox inbox;
    private final EntityManager entityManager;

    OrderEventsConsumer(Inbox inbox, EntityManager entityManager) {
        this.inbox = inbox;
        this.entityManager = entityManager;
    }

    @Incoming("order-events")
    @Blocking
    @Retry(maxRetries = 3, delay = 200, abortOn = MalformedEventException.class)
    public void on(ConsumerRecord<String, String> record) {
        inbox.receive(record, this::apply);
    }

    private void apply(ReceivedEvent event) {
        if (event.payload() instanceof OrderPlaced placed) {
            List<OrderItem> items = placed.items();
            for (int line = 0; line < items.size(); line++) {
                entityManager.createNativeQuery("""
                        INSERT INTO order_demand (order_id, line_no, shop_id, sku_id, quantity, placed_at, event_id)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)""")
                        .setParameter(1, placed.orderId())
                        .setParameter(2, line)
                        .setParameter(3, event.shopId())
                        .setParameter(4, items.get(line).skuId())
                        .setParameter(5, items.get(line).quantity())
                        .setParameter(6, placed.paidAt())
                        .setParameter(7, event.envelope().eventId())
                        .executeUpdate();
            }
        }
    }
}
