package io.shipsync.inventory.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.shipsync.inventory.Stock;
import io.shipsync.inventory.StockKey;
import io.shipsync.inventory.StockRepository;
import io.shipsync.inventory.config.InventoryConfig;
import io.shipsync.wechat.PlatformError;
import io.shipsync.wechat.StockApi;
import io.shipsync.wechat.WeChatApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Pushes what the platform owes us (stock/update with diff_type 1 or 2, never 3): for each SKU with a
 * change due, the difference between what the platform should show and what we believe it shows. A
 * burst of changes becomes one push: changes only mark the row due, and the push reads the figures when
 * it goes. Rows are claimed with SKIP LOCKED, so replicas share the work and a SKU has one push in flight.
 * A shop without a WeChat Shop account has its pushes refused (kept on the row) and retried at the longest
 * backoff, so registering the account later brings its SKUs in step.
 * <ul>
 * <li>10020112 (更新该sku库存频率超限) and transient errors: back off per SKU, doubling, with jitter; changes
 *     meanwhile merge into the next push.</li>
 * <li>10020219 (库存不足以减扣): the platform holds fewer units than we believed; read it and push again.</li>
 * <li>A timeout may or may not have moved the platform's stock: the belief is dropped and read again.</li>
 * </ul>
 */
@ApplicationScoped
public class StockPusher {

    private static final Logger LOG = Logger.getLogger(StockPusher.class);
    private static final int BATCH = 64;

    /** A row taken for one push, until {@code claimedUntil}. */
    record Claim(StockKey key, String productId, Long believed, long heldUnpaid, int attempts, Instant claimedUntil) {
    }

    private final PlatformStockRepository repository;
    private final StockRepository stockRepository;
    private final PlatformStock platformStock;
    private final StockApi stockApi;
    private final InventoryConfig.Platform config;
    private final String warehouseId;
    private final Duration claimFor;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService poller;

    StockPusher(PlatformStockRepository repository, StockRepository stockRepository, PlatformStock platformStock,
                StockApi stockApi, InventoryConfig config, WeChatApiConfig api, MeterRegistry metrics, Clock clock) {
        this.repository = repository;
        this.stockRepository = stockRepository;
        this.platformStock = platformStock;
        this.stockApi = stockApi;
        this.config = config.platform();
        this.warehouseId = config.defaultWarehouse();
        // A read and an update, each within the API timeout, and room to record the outcome.
        this.claimFor = api.timeout().multipliedBy(2).plusSeconds(10);
        this.metrics = metrics;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(this.config.pushWorkers(), daemon("platform-stock-push"));
        this.poller = Executors.newSingleThreadScheduledExecutor(daemon("platform-stock-poll"));
    }

    // Quarkus' scheduler fires at most once a second; a push should leave within the coalescing window.
    void start(@Observes StartupEvent startup) {
        if (config.enabled()) {
            poller.scheduleWithFixedDelay(this::pushDue, config.pushPollInterval().toMillis(),
                    config.pushPollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        poller.shutdownNow();
        workers.shutdownNow();
    }

    /** Pushes every due SKU, a batch at a time on the workers. */
    void pushDue() {
        try {
            List<Claim> claims;
            do {
                claims = claim();
                List<Callable<Void>> pushes = claims.stream().<Callable<Void>>map(c -> () -> {
                    push(c);
                    return null;
                }).toList();
                workers.invokeAll(pushes);
            } while (claims.size() == BATCH);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Kept alive: a failed round (database away) must not end the schedule.
            LOG.warn("stock push round failed", e);
        }
    }

    /**
     * Takes due rows. A claim that outlived its time belonged to a pusher that died mid-call: its outcome is
     * unknown, so the row is due again with no belief. Two statements, so each uses its partial index.
     */
    List<Claim> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            // Microseconds, as PostgreSQL keeps them: the claim's end is compared for equality when the push ends.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Instant until = now.plus(claimFor);
            repository.releaseExpiredClaims(now);
            return repository.claimDue(now, BATCH, until, warehouseId);
        });
    }

    /** One SKU: learn the platform's figure if we must, send the difference, record what happened. */
    void push(Claim claim) {
        StockKey key = claim.key();
        Long read = null;
        long difference = 0;
        try {
            Stock stock = QuarkusTransaction.requiringNew().call(() -> stockRepository.find(key)).orElse(null);
            if (stock == null) {
                finish(claim, null, 0, null);
                return;
            }
            long believed;
            if (claim.believed() == null) {
                read = stockApi.stock(key.shopId(), claim.productId(), key.skuId());
                believed = read;
            } else {
                believed = claim.believed();
            }
            difference = platformStock.shouldShow(stock, claim.heldUnpaid()) - believed;
            if (difference != 0) {
                stockApi.move(key.shopId(), claim.productId(), key.skuId(), difference);
            }
            finish(claim, read, difference, null);
            metrics.counter("shipsync_inventory_platform_pushes_total", "outcome", difference == 0 ? "in_step" : "pushed")
                    .increment();
        } catch (PlatformError e) {
            metrics.counter("shipsync_inventory_platform_pushes_total", "outcome", String.valueOf(e.errcode())).increment();
            LOG.debugf("stock push for %s/%s refused: %s", key.shopId(), key.skuId(), e.getMessage());
            finish(claim, read, 0, e);
        } catch (RuntimeException e) {
            metrics.counter("shipsync_inventory_platform_pushes_total", "outcome", "error").increment();
            LOG.warnf(e, "stock push for %s/%s failed", key.shopId(), key.skuId());
            finish(claim, read, 0, e);
        }
    }

    /**
     * Records the outcome if the claim is still ours. On success the belief moves by what was pushed (orders
     * the platform took meanwhile have moved it already, and compose with it).
     */
    private void finish(Claim claim, Long read, long pushed, RuntimeException failure) {
        Instant now = clock.instant();
        PlatformError refusal = failure instanceof PlatformError e ? e : null;
        int errcode = refusal == null ? 0 : refusal.errcode();
        // The platform's figure is no longer known after a short-stock refusal or a call that may have landed.
        boolean forget = errcode == StockApi.INSUFFICIENT || errcode == PlatformError.TIMEOUT;
        Instant next = errcode == StockApi.INSUFFICIENT && claim.attempts() == 0 ? now : now.plus(backoff(claim.attempts()));
        QuarkusTransaction.requiringNew().run(() -> {
            if (failure == null) {
                repository.pushed(claim, read, pushed, now);
            } else {
                repository.pushFailed(claim, next, refusal == null ? null : errcode, abbreviate(failure.getMessage()), forget, read);
            }
        });
    }

    /** The wait before attempt {@code attempts + 1}: doubling from the base, capped, with up to half of it as jitter. */
    private Duration backoff(int attempts) {
        long base = config.backoff().toMillis();
        long capped = Math.min(config.maxBackoff().toMillis(), base << Math.min(attempts, 20));
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** An error message as the row keeps it (500 characters). */
    static String abbreviate(String message) {
        if (message == null) {
            return null;
        }
        return message.length() <= 500 ? message : message.substring(0, 497) + "...";
    }

}
