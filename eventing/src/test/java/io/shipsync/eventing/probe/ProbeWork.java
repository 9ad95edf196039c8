package io.shipsync.eventing.probe;

import io.shipsync.eventing.failure.InvariantViolation;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A queue whose items behave as their key says: slow, dead, flaky (transient twice), buggy, or plain. */
@ApplicationScoped
public class ProbeWork implements WorkHandler {

    public static final String QUEUE = "probe-work";
    /** Runs per key, and the most runs of one key at the same time. */
    public static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    public static final Map<String, AtomicInteger> MOST_AT_ONCE = new ConcurrentHashMap<>();
    public static final Map<String, WorkItem> FINISHED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public Settings defaults() {
        return Settings.DEFAULTS.withLease(Duration.ofSeconds(1)).withPollInterval(Duration.ofMillis(200))
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400)).withMaxAttempts(3);
    }

    @Override
    public WorkOutcome work(WorkItem item) throws Exception {
        String key = item.key();
        RUNS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        int now = RUNNING.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        MOST_AT_ONCE.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        try {
            if (key.startsWith("slow-")) {
                Thread.sleep(3_500);
            } else if (key.startsWith("dead-")) {
                throw new InvariantViolation("probe refuses " + key);
            } else if (key.startsWith("flaky-") && item.attempt() < 3) {
                throw new IllegalStateException(new SQLException("the database system is shutting down", "57P03"));
            } else if (key.startsWith("bug-")) {
                throw new NullPointerException("probe bug");
            }
            FINISHED.put(key, item);
            return WorkOutcome.done();
        } finally {
            RUNNING.get(key).decrementAndGet();
        }
    }
}
