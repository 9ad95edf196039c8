package io.shipsync.sim;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * Tracking pushes as form POSTs: the first attempt is made by the caller's thread (so a test's
 * {@code pushNext} returns with the reply), then, while not answered OK, kuaidi100's 3 retries 35 min apart
 * (the same for 快递鸟, whose schedule the reference does not give), each delay times the push retry scale
 * that WeChat pushes use. Every push and attempt is kept in a bounded log.
 */
final class TrackingPushSender implements AutoCloseable {

    static final int RETRIES = 3;
    static final Duration RETRY_EVERY = Duration.ofMinutes(35);

    private static final System.Logger LOG = System.getLogger(TrackingPushSender.class.getName());

    /** A push to make: {@code form} is the POST body, {@code accepted} judges a reply (HTTP status, body). */
    record Outgoing(String feed, String number, String company, int step, String status, String callbackUrl,
                    String param, String sign, String form, boolean resend, BiPredicate<Integer, String> accepted) {
    }

    private final class Push {
        final long id = ids.incrementAndGet();
        final Outgoing out;
        final List<PushAttempt> attempts = new ArrayList<>();
        PushRecord.State state;

        Push(Outgoing out) {
            this.out = out;
            this.state = out.callbackUrl() == null ? PushRecord.State.NO_CALLBACK : PushRecord.State.PENDING;
        }

        synchronized TrackingPush snapshot() {
            return new TrackingPush(id, out.feed(), out.number(), out.company(), out.step(), out.status(),
                    out.callbackUrl(), out.param(), out.sign(), out.resend(), state, List.copyOf(attempts));
        }
    }

    private final Clock clock;
    private final double retryScale;
    private final Duration timeout;
    private final ExecutorService pool;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final BoundedLog<Push> log;
    private final AtomicLong ids = new AtomicLong();

    TrackingPushSender(Clock clock, double retryScale, Duration timeout, int logCapacity) {
        this.clock = clock;
        this.retryScale = retryScale;
        this.timeout = timeout;
        this.pool = Executors.newCachedThreadPool(Threads.daemon("platform-sim-tracking-io"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .executor(pool).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Threads.daemon("platform-sim-tracking-retry"));
        this.log = new BoundedLog<>(logCapacity);
    }

    /** Makes the first attempt now, on this thread, and schedules the retries it needs. */
    TrackingPush send(Outgoing out) {
        Push push = new Push(out);
        log.add(push);
        if (out.callbackUrl() != null) {
            attempt(push);
        }
        return push.snapshot();
    }

    /** Runs {@code task} on the sender's threads (automatic pushes must not hold the ticking thread). */
    void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException closing) {
            LOG.log(Level.DEBUG, "tracking push dropped: simulator closed");
        }
    }

    List<TrackingPush> pushes() {
        return log.list().stream().map(Push::snapshot).toList();
    }

    void clearLog() {
        log.clear();
    }

    private void attempt(Push push) {
        Outgoing out = push.out;
        Instant at = clock.instant();
        long started = System.nanoTime();
        int status = -1;
        String reply = null;
        String error = null;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(out.callbackUrl()))
                            .timeout(timeout)
                            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.ofString(out.form(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            status = response.statusCode();
            reply = response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (HttpTimeoutException e) {
            error = "no reply within " + timeout.toMillis() + " ms";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        boolean success = error == null && out.accepted().test(status, reply);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        int number;
        synchronized (push) {
            number = push.attempts.size() + 1;
            push.attempts.add(new PushAttempt(number, at, status, cut(reply), error, elapsedMs, success));
            if (success) {
                push.state = PushRecord.State.DELIVERED;
            } else if (number > RETRIES) {
                push.state = PushRecord.State.GAVE_UP;
            }
        }
        LOG.log(success ? Level.DEBUG : Level.INFO, "{0} push {1} {2} attempt {3}: {4} {5}", out.feed(), push.id,
                out.number(), number, status, error != null ? error : cut(reply));
        if (!success && number <= RETRIES) {
            long delayMs = Math.round(RETRY_EVERY.toMillis() * retryScale);
            try {
                scheduler.schedule(() -> execute(() -> attempt(push)), delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                LOG.log(Level.DEBUG, "tracking push {0} dropped: simulator closed", push.id);
            }
        }
    }

    private static String cut(String reply) {
        return reply == null || reply.length() <= 200 ? reply : reply.substring(0, 200) + "…";
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        pool.shutdownNow();
    }
}
