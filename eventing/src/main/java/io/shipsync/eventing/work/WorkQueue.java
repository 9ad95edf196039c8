package io.shipsync.eventing.work;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.shipsync.eventing.failure.FailureKind;
import io.shipsync.eventing.failure.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The one durable work queue of every service (table {@code work_items}). Work is submitted in the
 * transaction that makes it necessary, so it exists exactly when that change commits; a commit kicks the
 * queue at once and a poll is the safety net. Replicas share a queue through {@code FOR UPDATE SKIP LOCKED}
 * claims. A claim is a lease that the worker's replica renews while the work runs, so it cannot run out
 * mid-call; a replica that dies stops renewing, and the item is taken again, marked interrupted.
 * <p>
 * Each item runs alone: its own worker, its own transactions, its own outcome. A failure is classified once
 * ({@link Failures#classify}): transient ones retry with capped, jittered backoff for as long as they last;
 * permanent ones, and unknown ones after {@code maxAttempts}, leave the item DEAD with its reason. Metrics per
 * queue: {@code shipsync_work_depth}, {@code shipsync_work_oldest_due_seconds}, {@code shipsync_work_dead},
 * {@code shipsync_work_failures_total}.
 */
@ApplicationScoped
public class WorkQueue {

    private static final Logger LOG = Logger.getLogger(WorkQueue.class);
    private static final int MAX_BATCH = 100;

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    private final Instance<WorkHandler> handlers;
    private final Config config;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Runner> runners = new ConcurrentHashMap<>();
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private final Map<String, QueueFigures> figures = new ConcurrentHashMap<>();
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(daemon("work-lease-renewal"));

    /** Depth, oldest due item and dead items of one queue, as last sampled. */
    private record QueueFigures(long depth, double oldestDueSeconds, long dead) {
    }

    WorkQueue(EntityManager entityManager, TransactionSynchronizationRegistry transactions, Instance<WorkHandler> handlers,
              Config config, MeterRegistry registry, Clock clock) {
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.handlers = handlers;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
    }

    void start(@Observes StartupEvent startup) {
        Duration shortestLease = null;
        for (WorkHandler handler : handlers) {
            Runner runner = new Runner(handler, settings(handler));
            runners.put(handler.queue(), runner);
            shortestLease = shortestLease == null || runner.settings.lease().compareTo(shortestLease) < 0
                    ? runner.settings.lease() : shortestLease;
            for (String figure : List.of("depth", "oldest.due.seconds", "dead")) {
                Gauge.builder("shipsync.work." + figure, figures, f -> value(f.get(handler.queue()), figure))
                        .tag("queue", handler.queue()).register(registry);
            }
            runner.start();
        }
        if (shortestLease != null) {
            long every = Math.max(100, shortestLease.toMillis() / 3);
            leases.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        runners.values().forEach(Runner::stop);
        leases.shutdownNow();
    }

    /**
     * Submits work on {@code key} for {@code shopId}, due at {@code dueAt}, in the caller's transaction. Work on
     * the same key merges: an item already waiting keeps its due time (a burst is one run, and a backoff is not
     * cut short); an item running now runs once more after; a dead one comes back to life.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void submit(String queue, String shopId, String key, Instant dueAt) {
        entityManager.createNativeQuery("""
                INSERT INTO work_items (queue, shop_id, item_key, due_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (queue, shop_id, item_key) DO UPDATE SET
                    due_at = CASE WHEN work_items.state = 'READY' AND work_items.lease_token IS NULL
                                  THEN work_items.due_at ELSE EXCLUDED.due_at END,
                    again = work_items.lease_token IS NOT NULL,
                    attempts = CASE WHEN work_items.state = 'DEAD' THEN 0 ELSE work_items.attempts END,
                    state = 'READY'""")
                .setParameter(1, queue).setParameter(2, shopId).setParameter(3, key).setParameter(4, dueAt)
                .executeUpdate();
        String kicked = "shipsync.work.kick." + queue;
        if (transactions.getResource(kicked) == null) {
            transactions.putResource(kicked, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        kick(queue);
                    }
                }
            });
        }
    }

    /**
     * Makes waiting work on {@code key} due now, cutting its backoff short (e.g. a reconciliation that finds the
     * platform still waiting for it). Work running or dead is left as it is.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dueNow(String queue, String shopId, String key) {
        entityManager.createNativeQuery("""
                UPDATE work_items SET due_at = least(due_at, ?4)
                WHERE queue = ?1 AND shop_id = ?2 AND item_key = ?3 AND state = 'READY' AND lease_token IS NULL""")
                .setParameter(1, queue).setParameter(2, shopId).setParameter(3, key).setParameter(4, clock.instant())
                .executeUpdate();
    }

    /**
     * Submits an item for every row of {@code table} (keyed by its {@code id}) that {@code pendingCondition} says
     * still needs work and that has none — work recorded before it went through this queue — due at the row's
     * {@code dueColumn}, or now when that is null. Idempotent; called at start with constant SQL fragments.
     */
    public void requeueOrphans(String queue, String table, String pendingCondition, String dueColumn) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "INSERT INTO work_items (queue, shop_id, item_key, due_at) SELECT ?1, shop_id, CAST(id AS text), "
                        + "coalesce(" + (dueColumn == null ? "NULL" : dueColumn) + ", CAST(?2 AS timestamptz)) FROM " + table
                        + " WHERE " + pendingCondition
                        + " ON CONFLICT DO NOTHING")
                .setParameter(1, queue).setParameter(2, clock.instant()).executeUpdate());
    }

    /** Looks for due work now rather than at the next poll. */
    public void kick(String queue) {
        Runner runner = runners.get(queue);
        if (runner != null) {
            runner.kick();
        }
    }

    /** Items of a queue that died, with their reasons (for APIs and tests). */
    public Map<String, String> dead(String queue, String shopId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Tuple> rows = entityManager.createNativeQuery("""
                    SELECT item_key, last_error FROM work_items WHERE queue = ?1 AND shop_id = ?2 AND state = 'DEAD'""", Tuple.class)
                    .setParameter(1, queue).setParameter(2, shopId).getResultList();
            Map<String, String> dead = new java.util.TreeMap<>();
            rows.forEach(row -> dead.put(row.get("item_key", String.class), row.get("last_error", String.class)));
            return dead;
        });
    }

    @Scheduled(every = "${shipsync.work.metrics-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        try {
            List<Tuple> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                    SELECT queue, count(*) FILTER (WHERE state = 'READY') AS depth,
                           coalesce(extract(epoch FROM ?1 - min(due_at) FILTER (WHERE state = 'READY' AND due_at <= ?1)), 0)
                               AS oldest, count(*) FILTER (WHERE state = 'DEAD') AS dead
                    FROM work_items GROUP BY queue""", Tuple.class).setParameter(1, clock.instant()).getResultList());
            Map<String, QueueFigures> sampled = new java.util.HashMap<>();
            rows.forEach(row -> sampled.put(row.get("queue", String.class), new QueueFigures(
                    row.get("depth", Number.class).longValue(), row.get("oldest", Number.class).doubleValue(),
                    row.get("dead", Number.class).longValue())));
            runners.keySet().forEach(queue -> figures.put(queue, sampled.getOrDefault(queue, new QueueFigures(0, 0, 0))));
        } catch (RuntimeException e) {
            // The database is away; the figures keep their last values and the next sample tries again.
        }
    }

    private static double value(QueueFigures f, String figure) {
        if (f == null) {
            return 0;
        }
        return switch (figure) {
            case "depth" -> f.depth();
            case "dead" -> f.dead();
            default -> f.oldestDueSeconds();
        };
    }

    private void renewLeases() {
        if (held.isEmpty()) {
            return;
        }
        try {
            Instant until = clock.instant().plus(runners.values().stream().map(r -> r.settings.lease())
                    .min(Duration::compareTo).orElseThrow());
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                    UPDATE work_items SET lease_until = greatest(lease_until, ?1) WHERE lease_token = ANY(CAST(?2 AS uuid[]))""")
                    .setParameter(1, until).setParameter(2, held.stream().map(UUID::toString).toArray(String[]::new))
                    .executeUpdate());
        } catch (RuntimeException e) {
            LOG.warnf("Could not renew work leases: %s", Failures.describe(e));
        }
    }

    private WorkHandler.Settings settings(WorkHandler handler) {
        WorkHandler.Settings d = handler.defaults();
        String prefix = "shipsync.work." + handler.queue() + ".";
        return new WorkHandler.Settings(
                config.getOptionalValue(prefix + "workers", Integer.class).orElse(d.workers()),
                config.getOptionalValue(prefix + "poll-interval", Duration.class).orElse(d.pollInterval()),
                config.getOptionalValue(prefix + "lease", Duration.class).orElse(d.lease()),
                config.getOptionalValue(prefix + "backoff", Duration.class).orElse(d.backoff()),
                config.getOptionalValue(prefix + "max-backoff", Duration.class).orElse(d.maxBackoff()),
                config.getOptionalValue(prefix + "max-attempts", Integer.class).orElse(d.maxAttempts()));
    }

    /** The wait before the attempt after {@code attempt}: doubling from the base, capped, the upper half of it jittered. */
    static Duration backoff(WorkHandler.Settings settings, int attempt) {
        long base = settings.backoff().toMillis();
        long capped = Math.min(settings.maxBackoff().toMillis(), base << Math.min(Math.max(attempt - 1, 0), 20));
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One queue on this replica: a poller that claims as many due items as it has free workers. */
    private final class Runner {

        private final WorkHandler handler;
        private final WorkHandler.Settings settings;
        private final ExecutorService workers;
        private final Semaphore free;
        private final Semaphore wake = new Semaphore(0);
        private final Counter done;
        private volatile boolean running = true;
        private Thread poller;

        Runner(WorkHandler handler, WorkHandler.Settings settings) {
            this.handler = handler;
            this.settings = settings;
            this.workers = Executors.newFixedThreadPool(settings.workers(), daemon("work-" + handler.queue()));
            this.free = new Semaphore(settings.workers());
            this.done = Counter.builder("shipsync.work.done").tag("queue", handler.queue())
                    .description("Items finished").register(registry);
        }

        void start() {
            poller = new Thread(this::poll, "work-poll-" + handler.queue());
            poller.setDaemon(true);
            poller.start();
        }

        void stop() {
            running = false;
            poller.interrupt();
            workers.shutdownNow();
        }

        void kick() {
            wake.release();
        }

        private void poll() {
            while (running) {
                try {
                    int available = free.availablePermits();
                    int claimed = available == 0 ? 0 : claimAndRun(Math.min(available, MAX_BATCH));
                    if (claimed == 0 || claimed == available) {
                        // Nothing due, or every worker busy: wait for a kick, a finished item or the poll interval.
                        wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                        wake.drainPermits();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.warnf("Work queue %s could not claim work: %s", handler.queue(), Failures.describe(e));
                    sleepQuietly(settings.pollInterval());
                }
            }
        }

        private int claimAndRun(int limit) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<Tuple> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                    WITH taken AS (
                        SELECT id FROM work_items
                        WHERE queue = ?1 AND state = 'READY' AND due_at <= ?2 AND (lease_until IS NULL OR lease_until < ?2)
                        ORDER BY due_at LIMIT ?3 FOR UPDATE SKIP LOCKED)
                    UPDATE work_items w SET lease_token = gen_random_uuid(), lease_until = ?4, attempts = w.attempts + 1,
                        interrupted = w.lease_token IS NOT NULL, again = false
                    FROM taken WHERE w.id = taken.id
                    RETURNING w.id, w.shop_id, w.item_key, w.attempts, w.interrupted, w.lease_token""", Tuple.class)
                    .setParameter(1, handler.queue()).setParameter(2, now).setParameter(3, limit)
                    .setParameter(4, now.plus(settings.lease())).getResultList());
            for (Tuple row : rows) {
                WorkItem item = new WorkItem(row.get("id", Number.class).longValue(), handler.queue(),
                        row.get("shop_id", String.class), row.get("item_key", String.class),
                        row.get("attempts", Number.class).intValue(), row.get("interrupted", Boolean.class));
                UUID lease = row.get("lease_token", UUID.class);
                held.add(lease);
                free.acquireUninterruptibly();
                workers.execute(() -> {
                    try {
                        finish(item, lease, run(item));
                    } finally {
                        held.remove(lease);
                        free.release();
                        wake.release();
                    }
                });
            }
            return rows.size();
        }

        private WorkOutcome run(WorkItem item) {
            try {
                return handler.work(item);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return WorkOutcome.retry("interrupted: the service is stopping");
            } catch (Exception e) {
                FailureKind kind = Failures.classify(e);
                Counter.builder("shipsync.work.failures").tag("queue", handler.queue()).tag("kind", kind.name().toLowerCase())
                        .register(registry).increment();
                String reason = Failures.describe(e);
                if (kind == FailureKind.PERMANENT || (kind == FailureKind.UNKNOWN && item.attempt() >= settings.maxAttempts())) {
                    LOG.warnf("Work %s %s/%s is dead after attempt %d: %s", handler.queue(), item.shopId(), item.key(),
                            item.attempt(), reason);
                    return WorkOutcome.dead(reason);
                }
                LOG.debugf("Work %s %s/%s attempt %d failed (%s): %s", handler.queue(), item.shopId(), item.key(), item.attempt(),
                        kind, reason);
                return WorkOutcome.retry(reason);
            }
        }

        /** Records the outcome if the lease is still ours; a lost lease means another replica has the item now. */
        private void finish(WorkItem item, UUID lease, WorkOutcome outcome) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (outcome instanceof WorkOutcome.Done) {
                        int rows = entityManager.createNativeQuery("""
                                DELETE FROM work_items WHERE id = ?1 AND lease_token = ?2 AND NOT again""")
                                .setParameter(1, item.id()).setParameter(2, lease).executeUpdate();
                        if (rows == 0) {
                            release(item, lease, "READY", null, null, true);
                        }
                        done.increment();
                    } else if (outcome instanceof WorkOutcome.Retry retry) {
                        Instant at = retry.at() != null ? retry.at() : clock.instant().plus(backoff(settings, item.attempt()));
                        release(item, lease, "READY", at, retry.reason(), false);
                    } else if (outcome instanceof WorkOutcome.Dead dead) {
                        release(item, lease, "DEAD", null, dead.reason(), false);
                    }
                });
            } catch (RuntimeException e) {
                // The lease runs out and the item is taken again, marked interrupted: nothing is lost.
                LOG.warnf("Could not record the outcome of work %s %s/%s: %s", handler.queue(), item.shopId(), item.key(),
                        Failures.describe(e));
            }
        }

        /**
         * Ends the lease: READY again at {@code at}, or DEAD. Work submitted during the run ({@code again}) keeps the
         * item alive: after a success or a death it runs afresh at the submitted time; after a retry it waits for the
         * later of the two times with its attempts kept, so new work never cuts a backoff short.
         */
        private void release(WorkItem item, UUID lease, String state, Instant at, String error, boolean resetAttempts) {
            entityManager.createNativeQuery("""
                    UPDATE work_items SET state = CASE WHEN again THEN 'READY' ELSE ?3 END,
                        due_at = CASE WHEN CAST(?4 AS timestamptz) IS NULL THEN due_at
                                      WHEN again THEN greatest(due_at, ?4) ELSE ?4 END,
                        attempts = CASE WHEN ?6 OR (again AND ?3 = 'DEAD') THEN 0 ELSE attempts END,
                        lease_token = NULL, lease_until = NULL, interrupted = false, again = false, last_error = ?5
                    WHERE id = ?1 AND lease_token = ?2""")
                    .setParameter(1, item.id()).setParameter(2, lease).setParameter(3, state).setParameter(4, at)
                    .setParameter(5, error).setParameter(6, resetAttempts).executeUpdate();
        }

        private void sleepQuietly(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
