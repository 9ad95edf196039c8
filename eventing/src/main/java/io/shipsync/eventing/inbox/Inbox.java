package io.shipsync.eventing.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.shipsync.eventing.failure.FailureKind;
import io.shipsync.eventing.failure.Failures;
import io.shipsync.eventing.failure.TransientFailure;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.EventValidator;
import io.shipsync.events.MalformedEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The idempotent consumer every service uses. A record is validated against its event's schema, then the
 * consumer's effect and the inbox row for its event id commit in one transaction: a redelivered event finds
 * its row and changes nothing.
 * <p>
 * Failures are sorted once, here, by {@link Failures#classify}. A record that can never succeed
 * (undecodable, schema-invalid, unknown version, a broken invariant) is thrown to the channel's failure
 * strategy, which dead-letters it with the reason. A record that fails because a dependency is down waits:
 * it is tried again with capped, jittered backoff on the same thread, so its partition goes no further and
 * no offset past it is committed, for as long as the outage lasts ({@link ConsumerStalls} shows it). An
 * unknown failure is tried {@code shipsync.consumer.unknown-attempts} times, then dead-lettered for a fix
 * and a redrive.
 */
@ApplicationScoped
public class Inbox {

    private final EntityManager entityManager;
    private final EventValidator validator;
    private final EventCodec codec;
    private final ConsumerStalls stalls;
    private final ConsumerConfig config;
    private final String consumer;
    private volatile boolean stopping;

    Inbox(EntityManager entityManager, EventValidator validator, EventCodec codec, ConsumerStalls stalls,
          ConsumerConfig config, @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.entityManager = entityManager;
        this.validator = validator;
        this.codec = codec;
        this.stalls = stalls;
        this.config = config;
        this.consumer = consumer;
    }

    /** The service is going down: a waiting record stops waiting, uncommitted, for the next owner of its partition. */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Thrown to the failure strategy when the service stops while a record waits; never dead-lettered. */
    public static final class ConsumerStopping extends RuntimeException implements TransientFailure {
        ConsumerStopping(Throwable last) {
            super("the service is stopping while the record waits", last);
        }
    }

    /** Handles the record once in effect, waiting out transient failures; returns false when it had been handled before. */
    public boolean receive(ConsumerRecord<String, String> record, EventConsumer handler) {
        ReceivedEvent event = read(record);
        String topicPartition = record.topic() + "-" + record.partition();
        int unknownFailures = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                boolean applied = QuarkusTransaction.requiringNew().call(() -> applyOnce(event, handler));
                stalls.cleared(topicPartition);
                return applied;
            } catch (RuntimeException e) {
                FailureKind kind = Failures.classify(e);
                if (kind == FailureKind.PERMANENT || (kind == FailureKind.UNKNOWN && ++unknownFailures >= config.unknownAttempts())) {
                    stalls.cleared(topicPartition);
                    throw e;
                }
                stalls.failed(topicPartition, record.offset(), kind, e);
                waitBeforeAttempt(attempt, e);
            }
        }
    }

    /** Validates a record: a malformed one can never succeed. */
    public ReceivedEvent read(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new MalformedEventException(List.of("record has no value (key " + record.key() + ")"));
        }
        EventEnvelope envelope = validator.readValid(record.value());
        DomainEvent payload = codec.payload(envelope);
        return new ReceivedEvent(envelope, payload);
    }

    /** Applies the event unless this consumer has; call inside a transaction. Returns false when it had been applied. */
    public boolean applyOnce(ReceivedEvent event, EventConsumer handler) {
        int inserted = entityManager.createNativeQuery("""
                INSERT INTO inbox (consumer, event_id, event_type, received_at) VALUES (?1, ?2, ?3, now())
                ON CONFLICT DO NOTHING""")
                .setParameter(1, consumer)
                .setParameter(2, event.envelope().eventId())
                .setParameter(3, event.envelope().eventType())
                .executeUpdate();
        if (inserted == 0) {
            return false;
        }
        handler.apply(event);
        return true;
    }

    private void waitBeforeAttempt(int attempt, RuntimeException last) {
        long cap = config.retryMax().toMillis();
        long base = Math.min(cap, config.retryInitial().toMillis() << Math.min(attempt - 1, 20));
        long until = System.currentTimeMillis() + base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        // Short naps, so a stopping service does not wait out a long backoff.
        while (System.currentTimeMillis() < until) {
            if (stopping) {
                throw new ConsumerStopping(last);
            }
            try {
                Thread.sleep(Math.min(200, Math.max(1, until - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConsumerStopping(last);
            }
        }
    }
}
