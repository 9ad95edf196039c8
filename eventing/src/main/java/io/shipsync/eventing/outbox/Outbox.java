package io.shipsync.eventing.outbox;

import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * Appends outgoing events to the service's {@code outbox} table inside the caller's transaction, so an
 * event exists exactly when the change it announces is committed. The relay publishes it to Kafka.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager entityManager;
    private final EventCodec codec;
    private final Clock clock;

    Outbox(EntityManager entityManager, EventCodec codec, Clock clock) {
        this.entityManager = entityManager;
        this.codec = codec;
        this.clock = clock;
    }

    /** Appends an event that starts a new chain (a command from the API or a platform push). */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope append(DomainEvent event, String shopId) {
        return append(event, shopId, UUID.randomUUID(), null);
    }

    /** Appends an event caused by {@code cause}: it carries the same correlation id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope append(DomainEvent event, EventEnvelope cause) {
        return append(event, cause.shopId(), cause.correlationId(), cause.eventId());
    }

    private EventEnvelope append(DomainEvent event, String shopId, UUID correlationId, UUID causationId) {
        EventEnvelope envelope = codec.envelope(event, shopId, correlationId, causationId, clock.instant());
        entityManager.createNativeQuery("""
                INSERT INTO outbox (id, aggregatetype, aggregateid, type, shop_id, payload, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS jsonb), now())""")
                .setParameter(1, envelope.eventId())
                .setParameter(2, envelope.aggregateType())
                .setParameter(3, envelope.aggregateId())
                .setParameter(4, envelope.eventType())
                .setParameter(5, envelope.shopId())
                .setParameter(6, codec.write(envelope))
                .executeUpdate();
        return envelope;
    }
}
