package io.shipsync.eventing.probe;

import io.shipsync.events.OrderPlaced;
import io.shipsync.eventing.failure.InvariantViolation;
import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Counts how often each order's OrderPlaced took effect: more than once would be a duplicate effect. */
@ApplicationScoped
public class ProbeConsumer implements EventConsumer {

    private final Inbox inbox;
    private final EntityManager entityManager;

    ProbeConsumer(Inbox inbox, EntityManager entityManager) {
        this.inbox = inbox;
        this.entityManager = entityManager;
    }

    @Incoming("probe")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.receive(record, this);
    }

    @Override
    public String channel() {
        return "probe";
    }

    /** An order id starting with {@code poison-} breaks an invariant until {@link #poisonCured} says otherwise. */
    @Override
    public void apply(ReceivedEvent event) {
        if (event.payload() instanceof OrderPlaced placed) {
            if (placed.orderId().startsWith("poison-") && !poisonCured) {
                throw new InvariantViolation("probe refuses " + placed.orderId());
            }
            entityManager.createNativeQuery("""
                    INSERT INTO probe_projection (order_id, times_applied) VALUES (?1, 1)
                    ON CONFLICT (order_id) DO UPDATE SET times_applied = probe_projection.times_applied + 1""")
                    .setParameter(1, placed.orderId())
                    .executeUpdate();
        }
    }

    /** Stands for the fix deployed before a redrive. */
    public static volatile boolean poisonCured;
}
