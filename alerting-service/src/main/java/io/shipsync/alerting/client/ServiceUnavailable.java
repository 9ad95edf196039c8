package io.shipsync.alerting.client;

/**
 * Another ShipSync service, or the platform behind it, could not answer now (no connection, 5xx, 429): worth trying
 * again, after {@link #retryAfterSeconds()} when it said how long.
 */
public class ServiceUnavailable extends Exception {

    private final Integer status;
    private final long retryAfterSeconds;

    ServiceUnavailable(Integer status, String detail, long retryAfterSeconds, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The HTTP status it answered with; null when no answer came. */
    public Integer status() {
        return status;
    }

    /** Its {@code Retry-After} in seconds; 0 when it gave none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
