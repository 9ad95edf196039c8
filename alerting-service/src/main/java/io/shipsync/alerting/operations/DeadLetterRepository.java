package io.shipsync.alerting.operations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.Session;

/** The dead-letter family of the read model: {@code ops_dead_letters}, one row per letter, by its Kafka coordinates. */
@ApplicationScoped
public class DeadLetterRepository {

    /**
     * A dead letter as read from a service's dead-letter topic.
     *
     * @param service     the service that dead-lettered it, from the topic's name
     * @param originTopic the topic the event came from, when the letter says
     * @param reason      why the service gave up on it
     * @param deadAt      the letter's record time
     */
    public record DeadLetter(String dlqTopic, int dlqPartition, long dlqOffset, String shopId, String service, UUID eventId,
                             String eventType, String originTopic, String reason, Instant deadAt) {
    }

    private final Session session;

    DeadLetterRepository(Session session) {
        this.session = session;
    }

    /** Records the letter; false when it was recorded before (the topic read again). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean recordOnce(DeadLetter letter) {
        return session.createNativeQuery("""
                        INSERT INTO ops_dead_letters (dlq_topic, dlq_partition, dlq_offset, shop_id, service, event_id, event_type,
                                                      origin_topic, reason, dead_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS uuid), ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING""")
                .setParameter(1, letter.dlqTopic()).setParameter(2, letter.dlqPartition()).setParameter(3, letter.dlqOffset())
                .setParameter(4, letter.shopId()).setParameter(5, letter.service())
                .setParameter(6, letter.eventId() == null ? null : letter.eventId().toString())
                .setParameter(7, letter.eventType()).setParameter(8, letter.originTopic()).setParameter(9, letter.reason())
                .setParameter(10, letter.deadAt()).executeUpdate() == 1;
    }
}
