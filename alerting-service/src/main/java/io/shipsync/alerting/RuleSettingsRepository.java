package io.shipsync.alerting;

import io.shipsync.events.AlertSeverity;
import io.shipsync.events.StockLevel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hibernate.Session;

/** Rows of {@code alert_rules}: the rules a shop has set for itself. */
@ApplicationScoped
public class RuleSettingsRepository {

    private static final String SELECT = """
            SELECT rule, enabled, severity, window_minutes, level, array_to_string(ladder_minutes, ',') AS ladder_minutes,
                   updated_at, updated_by
            FROM alert_rules\s""";

    private final Session session;

    RuleSettingsRepository(Session session) {
        this.session = session;
    }

    public Optional<RuleBook.Effective> find(String shopId, Rule rule) {
        return session.createNativeQuery(SELECT + "WHERE shop_id = ?1 AND rule = ?2", Tuple.class)
                .setParameter(1, shopId).setParameter(2, rule.name())
                .getResultList().stream().findFirst().map(RuleSettingsRepository::effective);
    }

    public List<RuleBook.Effective> ofShop(String shopId) {
        return session.createNativeQuery(SELECT + "WHERE shop_id = ?1", Tuple.class).setParameter(1, shopId)
                .getResultList().stream().map(RuleSettingsRepository::effective).toList();
    }

    public void save(String shopId, Rule rule, RuleSettings settings, String by, Instant at) {
        session.createNativeQuery("""
                INSERT INTO alert_rules (shop_id, rule, enabled, severity, window_minutes, level, ladder_minutes, updated_at,
                                         updated_by)
                VALUES (?1, ?2, ?3, ?4, CAST(?5 AS int), CAST(?6 AS varchar), CAST(string_to_array(CAST(?9 AS varchar), ',') AS int[]),
                        ?7, ?8)
                ON CONFLICT (shop_id, rule) DO UPDATE SET enabled = EXCLUDED.enabled, severity = EXCLUDED.severity,
                  window_minutes = EXCLUDED.window_minutes, level = EXCLUDED.level, ladder_minutes = EXCLUDED.ladder_minutes,
                  updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by""")
                .setParameter(1, shopId).setParameter(2, rule.name()).setParameter(3, settings.enabled())
                .setParameter(4, settings.severity().name())
                .setParameter(5, settings.window() == null ? null : (int) settings.window().toMinutes())
                .setParameter(6, settings.level() == null ? null : settings.level().name())
                .setParameter(7, at).setParameter(8, by)
                .setParameter(9, settings.ladder() == null ? null : settings.ladder().stream()
                        .map(threshold -> String.valueOf(threshold.toMinutes())).collect(Collectors.joining(",")))
                .executeUpdate();
    }

    private static RuleBook.Effective effective(Tuple r) {
        Integer windowMinutes = r.get("window_minutes", Integer.class);
        String level = r.get("level", String.class);
        String ladderMinutes = r.get("ladder_minutes", String.class);
        RuleSettings settings = new RuleSettings(r.get("enabled", Boolean.class),
                AlertSeverity.valueOf(r.get("severity", String.class)),
                windowMinutes == null ? null : Duration.ofMinutes(windowMinutes),
                level == null ? null : StockLevel.valueOf(level),
                ladderMinutes == null ? null : Arrays.stream(ladderMinutes.split(","))
                        .map(minutes -> Duration.ofMinutes(Long.parseLong(minutes))).toList());
        return new RuleBook.Effective(Rule.valueOf(r.get("rule", String.class)), settings, RuleBook.Source.SHOP,
                r.get("updated_at", Instant.class), r.get("updated_by", String.class));
    }
}
