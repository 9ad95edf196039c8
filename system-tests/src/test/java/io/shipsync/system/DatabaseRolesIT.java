package io.shipsync.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shipsync.infra.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Least privilege as deploy/local/prepare-postgres.sh leaves the machine (CI runs it before the tests): each
 * service's role owns its database, may replicate (the outbox relay's slot) and nothing more, and is refused at
 * the door of every other service's database.
 */
class DatabaseRolesIT {

    private static final List<String> SERVICES = List.of("order-service", "logistics-service", "inventory-service",
            "alerting-service");
    /** PostgreSQL's insufficient_privilege: "permission denied for database". */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Test
    void eachServiceRoleReachesItsOwnDatabaseAlone() throws SQLException {
        for (String service : SERVICES) {
            String role = TestDatabase.serviceRole(service);
            try (Connection own = DriverManager.getConnection(TestDatabase.jdbcUrl(role), role, "")) {
                assertThat(own.getMetaData().getUserName()).isEqualTo(role);
            }
            assertThat(TestDatabase.ownerOf(role)).as("owner of database " + role).isEqualTo(role);
            for (String other : SERVICES) {
                String otherDatabase = TestDatabase.serviceRole(other);
                if (!otherDatabase.equals(role)) {
                    assertThatThrownBy(() -> DriverManager.getConnection(TestDatabase.jdbcUrl(otherDatabase), role, "").close())
                            .as(role + " connecting to " + otherDatabase)
                            .isInstanceOfSatisfying(SQLException.class,
                                    e -> assertThat(e.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE))
                            .hasMessageContaining("permission denied for database");
                }
            }
        }
    }

    @Test
    void serviceRolesMayReplicateAndNothingMore() throws SQLException {
        try (Connection admin = DriverManager.getConnection(TestDatabase.jdbcUrl("postgres"), TestDatabase.USER,
                TestDatabase.PASSWORD);
             PreparedStatement attributes = admin.prepareStatement("""
                     SELECT rolcanlogin, rolreplication, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls
                       FROM pg_roles WHERE rolname = ?""")) {
            for (String service : SERVICES) {
                String role = TestDatabase.serviceRole(service);
                attributes.setString(1, role);
                try (ResultSet found = attributes.executeQuery()) {
                    assertThat(found.next()).as("role " + role + " exists").isTrue();
                    assertThat(found.getBoolean("rolcanlogin")).as(role + " can log in").isTrue();
                    assertThat(found.getBoolean("rolreplication")).as(role + " may replicate").isTrue();
                    assertThat(found.getBoolean("rolsuper")).as(role + " is superuser").isFalse();
                    assertThat(found.getBoolean("rolcreatedb")).as(role + " may create databases").isFalse();
                    assertThat(found.getBoolean("rolcreaterole")).as(role + " may create roles").isFalse();
                    assertThat(found.getBoolean("rolbypassrls")).as(role + " bypasses row security").isFalse();
                }
            }
        }
    }
}
