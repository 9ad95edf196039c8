package io.shipsync.eventing.probe;

import io.shipsync.events.MalformedEventException;
import io.shipsync.events.OrderPlaced;
import io.shipsync.eventing.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Counts how often each order's OrderPlaced took effect: more than once would be a duplicate effect. */
@ApplicationScoped
public class ProbeConsumer {

    private final Inbox inbox;
    private final EntityManager entityManager;

    ProbeConsumer(Inbox inbox, EntityManager entityManager) {
        this.inbox = inbox;
        this.entityManager = entityManager;
    }

    @Incoming("probe")
    @Blocking
    @Retry(maxRetries = 2, delay = 100, abortOn = MalformedEventException.class)
    public void on(ConsumerRecord<String, String> record) {
        inbox.receive(record, event -> {
            if (event.payload() instanceof OrderPlaced placed) {
                entityManager.createNativeQuery("""
                        INSERT INTO probe_projection (order_id, times_applied) VALUES (?1, 1)
                        ON CONFLICT (order_id) DO UPDATE SET times_applied = probe_projection.times_applied + 1""")
                        .setParameter(1, placed.orderId())
                        .executeUpdate();
            }
        });
    }
}
