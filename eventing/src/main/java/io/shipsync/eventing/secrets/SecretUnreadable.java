package io.shipsync.eventing.secrets;

import io.shipsync.eventing.failure.TransientFailure;

/**
 * A stored secret that does not open: not sealed, sealed under a key id this service does not hold, or altered or
 * moved from another row or column (its tag does not verify). The message names the place, never the value.
 * Work that needs it waits ({@link TransientFailure}): an operator's fix (the missing key configured again, the
 * credentials entered again) lets it go on, with nothing to redrive.
 */
public class SecretUnreadable extends RuntimeException implements TransientFailure {

    private final transient SecretPlace place;

    public SecretUnreadable(SecretPlace place, String why) {
        super("secret " + place + " can't be read: " + why);
        this.place = place;
    }

    public SecretPlace place() {
        return place;
    }
}
