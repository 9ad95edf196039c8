package io.shipsync.alerting.notify;

import io.shipsync.eventing.http.Page;
import io.shipsync.events.AlertSeverity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

/** Rows of {@code notification_deliveries} and their attempts, {@code notification_attempts} (the delivery log). */
@ApplicationScoped
public class DeliveryRepository {

    private static final String COLUMNS = """
            d.id, d.shop_id, d.channel_id, c.kind, d.alert_id, d.order_id, d.reason, d.severity, d.body, d.state, d.created_at,
            d.due_at""";
    // A buyer message has no channel.
    private static final String FROM = " FROM notification_deliveries d LEFT JOIN notification_channels c"
            + " ON c.shop_id = d.shop_id AND c.channel_id = d.channel_id";

    private final Session session;

    DeliveryRepository(Session session) {
        this.session = session;
    }

    /**
     * A PENDING delivery.
     *
     * @param channelId null for a buyer message (no channel)
     * @param alertId   null for a test message
     * @param orderId   the order of a buyer reminder or message; else null
     */
    public long create(String shopId, String channelId, Long alertId, String orderId, Delivery.Reason reason,
                       AlertSeverity severity, String body, Instant createdAt, Instant dueAt) {
        return session.createNativeQuery("""
                        INSERT INTO notification_deliveries (shop_id, channel_id, alert_id, order_id, reason, severity, body, state,
                                                             created_at, due_at)
                        VALUES (?1, CAST(?2 AS varchar), CAST(?3 AS bigint), CAST(?4 AS varchar), ?5, ?6, ?7, 'PENDING', ?8, ?9)
                        RETURNING id""", Long.class)
                .setParameter(1, shopId).setParameter(2, channelId).setParameter(3, alertId).setParameter(4, orderId)
                .setParameter(5, reason.name()).setParameter(6, severity.name()).setParameter(7, body)
                .setParameter(8, createdAt).setParameter(9, dueAt).getSingleResult();
    }

    public Optional<Delivery> find(String shopId, long id) {
        return session.createNativeQuery("SELECT " + COLUMNS + FROM + " WHERE d.shop_id = ?1 AND d.id = ?2", Tuple.class)
                .setParameter(1, shopId).setParameter(2, id).getResultList().stream().findFirst()
                .map(r -> delivery(r, attempts(List.of(id)).getOrDefault(id, List.of())));
    }

    /**
     * Opens the next attempt of a PENDING delivery as SENDING, its channel's row (if it has one) locked by the caller;
     * its number, or empty when the delivery is no longer pending.
     */
    public Optional<Integer> startAttempt(Delivery delivery, Instant at) {
        List<Integer> attempt = session.createNativeQuery("""
                        UPDATE notification_deliveries SET attempts = attempts + 1 WHERE id = ?1 AND state = 'PENDING'
                        RETURNING attempts""", Integer.class).setParameter(1, delivery.id()).getResultList();
        attempt.forEach(n -> session.createNativeQuery("""
                        INSERT INTO notification_attempts (delivery_id, attempt, shop_id, channel_id, outcome, at)
                        VALUES (?1, ?2, ?3, CAST(?4 AS varchar), 'SENDING', ?5)""")
                .setParameter(1, delivery.id()).setParameter(2, n).setParameter(3, delivery.shopId())
                .setParameter(4, delivery.channelId()).setParameter(5, at).executeUpdate());
        return attempt.stream().findFirst();
    }

    /** Attempts on the channel since {@code since}, the oldest of them first: what its rate limit counts. */
    public List<Instant> attemptsSince(String shopId, String channelId, Instant since) {
        return session.createNativeQuery("""
                        SELECT at FROM notification_attempts WHERE shop_id = ?1 AND channel_id = ?2 AND at > ?3 ORDER BY at""",
                        Instant.class).setParameter(1, shopId).setParameter(2, channelId).setParameter(3, since).getResultList();
    }

    /** Completes an attempt with the channel's answer, and the delivery with its state (PENDING while retrying). */
    public void finishAttempt(long deliveryId, int attempt, ChannelSender.Sent sent, Delivery.State state) {
        session.createNativeQuery("""
                        UPDATE notification_attempts SET outcome = ?3, http_status = ?4, answer_code = ?5, error = ?6
                        WHERE delivery_id = ?1 AND attempt = ?2""")
                .setParameter(1, deliveryId).setParameter(2, attempt).setParameter(3, sent.outcome().name())
                .setParameter(4, sent.httpStatus()).setParameter(5, sent.answerCode()).setParameter(6, sent.error())
                .executeUpdate();
        session.createNativeQuery("UPDATE notification_deliveries SET state = ?2 WHERE id = ?1")
                .setParameter(1, deliveryId).setParameter(2, state.name()).executeUpdate();
    }

    /** A page of the shop's deliveries, newest first, each with its attempts. */
    public Page<Delivery> find(String shopId, Long alertId, String channelId, Delivery.State state, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE d.shop_id = ?1");
        List<Object> parameters = new ArrayList<>(List.of(shopId));
        if (alertId != null) {
            parameters.add(alertId);
            where.append(" AND d.alert_id = ?").append(parameters.size());
        }
        if (channelId != null) {
            parameters.add(channelId);
            where.append(" AND d.channel_id = ?").append(parameters.size());
        }
        if (state != null) {
            parameters.add(state.name());
            where.append(" AND d.state = ?").append(parameters.size());
        }
        NativeQuery<Tuple> select = session.createNativeQuery("SELECT " + COLUMNS + FROM + where
                + " ORDER BY d.id DESC LIMIT " + size + " OFFSET " + Page.offset(page, size), Tuple.class);
        NativeQuery<Long> count = session.createNativeQuery("SELECT count(*)" + FROM + where, Long.class);
        for (int i = 0; i < parameters.size(); i++) {
            select.setParameter(i + 1, parameters.get(i));
            count.setParameter(i + 1, parameters.get(i));
        }
        List<Tuple> rows = select.getResultList();
        Map<Long, List<Delivery.Attempt>> attempts = attempts(rows.stream().map(r -> r.get("id", Long.class)).toList());
        return new Page<>(rows.stream().map(r -> delivery(r, attempts.getOrDefault(r.get("id", Long.class), List.of())))
                .toList(), page, size, count.getSingleResult());
    }

    private Map<Long, List<Delivery.Attempt>> attempts(List<Long> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return Map.of();
        }
        List<Tuple> rows = session.createNativeQuery("""
                        SELECT delivery_id, attempt, outcome, http_status, answer_code, error, at FROM notification_attempts
                        WHERE delivery_id = ANY(CAST(?1 AS bigint[])) ORDER BY delivery_id, attempt""", Tuple.class)
                .setParameter(1, deliveryIds.toArray(Long[]::new)).getResultList();
        return rows.stream().collect(Collectors.groupingBy(r -> r.get("delivery_id", Long.class),
                Collectors.mapping(r -> new Delivery.Attempt(r.get("attempt", Integer.class),
                        Delivery.Outcome.valueOf(r.get("outcome", String.class)), r.get("http_status", Integer.class),
                        r.get("answer_code", String.class), r.get("error", String.class), r.get("at", Instant.class)),
                        Collectors.toList())));
    }

    private static Delivery delivery(Tuple r, List<Delivery.Attempt> attempts) {
        return new Delivery(r.get("id", Long.class), r.get("shop_id", String.class), r.get("channel_id", String.class),
                r.get("kind", String.class) == null ? null : ChannelKind.valueOf(r.get("kind", String.class)),
                r.get("alert_id", Long.class), r.get("order_id", String.class),
                Delivery.Reason.valueOf(r.get("reason", String.class)), AlertSeverity.valueOf(r.get("severity", String.class)),
                r.get("body", String.class), Delivery.State.valueOf(r.get("state", String.class)),
                r.get("created_at", Instant.class), r.get("due_at", Instant.class), attempts);
    }
}
