package io.shipsync.infra.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Databases of their own for tests, on the machine's real PostgreSQL, so a test run never touches a
 * running demo. Host, port and user come from {@code SHIPSYNC_PG_HOST}, {@code SHIPSYNC_PG_PORT},
 * {@code SHIPSYNC_PG_USER} (defaults 127.0.0.1, 5432, postgres).
 */
public final class TestDatabase {

    public static final String HOST = env("SHIPSYNC_PG_HOST", "127.0.0.1");
    public static final String PORT = env("SHIPSYNC_PG_PORT", "5432");
    public static final String USER = env("SHIPSYNC_PG_USER", "postgres");
    public static final String PASSWORD = env("SHIPSYNC_PG_PASSWORD", "");

    private TestDatabase() {
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** Drops (with its replication slots) and creates {@code database}; fails clearly without logical WAL. */
    public static void recreate(String database) {
        recreate(database, USER);
    }

    /**
     * As {@link #recreate(String)}, the database owned by {@code owner} and closed to every other role but the
     * superuser, as deploy/local/prepare-postgres.sh leaves a service's database: a service under test then runs
     * with the privileges it has in production.
     */
    public static void recreate(String database, String owner) {
        requireSafeName(database);
        requireSafeName(owner);
        try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            try (ResultSet wal = statement.executeQuery("SHOW wal_level")) {
                wal.next();
                if (!"logical".equals(wal.getString(1))) {
                    throw new IllegalStateException("PostgreSQL runs with wal_level=" + wal.getString(1)
                            + "; the outbox relay needs logical. Run deploy/local/prepare-postgres.sh first.");
                }
            }
            releaseSlots(admin, database);
            dropSlots(admin, database);
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            requireRole(admin, owner);
            statement.execute("CREATE DATABASE " + database + " OWNER " + owner);
            statement.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare test database " + database + " on "
                    + HOST + ":" + PORT + ": " + e.getMessage(), e);
        }
    }

    /** The role a service connects as, e.g. order-service → shipsync_order (deploy/local/prepare-postgres.sh). */
    public static String serviceRole(String service) {
        return "shipsync_" + service.replaceFirst("-service$", "").replace('-', '_');
    }

    /** The role that owns {@code database}: the one its service connects as. */
    public static String ownerOf(String database) {
        try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
             PreparedStatement owner = admin.prepareStatement(
                     "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            owner.setString(1, database);
            try (ResultSet found = owner.executeQuery()) {
                if (!found.next()) {
                    throw new IllegalStateException("no database " + database);
                }
                return found.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the owner of " + database + ": " + e.getMessage(), e);
        }
    }

    private static void requireRole(Connection admin, String role) throws SQLException {
        try (PreparedStatement exists = admin.prepareStatement("SELECT count(*) FROM pg_roles WHERE rolname = ?")) {
            exists.setString(1, role);
            try (ResultSet count = exists.executeQuery()) {
                count.next();
                if (count.getLong(1) == 0) {
                    throw new IllegalStateException("PostgreSQL has no role " + role
                            + "; deploy/local/prepare-postgres.sh creates one per service. Run it first.");
                }
            }
        }
    }

    /** Releases the WAL a finished test run's slots would otherwise retain. */
    public static void dropSlots(String database) {
        try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
            dropSlots(admin, database);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop replication slots of " + database, e);
        }
    }

    /**
     * A test profile restarts the application, and the previous one's relay may still be streaming from its slot
     * for a moment; DROP DATABASE refuses while a slot is active, so its sessions are ended and awaited first.
     */
    private static void releaseSlots(Connection admin, String database) throws SQLException {
        try (PreparedStatement end = admin.prepareStatement("""
                SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = ? AND active""");
             PreparedStatement active = admin.prepareStatement("""
                SELECT count(*) FROM pg_replication_slots WHERE database = ? AND active""")) {
            end.setString(1, database);
            active.setString(1, database);
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                end.executeQuery().close();
                try (ResultSet count = active.executeQuery()) {
                    count.next();
                    if (count.getLong(1) == 0 || System.currentTimeMillis() > deadline) {
                        return;
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void dropSlots(Connection admin, String database) throws SQLException {
        try (PreparedStatement drop = admin.prepareStatement("""
                SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
                WHERE database = ? AND NOT active""")) {
            drop.setString(1, database);
            drop.executeQuery().close();
        }
    }

    private static void requireSafeName(String name) {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("unsafe database or role name: " + name);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
