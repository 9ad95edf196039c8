package io.shipsync.eventing.work;

import java.time.Instant;

/** What a {@link WorkHandler} made of an item. A thrown exception is classified instead (see {@link WorkQueue}). */
public sealed interface WorkOutcome {

    /** Finished; the item leaves the queue (unless it was submitted again meanwhile). */
    record Done() implements WorkOutcome {
    }

    /** Try again at {@code at}, or after the queue's backoff when {@code at} is null. */
    record Retry(Instant at, String reason) implements WorkOutcome {
    }

    /** Can never succeed: the item stays, dead, with the reason, until submitted again. */
    record Dead(String reason) implements WorkOutcome {
    }

    static WorkOutcome done() {
        return new Done();
    }

    static WorkOutcome retry(String reason) {
        return new Retry(null, reason);
    }

    static WorkOutcome retryAt(Instant at, String reason) {
        return new Retry(at, reason);
    }

    static WorkOutcome dead(String reason) {
        return new Dead(reason);
    }
}
