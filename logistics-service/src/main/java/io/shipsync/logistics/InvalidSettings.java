package io.shipsync.logistics;

/** Carrier settings that can't be kept: an unknown or disabled carrier named as default or backup. */
public class InvalidSettings extends RuntimeException {

    public InvalidSettings(String message) {
        super(message);
    }
}
