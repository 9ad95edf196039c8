package io.shipsync.system;

import static org.awaitility.Awaitility.await;

import io.shipsync.infra.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/** Faults of the machine's PostgreSQL: a database refusing connections, the whole cluster restarted. */
final class PostgresFaults {

    private static final String CLUSTER = "main";

    private PostgresFaults() {
    }

    /**
     * The database refuses every new connection and loses the ones it had (the relay's replication session
     * included), as when it is taken away from its service.
     */
    static void refuseConnections(String database) {
        admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                        + "' AND pid <> pg_backend_pid()");
    }

    static void allowConnections(String database) {
        admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
    }

    /** {@code pg_ctlcluster … restart} of the newest cluster under /etc/postgresql; returns once it accepts connections. */
    static void restartCluster() {
        String version = newestVersion();
        try {
            // To a file, not a pipe: the postmaster it starts could inherit a pipe and keep it open for good.
            Path log = Files.createDirectories(Path.of("target", "system-tests")).resolve("pg_ctlcluster.log");
            Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "restart")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!restart.waitFor(2, TimeUnit.MINUTES)) {
                restart.destroyForcibly();
                throw new IllegalStateException("pg_ctlcluster " + version + " " + CLUSTER + " restart did not end within 2 min; see " + log);
            }
            if (restart.exitValue() != 0) {
                throw new IllegalStateException("pg_ctlcluster " + version + " " + CLUSTER + " restart failed (exit "
                        + restart.exitValue() + "); see " + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("pg_ctlcluster could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    try (Connection ignored = connect()) {
                        return true;
                    }
                });
    }

    private static String newestVersion() {
        String[] versions = new File("/etc/postgresql").list();
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("no PostgreSQL cluster under /etc/postgresql");
        }
        return Arrays.stream(versions).filter(v -> v.matches("\\d+(\\.\\d+)?"))
                .max(Comparator.comparingDouble(Double::parseDouble))
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL version under /etc/postgresql"));
    }

    private static void admin(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused " + String.join("; ", statements), e);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestDatabase.jdbcUrl("postgres"), TestDatabase.USER, TestDatabase.PASSWORD);
    }
}
