package io.shipsync.inventory.messaging;

import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderCreated;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.OrderShipped;
import io.shipsync.inventory.Reservations;
import io.shipsync.inventory.platform.PlatformStock;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Order events drive reservations: placed reserves, shipped commits, cancelled releases; an unpaid order
 * (created) only moves what the platform holds. Each event takes
 * effect once (inbox) in the same transaction as its stock movements and the events they announce.
 * The channel runs one consumer per partition it is given ({@code concurrency}), each in partition order; each
 * record handled is told to {@link OrderIntake}, so platform stock corrections know what has arrived.
 */
@ApplicationScoped
public class OrderEventsConsumer implements EventConsumer {

    static final String CHANNEL = "order-events";

    private final Inbox inbox;
    private final Reservations reservations;
    private final PlatformStock platformStock;
    private final OrderIntake intake;

    OrderEventsConsumer(Inbox inbox, Reservations reservations, PlatformStock platformStock, OrderIntake intake) {
        this.inbox = inbox;
        this.reservations = reservations;
        this.platformStock = platformStock;
        this.intake = intake;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.receive(record, this);
        intake.handled(record.topic(), record.partition(), record.offset());
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (event.payload() instanceof OrderCreated created) {
            platformStock.heldByUnpaidOrder(event.envelope().shopId(), created.orderId(), created.items());
        } else if (event.payload() instanceof OrderPlaced placed) {
            reservations.reserve(event.envelope(), placed);
        } else if (event.payload() instanceof OrderShipped shipped) {
            reservations.commit(event.envelope(), shipped);
        } else if (event.payload() instanceof OrderCancelled cancelled) {
            reservations.release(event.envelope(), cancelled);
        }
    }
}
