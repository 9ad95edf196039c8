package io.shipsync.eventing.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The relay leader's lock session is set up so that PostgreSQL notices a vanished leader host within the
 * lock-session timeout (20 s by default, under the 30 s a standby may wait) rather than after the kernel's
 * two-hour keepalive: keepalive idle + 3 probes and a TCP user timeout, on a TCP socket with keepalive on.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RelayLockSessionTest {

    @Inject
    RelayLeadership leadership;

    @Test
    void theLockSessionDetectsADeadPeerWithinTheTimeout() throws Exception {
        try (Connection lock = leadership.openLockConnection(); Statement sql = lock.createStatement()) {
            assertThat(show(sql, "tcp_keepalives_idle")).isEqualTo("5");
            assertThat(show(sql, "tcp_keepalives_interval")).isEqualTo("5");
            assertThat(show(sql, "tcp_keepalives_count")).isEqualTo("3");
            assertThat(show(sql, "tcp_user_timeout")).isEqualTo("20000"); // milliseconds
            // idle 5 s + 3 probes 5 s apart: the server gives up on a silent leader, and frees its lock, within 20 s.
        }
    }

    private static String show(Statement sql, String setting) throws Exception {
        try (ResultSet row = sql.executeQuery("SHOW " + setting)) {
            row.next();
            return row.getString(1);
        }
    }
}
