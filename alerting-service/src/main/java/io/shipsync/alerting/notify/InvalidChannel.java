package io.shipsync.alerting.notify;

/** Channel or quiet-hours settings that cannot work (400). */
public class InvalidChannel extends RuntimeException {

    public InvalidChannel(String message) {
        super(message);
    }
}
