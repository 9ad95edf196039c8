package io.shipsync.eventing.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.EventValidator;
import io.shipsync.events.MalformedEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The idempotent consumer every service uses. A record is validated against its event's schema, then
 * the handler's effect and the inbox row for its event id commit in one transaction: a redelivered
 * event finds its row and changes nothing. An invalid record raises {@link MalformedEventException},
 * which the channel's dead-letter strategy turns into a dead-letter record with the reason.
 *
 * <pre>{@code
 * @Incoming("orders") @Blocking
 * @Retry(maxRetries = 3, delay = 200, abortOn = MalformedEventException.class)
 * void on(ConsumerRecord<String, String> record) { inbox.receive(record, this::apply); }
 * }</pre>
 */
@ApplicationScoped
public class Inbox {

    private final EntityManager entityManager;
    private final EventValidator validator;
    private final EventCodec codec;
    private final String consumer;

    Inbox(EntityManager entityManager, EventValidator validator, EventCodec codec,
          @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.entityManager = entityManager;
        this.validator = validator;
        this.codec = codec;
        this.consumer = consumer;
    }

    /** Handles the record once in effect; returns false when it had been handled before. */
    public boolean receive(ConsumerRecord<String, String> record, Consumer<ReceivedEvent> handler) {
        if (record.value() == null) {
            throw new MalformedEventException(List.of("record has no value (key " + record.key() + ")"));
        }
        EventEnvelope envelope = validator.readValid(record.value());
        DomainEvent payload = codec.payload(envelope);
        return QuarkusTransaction.joiningExisting().call(() -> {
            int inserted = entityManager.createNativeQuery("""
                    INSERT INTO inbox (consumer, event_id, event_type, received_at) VALUES (?1, ?2, ?3, now())
                    ON CONFLICT DO NOTHING""")
                    .setParameter(1, consumer)
                    .setParameter(2, envelope.eventId())
                    .setParameter(3, envelope.eventType())
                    .executeUpdate();
            if (inserted == 0) {
                return false;
            }
            handler.accept(new ReceivedEvent(envelope, payload));
            return true;
        });
    }
}
