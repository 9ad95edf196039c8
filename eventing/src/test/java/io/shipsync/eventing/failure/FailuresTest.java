package io.shipsync.eventing.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.shipsync.eventing.http.ProblemException;
import io.shipsync.events.MalformedEventException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.util.List;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aDependencyBeingDownIsTransientHoweverDeeplyWrapped() {
        SQLException refused = new SQLException("FATAL: database \"x\" is not currently accepting connections", "55000");
        assertThat(Failures.classify(new GenericJDBCException("Unable to acquire JDBC Connection", refused)))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.classify(new RuntimeException(new SQLException("Connection refused", "08001"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.classify(new SQLException("canceling statement due to statement timeout", "57014")))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.classify(new SQLException("could not serialize access", "40001"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.classify(new SQLException("lock timeout", "55P03"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.classify(new SQLException("terminating connection due to administrator command", "57P01")))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.classify(new IllegalStateException(new ConnectException("Connection refused"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.classify(new HttpTimeoutException("request timed out"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.classify(new org.apache.kafka.common.errors.TimeoutException("produce timed out")))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(Failures.classify(new PlatformDown())).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void aRecordThatCanNeverSucceedIsPermanent() {
        assertThat(Failures.classify(new MalformedEventException(List.of("not JSON")))).isEqualTo(FailureKind.PERMANENT);
        assertThat(Failures.classify(new InvariantViolation("order belongs to another shop"))).isEqualTo(FailureKind.PERMANENT);
        assertThat(Failures.classify(ProblemException.conflict("already declared"))).isEqualTo(FailureKind.PERMANENT);
        // A permanent wrapper around a transient cause still waits: the dependency decides.
        assertThat(Failures.classify(new InvariantViolation("x") {
            @Override
            public synchronized Throwable getCause() {
                return new SQLException("gone", "08006");
            }
        })).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void anythingElseIsUnknownAndConstraintViolationsAreNotTransient() {
        assertThat(Failures.classify(new NullPointerException())).isEqualTo(FailureKind.UNKNOWN);
        assertThat(Failures.classify(new SQLException("duplicate key value", "23505"))).isEqualTo(FailureKind.UNKNOWN);
        assertThat(Failures.classify(new SQLException("cannot drop", "55000"))).isEqualTo(FailureKind.UNKNOWN);
    }

    @Test
    void describeNamesTheFailureAndItsRootCause() {
        String text = Failures.describe(new GenericJDBCException("Unable to acquire JDBC Connection",
                new SQLException("database is not currently accepting connections", "55000")));
        assertThat(text).startsWith("GenericJDBCException: Unable to acquire JDBC Connection")
                .contains("cause SQLException: database is not currently accepting connections");
        assertThat(Failures.describe(new RuntimeException("x".repeat(2000)))).hasSize(500);
    }

    private static final class PlatformDown extends RuntimeException implements TransientFailure {
    }
}
