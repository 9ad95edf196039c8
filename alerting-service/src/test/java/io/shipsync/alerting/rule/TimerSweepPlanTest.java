package io.shipsync.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestClock;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Timers are rows: 100,000 watched parcels, each with its stall ladder's timer, cost the sweep one query on the partial
 * index of due timers, whatever their number, rather than a scan and a sort of them all.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class TimerSweepPlanTest {

    private static final int WATCHED = 100_000;

    @Inject
    DataSource dataSource;
    @Inject
    TestClock clock;

    @Test
    void oneSweepOverAHundredThousandLaddersIsOneIndexScan() throws SQLException {
        String shopId = "plan-" + UUID.randomUUID().toString().substring(0, 8);
        // Far beyond any test's clock, so no sweep of the running service acts on them.
        Instant from = clock.instant().plus(Duration.ofDays(3650));
        try {
            assertThat(update("""
                    INSERT INTO rule_timers (shop_id, rule, subject_type, subject_id, timer_key, due_at)
                    SELECT ?, 'TRACKING_STALLED', 'TRACKING_NUMBER', 'SF' || (1000000000000 + n), '', ? + n * interval '1 second'
                    FROM generate_series(1, ?) n""", shopId, OffsetDateTime.ofInstant(from, ZoneOffset.UTC), WATCHED))
                    .isEqualTo(WATCHED);
            update("ANALYZE rule_timers");

            // Every one of them due: the sweep's worst case.
            List<String> plan = plan(from.plus(Duration.ofDays(2)));

            assertThat(plan).as(String.join("\n", plan)).anyMatch(line -> line.contains("Index Scan using rule_timers_due"))
                    .noneMatch(line -> line.contains("Seq Scan")).noneMatch(line -> line.contains("Sort"))
                    .anyMatch(line -> line.contains("Limit") && line.contains("rows=500 loops=1"));
        } finally {
            update("DELETE FROM rule_timers WHERE shop_id = ?", shopId);
        }
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** The sweep's own query, explained as it runs for one batch of 500. */
    private List<String> plan(Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "EXPLAIN (ANALYZE, BUFFERS) " + TimerRepository.DUE.replace("?1", "?").replace("?2", "?"))) {
            statement.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            statement.setInt(2, 500);
            List<String> lines = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
            return lines;
        }
    }
}
