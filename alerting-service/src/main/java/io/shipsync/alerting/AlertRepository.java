package io.shipsync.alerting;

import io.shipsync.eventing.http.Page;
import io.shipsync.events.AlertResolution;
import io.shipsync.events.AlertSeverity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

/** Rows of {@code alerts} and {@code alert_actions}. Columns are read by name; callers get records. */
@ApplicationScoped
public class AlertRepository {

    private static final String COLUMNS = """
            id, shop_id, rule, subject_type, subject_id, severity, state, summary, repeats, raised_at, last_seen_at,
            acknowledged_at, acknowledged_by, assignee, resolved_at, resolution, resolved_by""";
    private static final String UNRESOLVED_OF_SUBJECT =
            " WHERE shop_id = ?1 AND rule = ?2 AND subject_type = ?3 AND subject_id = ?4 AND state <> 'RESOLVED'";

    private final Session session;

    AlertRepository(Session session) {
        this.session = session;
    }

    /**
     * Opens an alert for the observation, or counts a repeat on the unresolved one of its rule and subject (keeping its
     * severity, taking the newer summary). One statement, so two sightings at once still leave one alert.
     */
    public Alert raise(Observation seen, AlertSeverity severity) {
        return alert(subject(session.createNativeQuery("""
                INSERT INTO alerts (shop_id, rule, subject_type, subject_id, severity, state, summary, repeats, raised_at, last_seen_at)
                VALUES (?1, ?2, ?3, ?4, ?5, 'OPEN', ?6, 1, ?7, ?7)
                ON CONFLICT (shop_id, rule, subject_type, subject_id) WHERE state <> 'RESOLVED' DO UPDATE SET
                  repeats = alerts.repeats + 1, summary = EXCLUDED.summary,
                  last_seen_at = greatest(alerts.last_seen_at, EXCLUDED.last_seen_at)
                RETURNING\s""" + COLUMNS, Tuple.class), seen)
                .setParameter(5, severity.name()).setParameter(6, seen.note()).setParameter(7, seen.at())
                .getSingleResult());
    }

    /** Opens an alert for the observation unless one is unresolved; empty when one was. */
    public Optional<Alert> openIfNone(Observation seen, AlertSeverity severity) {
        return subject(session.createNativeQuery("""
                INSERT INTO alerts (shop_id, rule, subject_type, subject_id, severity, state, summary, repeats, raised_at, last_seen_at)
                VALUES (?1, ?2, ?3, ?4, ?5, 'OPEN', ?6, 1, ?7, ?7)
                ON CONFLICT (shop_id, rule, subject_type, subject_id) WHERE state <> 'RESOLVED' DO NOTHING
                RETURNING\s""" + COLUMNS, Tuple.class), seen)
                .setParameter(5, severity.name()).setParameter(6, seen.note()).setParameter(7, seen.at())
                .getResultList().stream().findFirst().map(AlertRepository::alert);
    }

    /** The unresolved alert of the observation's rule and subject takes its summary; empty when none is unresolved. */
    public Optional<Alert> escalate(Observation seen) {
        return subject(session.createNativeQuery("""
                UPDATE alerts SET summary = ?5, last_seen_at = greatest(last_seen_at, ?6)
                """ + UNRESOLVED_OF_SUBJECT + " RETURNING " + COLUMNS, Tuple.class), seen)
                .setParameter(5, seen.note()).setParameter(6, seen.at())
                .getResultList().stream().findFirst().map(AlertRepository::alert);
    }

    /**
     * Resolves the unresolved alert of the observation's rule and subject, its condition cleared; never before it was
     * raised, even when the clearing event's time is earlier (events from two topics arrive in either order).
     */
    public Optional<Alert> resolveCleared(Observation cleared) {
        return subject(session.createNativeQuery("""
                UPDATE alerts SET state = 'RESOLVED', resolution = 'CONDITION_CLEARED', resolved_at = greatest(?5, raised_at)
                """ + UNRESOLVED_OF_SUBJECT + " RETURNING " + COLUMNS, Tuple.class), cleared)
                .setParameter(5, cleared.at())
                .getResultList().stream().findFirst().map(AlertRepository::alert);
    }

    public Optional<Alert> find(String shopId, long id) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM alerts WHERE shop_id = ?1 AND id = ?2", Tuple.class)
                .setParameter(1, shopId).setParameter(2, id)
                .getResultList().stream().findFirst().map(AlertRepository::alert);
    }

    /** An OPEN alert becomes ACKNOWLEDGED; empty when it was not OPEN (or is not the shop's). */
    public Optional<Alert> acknowledge(String shopId, long id, String by, Instant at) {
        return session.createNativeQuery("""
                UPDATE alerts SET state = 'ACKNOWLEDGED', acknowledged_at = ?3, acknowledged_by = ?4
                WHERE shop_id = ?1 AND id = ?2 AND state = 'OPEN' RETURNING\s""" + COLUMNS, Tuple.class)
                .setParameter(1, shopId).setParameter(2, id).setParameter(3, at).setParameter(4, by)
                .getResultList().stream().findFirst().map(AlertRepository::alert);
    }

    /** An unresolved alert resolved by an operator; empty when it was resolved already. */
    public Optional<Alert> resolveByOperator(String shopId, long id, String by, Instant at) {
        return session.createNativeQuery("""
                UPDATE alerts SET state = 'RESOLVED', resolution = 'OPERATOR', resolved_at = ?3, resolved_by = ?4
                WHERE shop_id = ?1 AND id = ?2 AND state <> 'RESOLVED' RETURNING\s""" + COLUMNS, Tuple.class)
                .setParameter(1, shopId).setParameter(2, id).setParameter(3, at).setParameter(4, by)
                .getResultList().stream().findFirst().map(AlertRepository::alert);
    }

    /** An unresolved alert given to {@code assignee}; empty when it was resolved already. */
    public Optional<Alert> assign(String shopId, long id, String assignee) {
        return session.createNativeQuery("""
                UPDATE alerts SET assignee = ?3 WHERE shop_id = ?1 AND id = ?2 AND state <> 'RESOLVED' RETURNING\s"""
                        + COLUMNS, Tuple.class)
                .setParameter(1, shopId).setParameter(2, id).setParameter(3, assignee)
                .getResultList().stream().findFirst().map(AlertRepository::alert);
    }

    public void act(long alertId, AlertAction.Kind kind, String actor, String note, UUID eventId, Instant at) {
        session.createNativeQuery("""
                INSERT INTO alert_actions (alert_id, action, actor, note, event_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, alertId).setParameter(2, kind.name()).setParameter(3, actor).setParameter(4, note)
                .setParameter(5, eventId).setParameter(6, at)
                .executeUpdate();
    }

    public List<AlertAction> actions(long alertId) {
        return session.createNativeQuery("""
                SELECT id, action, actor, note, event_id, at FROM alert_actions WHERE alert_id = ?1 ORDER BY id""", Tuple.class)
                .setParameter(1, alertId).getResultList().stream()
                .map(r -> new AlertAction(r.get("id", Long.class), AlertAction.Kind.valueOf(r.get("action", String.class)),
                        r.get("actor", String.class), r.get("note", String.class), r.get("event_id", UUID.class),
                        r.get("at", Instant.class)))
                .toList();
    }

    /** A page of the shop's alerts matching the filter, the most recently raised first. */
    public Page<Alert> find(String shopId, AlertFilter filter, int page, int size) {
        Where where = Where.of(shopId, filter);
        NativeQuery<Tuple> select = session.createNativeQuery("SELECT " + COLUMNS + " FROM alerts" + where.sql
                + " ORDER BY raised_at DESC, id DESC LIMIT " + size + " OFFSET " + Page.offset(page, size), Tuple.class);
        NativeQuery<Long> count = session.createNativeQuery("SELECT count(*) FROM alerts" + where.sql, Long.class);
        where.bind(select);
        where.bind(count);
        return new Page<>(select.getResultList().stream().map(AlertRepository::alert).toList(), page, size,
                count.getSingleResult());
    }

    /** The WHERE clause of a filter and its parameters, in order. */
    private record Where(String sql, List<Object> parameters) {

        static Where of(String shopId, AlertFilter filter) {
            StringBuilder sql = new StringBuilder(" WHERE shop_id = ?1");
            List<Object> parameters = new ArrayList<>(List.of(shopId));
            if (filter.states() != null && !filter.states().isEmpty()) {
                parameters.add(filter.states().stream().map(Enum::name).toArray(String[]::new));
                sql.append(" AND state = ANY(CAST(?").append(parameters.size()).append(" AS varchar[]))");
            }
            add(sql, parameters, "rule", filter.rule() == null ? null : filter.rule().name());
            add(sql, parameters, "severity", filter.severity() == null ? null : filter.severity().name());
            add(sql, parameters, "subject_type", filter.subjectType() == null ? null : filter.subjectType().name());
            add(sql, parameters, "subject_id", filter.subjectId());
            return new Where(sql.toString(), parameters);
        }

        private static void add(StringBuilder sql, List<Object> parameters, String column, String value) {
            if (value != null) {
                parameters.add(value);
                sql.append(" AND ").append(column).append(" = ?").append(parameters.size());
            }
        }

        void bind(NativeQuery<?> query) {
            for (int i = 0; i < parameters.size(); i++) {
                query.setParameter(i + 1, parameters.get(i));
            }
        }
    }

    private static <T> NativeQuery<T> subject(NativeQuery<T> query, Observation seen) {
        return query.setParameter(1, seen.shopId()).setParameter(2, seen.rule().name())
                .setParameter(3, seen.subject().type().name()).setParameter(4, seen.subject().id());
    }

    /** An {@code alerts} row (every column) as an Alert; the report reads alerts with it too. */
    public static Alert alert(Tuple r) {
        String resolution = r.get("resolution", String.class);
        return new Alert(r.get("id", Long.class), r.get("shop_id", String.class), Rule.valueOf(r.get("rule", String.class)),
                new Subject(SubjectType.valueOf(r.get("subject_type", String.class)), r.get("subject_id", String.class)),
                AlertSeverity.valueOf(r.get("severity", String.class)), AlertState.valueOf(r.get("state", String.class)),
                r.get("summary", String.class), r.get("repeats", Integer.class), r.get("raised_at", Instant.class),
                r.get("last_seen_at", Instant.class), r.get("acknowledged_at", Instant.class),
                r.get("acknowledged_by", String.class), r.get("assignee", String.class), r.get("resolved_at", Instant.class),
                resolution == null ? null : AlertResolution.valueOf(resolution), r.get("resolved_by", String.class));
    }
}
