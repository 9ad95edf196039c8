package io.shipsync.eventing.work;

import java.time.Duration;

/**
 * Does the work of one queue. {@link #work} runs outside any transaction, on one of the queue's workers, with
 * the item's lease renewed for as long as it runs: it opens its own short transactions around its reads and
 * writes and holds none across a call out. It must be safe to run again for the same item (after a crash, an
 * expired lease, or a retry).
 */
public interface WorkHandler {

    /** The queue's name, as items are submitted to it and as {@code shipsync.work.<queue>.*} configures it. */
    String queue();

    WorkOutcome work(WorkItem item) throws Exception;

    /** The queue's defaults; each can be overridden by {@code shipsync.work.<queue>.<setting>}. */
    default Settings defaults() {
        return Settings.DEFAULTS;
    }

    /**
     * How a queue runs: parallel workers per replica, the safety-net poll, the lease, capped backoff, and the
     * attempts an item failing for an unknown reason gets before it is dead (transient failures never kill one).
     */
    record Settings(int workers, Duration pollInterval, Duration lease, Duration backoff, Duration maxBackoff, int maxAttempts) {

        public static final Settings DEFAULTS = new Settings(4, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofMinutes(5), 10);

        public Settings withWorkers(int value) {
            return new Settings(value, pollInterval, lease, backoff, maxBackoff, maxAttempts);
        }

        public Settings withPollInterval(Duration value) {
            return new Settings(workers, value, lease, backoff, maxBackoff, maxAttempts);
        }

        public Settings withBackoff(Duration initial, Duration max) {
            return new Settings(workers, pollInterval, lease, initial, max, maxAttempts);
        }

        public Settings withLease(Duration value) {
            return new Settings(workers, pollInterval, value, backoff, maxBackoff, maxAttempts);
        }

        public Settings withMaxAttempts(int value) {
            return new Settings(workers, pollInterval, lease, backoff, maxBackoff, value);
        }
    }
}
