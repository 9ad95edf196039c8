package io.shipsync.eventing.relay;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Relay lag as every replica sees it: the outbox holds exactly the events not yet acknowledged by
 * Kafka, so its size and the age of its oldest row are the lag, whichever replica relays. Lag says the
 * broker or the relay is behind, not that this replica cannot serve (it still takes requests and pushes,
 * which wait in the outbox), so the check stays UP: the details and the metrics carry the lag, and
 * {@code lagging} turns true beyond {@code shipsync.relay.max-lag} for alerting. Whether the database
 * answers is the datasource's own readiness check.
 */
@Readiness
@ApplicationScoped
public class RelayHealthCheck implements HealthCheck {

    private final DataSource dataSource;
    private final RelayLeadership leadership;
    private final RelayConfig config;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final AtomicLong slotLagBytes = new AtomicLong();

    RelayHealthCheck(DataSource dataSource, RelayLeadership leadership, RelayConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.leadership = leadership;
        this.config = config;
        Gauge.builder("shipsync.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox events not yet acknowledged by Kafka").register(registry);
        Gauge.builder("shipsync.outbox.oldest.age.seconds", oldestAgeMillis, a -> a.get() / 1000.0)
                .description("Age of the oldest outbox event not yet acknowledged by Kafka").register(registry);
        Gauge.builder("shipsync.relay.slot.lag.bytes", slotLagBytes, AtomicLong::get)
                .description("WAL the relay's replication slot has not confirmed yet").register(registry);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox-relay")
                .withData("role", leadership.role().name())
                .withData("slot", leadership.slotName());
        try {
            sample();
        } catch (SQLException e) {
            return response.up().withData("error", e.getMessage()).build();
        }
        return response.up()
                .withData("lagging", oldestAgeMillis.get() > config.maxLag().toMillis())
                .withData("backlog", backlog.get())
                .withData("oldestAgeMillis", oldestAgeMillis.get())
                .withData("slotLagBytes", slotLagBytes.get())
                .build();
    }

    @Scheduled(every = "${shipsync.relay.monitor-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshMetrics() {
        try {
            sample();
        } catch (SQLException e) {
            // The next sample retries; readiness reports the error meanwhile.
        }
    }

    private void sample() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement outbox = connection.prepareStatement("""
                     SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)) * 1000, 0)::bigint FROM outbox""");
             PreparedStatement slot = connection.prepareStatement("""
                     SELECT coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint
                     FROM pg_replication_slots WHERE slot_name = ?""")) {
            try (ResultSet rows = outbox.executeQuery()) {
                rows.next();
                backlog.set(rows.getLong(1));
                oldestAgeMillis.set(rows.getLong(2));
            }
            slot.setString(1, leadership.slotName());
            try (ResultSet rows = slot.executeQuery()) {
                slotLagBytes.set(rows.next() ? rows.getLong(1) : 0);
            }
        }
    }
}
