package io.shipsync.order.platform;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A few threads for platform work started right after a commit (processing a push, sending a
 * declaration). Bounded on purpose: each task holds database connections while it calls the platform,
 * and accepting pushes must never wait for them. Work that does not fit is dropped here and picked up by
 * the workers' periodic poll.
 */
@ApplicationScoped
public class PlatformWorkers {

    private final ThreadPoolExecutor pool;

    PlatformWorkers(PlatformConfig config) {
        pool = new ThreadPoolExecutor(config.workers(), config.workers(), 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(1_000),
                r -> {
                    Thread thread = new Thread(r, "platform-worker");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.DiscardPolicy());
    }

    public void submit(Runnable work) {
        pool.execute(work);
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }
}
