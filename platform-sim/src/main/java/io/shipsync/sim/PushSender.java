package io.shipsync.sim;

import io.shipsync.sim.PlatformState.PushMessage;
import io.shipsync.sim.PlatformState.PushTarget;
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
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform's message push (消息推送) in 安全模式: each message is encrypted once and POSTed as
 * {@code {"ToUserName","Encrypt"}} with {@code signature, timestamp, nonce, encrypt_type=aes, msg_signature} in
 * the query, freshly signed per attempt. Delivered only when the reply is HTTP 200 with body exactly
 * {@code success} within the timeout (5 s); otherwise pushed again after 0s, 0s, 10s, 1min, 5min, 30min, 60min,
 * 60min, 60min (10 pushes at most), each delay multiplied by the configured scale.
 */
final class PushSender implements AutoCloseable {

    static final long[] RETRY_DELAYS_SECONDS = {0, 0, 10, 60, 300, 1800, 3600, 3600, 3600};
    static final int MAX_PUSHES = RETRY_DELAYS_SECONDS.length + 1;

    private static final System.Logger LOG = System.getLogger(PushSender.class.getName());

    private final Clock clock;
    private final Random random;
    private final double retryScale;
    private final Duration timeout;
    private final ExecutorService httpPool;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final BoundedLog<Push> log;
    private final AtomicLong ids = new AtomicLong();

    PushSender(Clock clock, Random random, double retryScale, Duration timeout, int logCapacity) {
        this.clock = clock;
        this.random = random;
        this.retryScale = retryScale;
        this.timeout = timeout;
        this.httpPool = Executors.newCachedThreadPool(Threads.daemon("platform-sim-push-io"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(httpPool)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Threads.daemon("platform-sim-push"));
        this.log = new BoundedLog<>(logCapacity);
    }

    /** One message on its way: attempts are appended as they finish. */
    private final class Push {
        final long id = ids.incrementAndGet();
        final PushMessage message;
        final String encrypt;
        final List<PushAttempt> attempts = new ArrayList<>();
        final CompletableFuture<Void> firstAttemptDone = new CompletableFuture<>();
        PushRecord.State state;

        Push(PushMessage message) {
            this.message = message;
            PushTarget target = message.target();
            this.encrypt = target == null ? null
                    : PushCrypto.encrypt(target.encodingAesKey(), target.appId(), message.json(), random);
            this.state = target == null ? PushRecord.State.NO_CALLBACK : PushRecord.State.PENDING;
        }

        synchronized PushRecord snapshot() {
            return new PushRecord(id, message.shopId(), message.orderId(), message.event(), message.createTime(),
                    message.json(), state, List.copyOf(attempts));
        }
    }

    /**
     * Sends the messages one after another: each starts once the previous one's first attempt has finished,
     * so duplicates and deliberately reordered events arrive in the given order.
     */
    List<PushRecord> send(List<PushMessage> messages) {
        List<Push> pushes = messages.stream().map(Push::new).toList();
        pushes.forEach(log::add);
        CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
        for (Push push : pushes) {
            previous = previous.thenRun(() -> start(push)).thenCompose(ignored -> push.firstAttemptDone);
        }
        return pushes.stream().map(Push::snapshot).toList();
    }

    List<PushRecord> pushes() {
        return log.list().stream().map(Push::snapshot).toList();
    }

    void clearLog() {
        log.clear();
    }

    /** The platform's URL verification: GET with signature, timestamp, nonce and echostr; expects echostr back. */
    CallbackCheck verify(PushTarget target) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String nonce = nonce();
        String echostr = Long.toString(random.nextLong(Long.MAX_VALUE));
        String url = target.callbackUrl() + separator(target.callbackUrl())
                + "signature=" + PushCrypto.signature(target.token(), timestamp, nonce)
                + "&timestamp=" + timestamp + "&nonce=" + nonce + "&echostr=" + echostr;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new CallbackCheck(target.callbackUrl(), response.statusCode(), cut(response.body()),
                    response.statusCode() == 200 && echostr.equals(response.body()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CallbackCheck(target.callbackUrl(), -1, null, false, "interrupted");
        } catch (Exception e) {
            return new CallbackCheck(target.callbackUrl(), -1, null, false, describe(e));
        }
    }

    private void start(Push push) {
        if (push.message.target() == null) {
            push.firstAttemptDone.complete(null);
            return;
        }
        attempt(push);
    }

    private void attempt(Push push) {
        PushTarget target = push.message.target();
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String nonce = nonce();
        String url = target.callbackUrl() + separator(target.callbackUrl())
                + "signature=" + PushCrypto.signature(target.token(), timestamp, nonce)
                + "&timestamp=" + timestamp
                + "&nonce=" + nonce
                + "&encrypt_type=aes"
                + "&msg_signature=" + PushCrypto.msgSignature(target.token(), timestamp, nonce, push.encrypt);
        String body = Json.write(Json.object().put("ToUserName", target.username()).put("Encrypt", push.encrypt));
        Instant at = clock.instant();
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> reply;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            reply = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((response, error) -> finish(push, at, started, response, error));
    }

    private void finish(Push push, Instant at, long started, HttpResponse<String> response, Throwable error) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        boolean success = error == null && response.statusCode() == 200 && "success".equals(response.body());
        int number;
        PushAttempt attempt;
        synchronized (push) {
            number = push.attempts.size() + 1;
            attempt = new PushAttempt(number, at, response == null ? -1 : response.statusCode(),
                    response == null ? null : cut(response.body()), error == null ? null : describe(error),
                    elapsedMs, success);
            push.attempts.add(attempt);
            if (success) {
                push.state = PushRecord.State.DELIVERED;
            } else if (number >= MAX_PUSHES) {
                push.state = PushRecord.State.GAVE_UP;
            }
        }
        String outcome = attempt.error() != null ? attempt.error()
                : "\"" + String.valueOf(attempt.reply()).replace("\n", "\\n") + "\"";
        LOG.log(success ? Level.DEBUG : Level.INFO, "push {0} {1} order {2} attempt {3}: {4} {5} ({6} ms)",
                push.id, push.message.event(), push.message.orderId(), number, attempt.httpStatus(), outcome,
                elapsedMs);
        push.firstAttemptDone.complete(null);
        if (!success && number < MAX_PUSHES) {
            long delayMs = Math.round(RETRY_DELAYS_SECONDS[number - 1] * 1000 * retryScale);
            try {
                scheduler.schedule(() -> attempt(push), delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                LOG.log(Level.DEBUG, "push {0} dropped: simulator closed", push.id);
            }
        }
    }

    private String nonce() {
        return Long.toString(1_000_000_000L + random.nextLong(9_000_000_000L));
    }

    private static String separator(String url) {
        return url.contains("?") ? "&" : "?";
    }

    private static String cut(String reply) {
        return reply == null || reply.length() <= 200 ? reply : reply.substring(0, 200) + "…";
    }

    private String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "no reply within " + timeout.toMillis() + " ms";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        httpPool.shutdownNow();
    }
}
