package io.shipsync.alerting.client;

/**
 * Another ShipSync service answered with a refusal no retry changes (404 unknown, 409 the platform refused, a token it
 * does not take), or cannot be asked at all because this service lacks its settings.
 *
 * @see ServiceUnavailable for answers worth trying again
 */
public class ServiceRefused extends Exception {

    private final Integer status;

    ServiceRefused(Integer status, String detail) {
        super(detail);
        this.status = status;
    }

    /** The HTTP status it answered with; null when it was not asked. */
    public Integer status() {
        return status;
    }
}
