package io.shipsync.events;

import java.util.List;

/**
 * A message is not a valid event. Unchecked: a consumer's only sensible reaction is to dead-letter the
 * message with {@link #reasons()}, never to retry it.
 */
public class MalformedEventException extends RuntimeException {

    private final List<String> reasons;

    public MalformedEventException(List<String> reasons) {
        super("malformed event: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super("malformed event: " + reason, cause);
        this.reasons = List.of(reason);
    }

    /** Every reason found, each readable on its own. */
    public List<String> reasons() {
        return reasons;
    }
}
