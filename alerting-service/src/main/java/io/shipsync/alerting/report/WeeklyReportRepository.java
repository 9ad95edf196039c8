package io.shipsync.alerting.report;

import io.shipsync.alerting.Alert;
import io.shipsync.alerting.AlertAction;
import io.shipsync.alerting.AlertRepository;
import io.shipsync.alerting.kpi.Period;
import io.shipsync.eventing.http.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/** Rows of {@code weekly_reports}, and the alerts a week's report lists. Columns are read by name. */
@ApplicationScoped
public class WeeklyReportRepository {

    private static final String COLUMNS = "id, shop_id, week_start, origin, generated_at, generated_by, alerts";

    private final Session session;

    WeeklyReportRepository(Session session) {
        this.session = session;
    }

    /** A week's HTML and CSV as rendered; empty when the schedule has already stored this week's report of the shop. */
    public Optional<WeeklyReport> insert(String shopId, Period week, WeeklyReport.Origin origin, Instant generatedAt,
                                         String generatedBy, int alerts, String html, byte[] csv) {
        return session.createNativeQuery("""
                INSERT INTO weekly_reports (shop_id, week_start, origin, generated_at, generated_by, alerts, html, csv)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                ON CONFLICT (shop_id, week_start) WHERE origin = 'SCHEDULE' DO NOTHING
                RETURNING\s""" + COLUMNS, Tuple.class)
                .setParameter(1, shopId).setParameter(2, week.firstDay()).setParameter(3, origin.name())
                .setParameter(4, generatedAt).setParameter(5, generatedBy).setParameter(6, alerts)
                .setParameter(7, html).setParameter(8, csv)
                .getResultList().stream().findFirst().map(WeeklyReportRepository::report);
    }

    public Optional<WeeklyReport> find(String shopId, long id) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM weekly_reports WHERE shop_id = ?1 AND id = ?2",
                        Tuple.class)
                .setParameter(1, shopId).setParameter(2, id)
                .getResultList().stream().findFirst().map(WeeklyReportRepository::report);
    }

    /** The shop's reports, the latest week first, and within a week the latest generated first. */
    public Page<WeeklyReport> find(String shopId, int page, int size) {
        List<WeeklyReport> items = session.createNativeQuery("SELECT " + COLUMNS + """
                         FROM weekly_reports WHERE shop_id = ?1
                        ORDER BY week_start DESC, id DESC LIMIT\s""" + size + " OFFSET " + Page.offset(page, size), Tuple.class)
                .setParameter(1, shopId).getResultList().stream().map(WeeklyReportRepository::report).toList();
        long total = session.createNativeQuery("SELECT count(*) FROM weekly_reports WHERE shop_id = ?1", Long.class)
                .setParameter(1, shopId).getSingleResult();
        return new Page<>(items, page, size, total);
    }

    public Optional<String> html(String shopId, long id) {
        return session.createNativeQuery("SELECT html FROM weekly_reports WHERE shop_id = ?1 AND id = ?2", String.class)
                .setParameter(1, shopId).setParameter(2, id).getResultList().stream().findFirst();
    }

    public Optional<byte[]> csv(String shopId, long id) {
        return session.createNativeQuery("SELECT csv FROM weekly_reports WHERE shop_id = ?1 AND id = ?2", byte[].class)
                .setParameter(1, shopId).setParameter(2, id).getResultList().stream().findFirst();
    }

    /**
     * Shops with anything to report for the week: an order paid, an alert raised or unresolved, or a stock difference
     * found in it.
     */
    public List<String> shopsActiveIn(Period week) {
        return session.createNativeQuery("""
                SELECT shop_id FROM ops_orders WHERE paid_at >= ?1 AND paid_at < ?2
                UNION SELECT shop_id FROM alerts WHERE raised_at < ?2 AND (resolved_at IS NULL OR resolved_at >= ?1)
                UNION SELECT shop_id FROM ops_stock_discrepancies WHERE detected_at >= ?1 AND detected_at < ?2
                ORDER BY 1""", String.class)
                .setParameter(1, week.from()).setParameter(2, week.until()).getResultList();
    }

    /**
     * Every alert of the week, oldest first: raised in it, or raised before it and not resolved when it began (still
     * open, or resolved during or after it).
     */
    public List<Alert> alertsOf(String shopId, Period week) {
        return session.createNativeQuery("""
                SELECT id, shop_id, rule, subject_type, subject_id, severity, state, summary, repeats, raised_at,
                       last_seen_at, acknowledged_at, acknowledged_by, assignee, resolved_at, resolution, resolved_by
                FROM alerts
                WHERE shop_id = ?1 AND raised_at < ?3 AND (raised_at >= ?2 OR resolved_at IS NULL OR resolved_at >= ?2)
                ORDER BY raised_at, id""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, week.from()).setParameter(3, week.until())
                .getResultList().stream().map(AlertRepository::alert).toList();
    }

    /** The actions of those alerts, each alert's oldest first: its timeline as of now. */
    public Map<Long, List<AlertAction>> actionsOf(List<Alert> alerts) {
        Map<Long, List<AlertAction>> timelines = new LinkedHashMap<>();
        if (alerts.isEmpty()) {
            return timelines;
        }
        Long[] ids = alerts.stream().map(Alert::id).toArray(Long[]::new);
        session.createNativeQuery("""
                        SELECT id, alert_id, action, actor, note, event_id, at FROM alert_actions
                        WHERE alert_id = ANY(CAST(?1 AS bigint[])) ORDER BY alert_id, id""", Tuple.class)
                .setParameter(1, ids).getResultList()
                .forEach(r -> timelines.computeIfAbsent(r.get("alert_id", Long.class), id -> new ArrayList<>())
                        .add(new AlertAction(r.get("id", Long.class), AlertAction.Kind.valueOf(r.get("action", String.class)),
                                r.get("actor", String.class), r.get("note", String.class), r.get("event_id", UUID.class),
                                r.get("at", Instant.class))));
        return timelines;
    }

    private static WeeklyReport report(Tuple r) {
        LocalDate weekStart = date(r.get("week_start"));
        return new WeeklyReport(r.get("id", Long.class), r.get("shop_id", String.class), weekStart, weekStart.plusDays(6),
                WeeklyReport.Origin.valueOf(r.get("origin", String.class)), r.get("generated_at", Instant.class),
                r.get("generated_by", String.class), r.get("alerts", Integer.class));
    }

    /** A date column as the driver hands it (java.sql.Date, or LocalDate depending on the type mapping). */
    private static LocalDate date(Object value) {
        return value instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) value;
    }
}
