package io.shipsync.trackingfeed;

/** A push whose form, signature or payload is not what the feed sends: refused, nothing stored. */
public class PushRefused extends RuntimeException {

    public PushRefused(String message) {
        super(message);
    }
}
