package io.shipsync.eventing.failure;

import io.shipsync.eventing.http.ProblemException;
import io.shipsync.events.MalformedEventException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Decides, for every consumer and work queue alike, whether a failure is worth waiting out. The whole cause
 * chain is read: frameworks wrap the real reason (Hibernate wraps the driver's SQLException, Narayana wraps a
 * failed commit), and a transient cause anywhere means the dependency, not the work, is at fault.
 */
public final class Failures {

    private Failures() {
    }

    public static FailureKind classify(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean permanent = false;
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (isTransient(t)) {
                return FailureKind.TRANSIENT;
            }
            permanent |= isPermanent(t);
        }
        return permanent ? FailureKind.PERMANENT : FailureKind.UNKNOWN;
    }

    /** One line naming the failure and its root cause, for dead-letter reasons, health details and rows. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (root != failure) {
            text += " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    private static boolean isTransient(Throwable t) {
        if (t instanceof TransientFailure || t instanceof ConnectException || t instanceof SocketTimeoutException
                || t instanceof HttpTimeoutException || t instanceof SocketException || t instanceof EOFException
                || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                || t instanceof org.apache.kafka.common.errors.RetriableException
                || t instanceof jakarta.persistence.LockTimeoutException
                || t instanceof jakarta.persistence.PessimisticLockException
                || t instanceof jakarta.persistence.QueryTimeoutException
                || t instanceof org.hibernate.exception.JDBCConnectionException
                || t instanceof org.hibernate.exception.LockAcquisitionException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            return isTransientSqlState(sql.getSQLState(), String.valueOf(sql.getMessage()));
        }
        // Agroal and Hibernate say so in words when no connection could be had at all.
        String message = String.valueOf(t.getMessage());
        return message.contains("Unable to acquire JDBC Connection") || message.contains("Acquisition timeout");
    }

    /** PostgreSQL's SQLSTATE classes and codes that mean "not now" rather than "never". */
    static boolean isTransientSqlState(String state, String message) {
        if (state == null) {
            return message.contains("Acquisition timeout") || message.contains("connection has been closed");
        }
        return state.startsWith("08")          // connection exception
                || state.startsWith("53")      // insufficient resources, e.g. too many connections
                || state.startsWith("57")      // statement timeout (57014), admin/crash shutdown, cannot connect now
                || state.startsWith("58")      // system error (I/O)
                || state.equals("40001")       // serialization failure
                || state.equals("40P01")       // deadlock detected
                || state.equals("55P03")       // lock not available (lock_timeout)
                || state.equals("55006")       // object in use
                || (state.equals("55000") && message.contains("not currently accepting connections"));
    }

    private static boolean isPermanent(Throwable t) {
        return t instanceof MalformedEventException || t instanceof InvariantViolation
                || (t instanceof ProblemException problem && problem.problem().status() < 500);
    }
}
