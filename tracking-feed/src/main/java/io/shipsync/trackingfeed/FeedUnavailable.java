package io.shipsync.trackingfeed;

/** The feed could not be reached or could not answer now: a dependency being down, retried, never a finding. */
public class FeedUnavailable extends RuntimeException {

    public FeedUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    public FeedUnavailable(String message) {
        super(message);
    }
}
