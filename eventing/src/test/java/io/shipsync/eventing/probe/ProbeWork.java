package io.shipsync.eventing.probe;

import io.shipsync.eventing.failure.InvariantViolation;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.work.WorkQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A queue whose items behave as their key says: slow, dead, flaky (transient twice), buggy, or plain. */
@ApplicationScoped
public class ProbeWork implements WorkHandler {

    @Inject
    WorkQueue queue;

    public static final String QUEUE = "probe-work";
    /** Runs per key, and the most runs of one key at the same time. */
    public static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    public static final Map<String, AtomicInteger> MOST_AT_ONCE = new ConcurrentHashMap<>();
    public static final Map<String, WorkItem> FINISHED = new ConcurrentHashMap<>();
    /** When each run of a key started. */
    public static final Map<String, List<Instant>> STARTED = new ConcurrentHashMap<>();
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
        STARTED.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(Instant.now());
        int now = RUNNING.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        MOST_AT_ONCE.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        try {
            if (key.startsWith("slow-")) {
                Thread.sleep(3_500);
            } else if (key.startsWith("dead-")) {
                throw new InvariantViolation("probe refuses " + key);
            } else if (key.startsWith("flaky-") && item.attempt() < 3) {
                throw new IllegalStateException(new SQLException("the database system is shutting down", "57P03"));
            } else if (key.startsWith("resubmitted-") && item.attempt() == 1) {
                // New work on the key arrives while this run backs off: it must not cut the backoff short.
                QuarkusTransaction.requiringNew().run(() -> queue.submit(QUEUE, item.shopId(), key, Instant.now()));
                return WorkOutcome.retryAt(Instant.now().plusMillis(1500), "backing off");
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
