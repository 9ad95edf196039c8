package io.shipsync.logistics;

import io.shipsync.events.TrackingAnomalyKind;
import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/** Rows of {@code tracking_watches}, {@code tracking_checkpoints}, {@code tracking_subscriptions}, {@code tracking_pushes} and {@code tracking_findings}. */
@ApplicationScoped
public class TrackingRepository {

    private static final String SELECT_WATCH = """
            SELECT shop_id, tracking_number, carrier_code, order_id, provider, destination, destination_city, state, status,
                   carrier_state, exception_reason, last_movement_at, last_push_at, subscribed_at, queries, refusal, replaced_by,
                   created_at
            FROM tracking_watches\s""";

    private final Session session;

    TrackingRepository(Session session) {
        this.session = session;
    }

    /**
     * Starts watching a number, or watches it again after a correction moved away from it and back.
     *
     * @return whether a subscription is needed: the number was not watched, or its watch had ended
     */
    public boolean watch(String shopId, String trackingNumber, String carrierCode, String orderId, String provider,
                         String destination, String destinationCity, Instant at) {
        List<?> rows = session.createNativeQuery("""
                        INSERT INTO tracking_watches (shop_id, tracking_number, carrier_code, order_id, provider, destination,
                                                      destination_city, state, created_at, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'SUBSCRIBING', ?8, ?8)
                        ON CONFLICT (shop_id, tracking_number) DO UPDATE
                            SET state = 'SUBSCRIBING', carrier_code = EXCLUDED.carrier_code, order_id = EXCLUDED.order_id,
                                provider = EXCLUDED.provider, replaced_by = NULL, refusal = NULL, updated_at = EXCLUDED.updated_at
                            WHERE tracking_watches.state = 'MOVED'
                        RETURNING tracking_number""")
                .setParameter(1, shopId).setParameter(2, trackingNumber).setParameter(3, carrierCode).setParameter(4, orderId)
                .setParameter(5, provider).setParameter(6, destination).setParameter(7, destinationCity).setParameter(8, at)
                .getResultList();
        return !rows.isEmpty();
    }

    public Optional<TrackingWatch> find(String shopId, String trackingNumber) {
        return session.createNativeQuery(SELECT_WATCH + "WHERE shop_id = ?1 AND tracking_number = ?2", Tuple.class)
                .setParameter(1, shopId).setParameter(2, trackingNumber)
                .getResultList().stream().findFirst().map(TrackingRepository::watch);
    }

    /** The watch, locked until the transaction ends: pushes for one number are applied one at a time. */
    public Optional<TrackingWatch> lock(String shopId, String trackingNumber) {
        return session.createNativeQuery(SELECT_WATCH + "WHERE shop_id = ?1 AND tracking_number = ?2 FOR UPDATE", Tuple.class)
                .setParameter(1, shopId).setParameter(2, trackingNumber)
                .getResultList().stream().findFirst().map(TrackingRepository::watch);
    }

    /** The shops watching a number: a push for it updates each. */
    public List<String> watchers(String trackingNumber) {
        return session.createNativeQuery("SELECT shop_id FROM tracking_watches WHERE tracking_number = ?1 ORDER BY shop_id", String.class)
                .setParameter(1, trackingNumber).getResultList();
    }

    public List<TrackingWatch> ofOrder(String shopId, String orderId) {
        return session.createNativeQuery(SELECT_WATCH + "WHERE shop_id = ?1 AND order_id = ?2 ORDER BY created_at, tracking_number", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId)
                .getResultList().stream().map(TrackingRepository::watch).toList();
    }

    /** A shop's watches, most recently moved first; {@code state} and {@code status} filter when given. */
    public List<TrackingWatch> list(String shopId, TrackingWatch.State state, TrackingState status, int offset, int limit) {
        return session.createNativeQuery(SELECT_WATCH + """
                        WHERE shop_id = ?1 AND (CAST(?2 AS text) IS NULL OR state = ?2) AND (CAST(?3 AS text) IS NULL OR status = ?3)
                        ORDER BY last_movement_at DESC NULLS LAST, created_at DESC, tracking_number
                        OFFSET ?4 LIMIT ?5""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, state == null ? null : state.name())
                .setParameter(3, status == null ? null : status.name()).setParameter(4, offset).setParameter(5, limit)
                .getResultList().stream().map(TrackingRepository::watch).toList();
    }

    public long count(String shopId, TrackingWatch.State state, TrackingState status) {
        return session.createNativeQuery("""
                        SELECT count(*) FROM tracking_watches
                        WHERE shop_id = ?1 AND (CAST(?2 AS text) IS NULL OR state = ?2) AND (CAST(?3 AS text) IS NULL OR status = ?3)""",
                        Long.class)
                .setParameter(1, shopId).setParameter(2, state == null ? null : state.name())
                .setParameter(3, status == null ? null : status.name()).getSingleResult();
    }

    public void setState(String shopId, String trackingNumber, TrackingWatch.State state, String refusal, Instant at) {
        session.createNativeQuery("""
                        UPDATE tracking_watches SET state = ?3, refusal = ?4, updated_at = ?5
                        WHERE shop_id = ?1 AND tracking_number = ?2""")
                .setParameter(1, shopId).setParameter(2, trackingNumber).setParameter(3, state.name())
                .setParameter(4, refusal).setParameter(5, at).executeUpdate();
    }

    public void subscribed(String shopId, String trackingNumber, Instant at) {
        session.createNativeQuery("""
                        UPDATE tracking_watches SET state = 'WATCHING', refusal = NULL, subscribed_at = ?3, updated_at = ?3
                        WHERE shop_id = ?1 AND tracking_number = ?2 AND state IN ('SUBSCRIBING', 'REFUSED')""")
                .setParameter(1, shopId).setParameter(2, trackingNumber).setParameter(3, at).executeUpdate();
    }

    /** The watch moved to another number (a corrected declaration or a carrier switch). */
    public void moved(String shopId, String trackingNumber, String replacedBy, Instant at) {
        session.createNativeQuery("""
                        UPDATE tracking_watches SET state = 'MOVED', replaced_by = ?3, updated_at = ?4
                        WHERE shop_id = ?1 AND tracking_number = ?2""")
                .setParameter(1, shopId).setParameter(2, trackingNumber).setParameter(3, replacedBy).setParameter(4, at)
                .executeUpdate();
    }

    public void carrierCorrected(String shopId, String trackingNumber, String carrierCode, Instant at) {
        session.createNativeQuery("""
                        UPDATE tracking_watches SET carrier_code = ?3, updated_at = ?4 WHERE shop_id = ?1 AND tracking_number = ?2""")
                .setParameter(1, shopId).setParameter(2, trackingNumber).setParameter(3, carrierCode).setParameter(4, at)
                .executeUpdate();
    }

    /** The status after a push or a query: the newest checkpoint's, and when the feed last pushed ({@code pushedAt}, may be null). */
    public void pushed(String shopId, String trackingNumber, TrackingCheckpoint newest, Instant pushedAt, Instant at) {
        session.createNativeQuery("""
                        UPDATE tracking_watches
                        SET status = COALESCE(CAST(?3 AS varchar), status), carrier_state = COALESCE(CAST(?4 AS varchar), carrier_state),
                            exception_reason = CASE WHEN CAST(?3 AS varchar) IS NULL THEN exception_reason ELSE CAST(?5 AS text) END,
                            last_movement_at = COALESCE(?6, last_movement_at),
                            last_push_at = COALESCE(?8, last_push_at), updated_at = ?7
                        WHERE shop_id = ?1 AND tracking_number = ?2""")
                .setParameter(1, shopId).setParameter(2, trackingNumber)
                .setParameter(3, newest == null ? null : newest.state().name())
                .setParameter(4, newest == null ? null : newest.carrierState())
                .setParameter(5, newest == null ? null : newest.exceptionReason())
                .setParameter(6, newest == null ? null : newest.at(), Instant.class).setParameter(7, at)
                .setParameter(8, pushedAt, Instant.class).executeUpdate();
    }

    public void queried(String shopId, String trackingNumber, Instant at) {
        session.createNativeQuery("""
                        UPDATE tracking_watches SET queries = queries + 1, updated_at = ?3 WHERE shop_id = ?1 AND tracking_number = ?2""")
                .setParameter(1, shopId).setParameter(2, trackingNumber).setParameter(3, at).executeUpdate();
    }

    /** The last 4 digits of the receiver's phone as printed on the number's waybill (顺丰 subscriptions need them). */
    public Optional<String> phoneTail(String shopId, String trackingNumber) {
        return session.createNativeQuery("""
                        SELECT receiver->>'phone' FROM waybills WHERE shop_id = ?1 AND tracking_number = ?2 AND receiver IS NOT NULL""",
                        String.class)
                .setParameter(1, shopId).setParameter(2, trackingNumber).getResultList().stream()
                .filter(phone -> phone != null && phone.matches(".*[0-9]{4}"))
                .map(phone -> phone.substring(phone.length() - 4)).findFirst();
    }

    /** Subscriptions sent for a carrier's number in a calendar month ("2026-11"), across shops: the feed counts per key. */
    public long subscriptions(String provider, String carrierCode, String trackingNumber, String month) {
        return session.createNativeQuery("""
                        SELECT count(*) FROM tracking_subscriptions
                        WHERE provider = ?1 AND carrier_code = ?2 AND tracking_number = ?3 AND month = ?4""", Long.class)
                .setParameter(1, provider).setParameter(2, carrierCode).setParameter(3, trackingNumber).setParameter(4, month)
                .getSingleResult();
    }

    /** Records a subscription before it is sent, so a crash after sending still counts against the cap. */
    public long subscriptionSent(String provider, String carrierCode, String trackingNumber, String shopId, String month, Instant at) {
        return session.createNativeQuery("""
                        INSERT INTO tracking_subscriptions (provider, carrier_code, tracking_number, shop_id, month, sent_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id""", Long.class)
                .setParameter(1, provider).setParameter(2, carrierCode).setParameter(3, trackingNumber).setParameter(4, shopId)
                .setParameter(5, month).setParameter(6, at).getSingleResult();
    }

    public void subscriptionAnswered(long id, String code, String message) {
        session.createNativeQuery("UPDATE tracking_subscriptions SET answer_code = ?2, answer_message = ?3 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, code).setParameter(3, message).executeUpdate();
    }

    /** The stored history, oldest first. */
    public List<TrackingCheckpoint> checkpoints(String shopId, String trackingNumber) {
        return session.createNativeQuery("""
                        SELECT at, state, carrier_state, location, description, exception_reason FROM tracking_checkpoints
                        WHERE shop_id = ?1 AND tracking_number = ?2 ORDER BY at, entry_key""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, trackingNumber)
                .getResultList().stream().map(t -> new TrackingCheckpoint(t.get("at", Instant.class),
                        TrackingState.valueOf(t.get("state", String.class)), t.get("carrier_state", String.class),
                        t.get("location", String.class), t.get("description", String.class),
                        t.get("exception_reason", String.class))).toList();
    }

    /**
     * Writes entries new to the history, and entries a later push labelled differently: {@link TrackingHistory} keeps
     * the label that sorts last whatever the order pushes came in, and the stored history follows it.
     */
    public void saveCheckpoints(String shopId, String trackingNumber, List<TrackingCheckpoint> checkpoints) {
        for (TrackingCheckpoint c : checkpoints) {
            session.createNativeQuery("""
                            INSERT INTO tracking_checkpoints (shop_id, tracking_number, at, entry_key, state, carrier_state, location,
                                                              description, exception_reason)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                            ON CONFLICT (shop_id, tracking_number, at, entry_key) DO UPDATE
                                SET state = EXCLUDED.state, carrier_state = EXCLUDED.carrier_state, location = EXCLUDED.location,
                                    description = EXCLUDED.description, exception_reason = EXCLUDED.exception_reason""")
                    .setParameter(1, shopId).setParameter(2, trackingNumber).setParameter(3, c.at())
                    .setParameter(4, TrackingHistory.normalisedText(c.description())).setParameter(5, c.state().name())
                    .setParameter(6, c.carrierState()).setParameter(7, c.location()).setParameter(8, c.description())
                    .setParameter(9, c.exceptionReason()).executeUpdate();
        }
    }

    /** Stores a push whose signature checked, before it is acknowledged. */
    public long addPush(String provider, String trackingNumber, String payload, Instant at) {
        return session.createNativeQuery("""
                        INSERT INTO tracking_pushes (provider, tracking_number, payload, received_at) VALUES (?1, ?2, ?3, ?4)
                        RETURNING id""", Long.class)
                .setParameter(1, provider).setParameter(2, trackingNumber).setParameter(3, payload).setParameter(4, at)
                .getSingleResult();
    }

    public Optional<StoredPush> push(long id) {
        return session.createNativeQuery("SELECT id, provider, payload, received_at FROM tracking_pushes WHERE id = ?1", Tuple.class)
                .setParameter(1, id).getResultList().stream().findFirst()
                .map(t -> new StoredPush(t.get("id", Long.class), t.get("provider", String.class), t.get("payload", String.class),
                        t.get("received_at", Instant.class)));
    }

    public void pushProcessed(long id, Instant at) {
        session.createNativeQuery("UPDATE tracking_pushes SET processed_at = ?2 WHERE id = ?1 AND processed_at IS NULL")
                .setParameter(1, id).setParameter(2, at).executeUpdate();
    }

    /** Processed pushes older than {@code before}: the history they carried lives on in tracking_checkpoints. */
    public int prunePushes(Instant before) {
        return session.createNativeQuery("DELETE FROM tracking_pushes WHERE processed_at IS NOT NULL AND received_at < ?1")
                .setParameter(1, before).executeUpdate();
    }

    /**
     * Records a finding once.
     *
     * @param subject what the finding is about within the number, e.g. the entry's key; the same subject is one finding
     * @return whether it is new
     */
    public boolean addFinding(String shopId, String trackingNumber, TrackingAnomalyKind kind, String subject,
                              Instant checkpointAt, String finding, Instant at) {
        return session.createNativeQuery("""
                        INSERT INTO tracking_findings (shop_id, tracking_number, kind, subject, checkpoint_at, finding, found_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, trackingNumber).setParameter(3, kind.name()).setParameter(4, subject)
                .setParameter(5, checkpointAt, Instant.class).setParameter(6, finding).setParameter(7, at)
                .executeUpdate() == 1;
    }

    public List<Finding> findings(String shopId, String trackingNumber) {
        return session.createNativeQuery("""
                        SELECT kind, checkpoint_at, finding, found_at FROM tracking_findings
                        WHERE shop_id = ?1 AND tracking_number = ?2 ORDER BY found_at, kind, subject""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, trackingNumber)
                .getResultList().stream().map(t -> new Finding(TrackingAnomalyKind.valueOf(t.get("kind", String.class)),
                        t.get("checkpoint_at", Instant.class), t.get("finding", String.class), t.get("found_at", Instant.class)))
                .toList();
    }

    /** A push as stored. */
    public record StoredPush(long id, String provider, String payload, Instant receivedAt) {
    }

    /** A finding as recorded (物流轨迹异常). */
    public record Finding(TrackingAnomalyKind kind, Instant checkpointAt, String finding, Instant foundAt) {
    }

    private static TrackingWatch watch(Tuple t) {
        String status = t.get("status", String.class);
        return new TrackingWatch(t.get("shop_id", String.class), t.get("tracking_number", String.class),
                t.get("carrier_code", String.class), t.get("order_id", String.class), t.get("provider", String.class),
                t.get("destination", String.class), t.get("destination_city", String.class),
                TrackingWatch.State.valueOf(t.get("state", String.class)), status == null ? null : TrackingState.valueOf(status),
                t.get("carrier_state", String.class), t.get("exception_reason", String.class),
                t.get("last_movement_at", Instant.class), t.get("last_push_at", Instant.class),
                t.get("subscribed_at", Instant.class), t.get("queries", Integer.class), t.get("refusal", String.class),
                t.get("replaced_by", String.class), t.get("created_at", Instant.class));
    }
}
