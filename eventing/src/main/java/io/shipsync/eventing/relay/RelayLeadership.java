package io.shipsync.eventing.relay;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.shipsync.eventing.security.KafkaSecurity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes sure exactly one replica of a service relays its outbox. The replica holding a PostgreSQL
 * session-level advisory lock runs the {@link OutboxRelay}; the others retry every poll interval. The
 * lock lives on a dedicated connection: when the leader dies its session ends, the lock is released and
 * a standby takes over. A leader that loses its lock connection stops relaying at once, and the
 * replication slot's own exclusivity keeps two engines from streaming even in that window.
 */
@ApplicationScoped
public class RelayLeadership {

    private static final Logger LOG = Logger.getLogger(RelayLeadership.class);

    /** What this replica does for the relay. */
    public enum Role { LEADER, STANDBY, DISABLED }

    private final RelayConfig config;
    private final DataSource dataSource;
    private final MeterRegistry registry;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String bootstrapServers;
    private final Map<String, String> kafkaSecurity;
    private volatile Role role = Role.DISABLED;
    private volatile boolean running;
    private Thread thread;
    private Connection lockConnection;
    private OutboxRelay relay;
    private Instant stoppedSince;

    RelayLeadership(RelayConfig config, DataSource dataSource, MeterRegistry registry,
                    @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
                    @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                    @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String kafka,
                    KafkaSecurity kafkaSecurity) {
        this.config = config;
        this.dataSource = dataSource;
        this.registry = registry;
        this.jdbcUrl = jdbcUrl;
        this.user = user.orElse("");
        this.password = password.orElse("");
        this.bootstrapServers = config.bootstrapServers().orElse(kafka);
        this.kafkaSecurity = kafkaSecurity.settings();
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("shipsync.relay.leader", this, l -> l.role == Role.LEADER ? 1 : 0)
                .description("1 while this replica relays the outbox").register(registry);
        if (!config.enabled()) {
            LOG.info("Outbox relay disabled on this replica");
            return;
        }
        role = Role.STANDBY;
        running = true;
        thread = new Thread(this::lead, "outbox-relay-leadership");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(40_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public Role role() {
        return role;
    }

    public String slotName() {
        return config.slotName().orElseGet(() -> defaultSlotName(jdbcUrl));
    }

    private void lead() {
        while (running) {
            try {
                if (relay == null) {
                    if (tryLock()) {
                        LOG.infof("This replica now relays the outbox (slot %s)", slotName());
                        role = Role.LEADER;
                        startRelay();
                    }
                } else if (!lockConnection.isValid(2)) {
                    throw new SQLException("lost the relay lock connection");
                } else if (relay.stopped()) {
                    restartAfterBackoff();
                }
            } catch (SQLException e) {
                LOG.warnf("Outbox relay leadership lost or unavailable: %s", e.getMessage());
                stepDown();
            }
            try {
                Thread.sleep(config.leaderPollInterval().toMillis());
            } catch (InterruptedException e) {
                break; // the service is stopping
            }
        }
        // Stop the engine from a thread that is not interrupted: an interrupted close gives up waiting for the
        // engine's task, which then lives on, retrying on the slot, beside the next engine of the same slot.
        Thread.interrupted();
        stepDown();
    }

    private boolean tryLock() throws SQLException {
        if (lockConnection == null || lockConnection.isClosed()) {
            lockConnection = openLockConnection();
        }
        try (PreparedStatement lock = lockConnection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            lock.setString(1, "shipsync-relay:" + slotName());
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /**
     * The session that holds the lock. A leader whose host dies sends no FIN, so the server would keep the
     * session, and the lock, until the kernel's keepalive (2 h by default) noticed; the session's own keepalive
     * and user timeout bring that under {@code lock-session-timeout}. The socket timeout makes the leader's own
     * self-check fail just as fast when the server is the one that vanished.
     */
    Connection openLockConnection() throws SQLException {
        long timeout = Math.max(4, config.lockSessionTimeout().toSeconds());
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("socketTimeout", Long.toString(timeout));
        properties.setProperty("connectTimeout", Long.toString(timeout));
        Connection connection = DriverManager.getConnection(jdbcUrl, properties);
        connection.setAutoCommit(true);
        try (var session = connection.createStatement()) {
            session.execute("SET tcp_keepalives_idle = " + timeout / 4);
            session.execute("SET tcp_keepalives_interval = " + timeout / 4);
            session.execute("SET tcp_keepalives_count = 3");
            session.execute("SET tcp_user_timeout = " + timeout * 1000);
        }
        return connection;
    }

    private void startRelay() {
        relay = new OutboxRelay(new OutboxRelay.Settings(jdbcUrl, user, password, slotName(), config.publicationName(),
                bootstrapServers, kafkaSecurity, config.pollInterval(), config.offsetFlushInterval(), config.heartbeatInterval()),
                dataSource, registry);
        relay.start();
        stoppedSince = null;
    }

    private void restartAfterBackoff() {
        if (stoppedSince == null) {
            stoppedSince = Instant.now();
            return;
        }
        if (Instant.now().isAfter(stoppedSince.plus(config.restartBackoff()))) {
            LOG.infof("Restarting the outbox relay after: %s", String.valueOf(relay.failure()));
            relay.stop();
            startRelay();
        }
    }

    private void stepDown() {
        if (relay != null) {
            relay.stop();
            relay = null;
        }
        if (lockConnection != null) {
            try {
                lockConnection.close(); // ends the session, which releases the advisory lock
            } catch (SQLException ignored) {
                // the session is gone either way
            }
            lockConnection = null;
        }
        role = config.enabled() && running ? Role.STANDBY : Role.DISABLED;
    }

    /** Slots are cluster-wide while databases are per service (and per test run): name the slot after both. */
    static String defaultSlotName(String jdbcUrl) {
        String path = jdbcUrl.replaceFirst("^jdbc:postgresql://[^/]*/", "").replaceFirst("\\?.*$", "");
        return ("shipsync_relay_" + path).toLowerCase().replaceAll("[^a-z0-9_]", "_");
    }
}
