package io.shipsync.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** What a closed-loop HTTP load of some clients measured after its warm-up: requests/s, latency, non-2xx answers. */
record Load(double perSecond, Percentiles latency, long failures) {

    /**
     * {@code threads} clients, each sending its next request ({@code request} gets the client's number) as soon
     * as the last one was answered, for {@code warmUpSeconds} and then {@code seconds} measured.
     */
    static Load run(int threads, int warmUpSeconds, int seconds, IntFunction<HttpRequest> request) throws InterruptedException {
        long warmUpEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUpSeconds);
        long ends = warmUpEnds + TimeUnit.SECONDS.toNanos(seconds);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.execute(() -> {
                while (System.nanoTime() < ends) {
                    long started = System.nanoTime();
                    int status;
                    try {
                        status = Http.CLIENT.send(request.apply(thread), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException | InterruptedException e) {
                        status = -1;
                    }
                    if (started >= warmUpEnds) {
                        latencies.add(System.nanoTime() - started);
                        if (status < 200 || status > 299) {
                            failures.incrementAndGet();
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + warmUpSeconds + 60, TimeUnit.SECONDS);
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        return new Load(nanos.length / (double) seconds, Percentiles.ofNanos(nanos), failures.get());
    }
}
