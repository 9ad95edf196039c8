package io.shipsync.inventory.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.inventory.Stock;
import io.shipsync.inventory.StockKey;
import io.shipsync.inventory.StockRepository;
import io.shipsync.inventory.config.InventoryConfig;
import io.shipsync.inventory.platform.PlatformStockRepository.PushTarget;
import io.shipsync.wechat.PlatformError;
import io.shipsync.wechat.StockApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Pushes what the platform owes us (stock/update with diff_type 1 or 2, never 3): the work of queue
 * {@value #QUEUE} (item key = SKU id), the difference between what the platform should show and what we believe
 * it shows. Every stock change submits the SKU due after the coalescing window and the push reads the figures when
 * it goes, so a burst of changes is one push; the queue runs one push per SKU at a time across replicas and renews
 * its lease for as long as the platform takes to answer.
 * <ul>
 * <li>10020112 (更新该sku库存频率超限) and transient errors: the queue's capped, jittered backoff; changes meanwhile
 *     merge into the next push (a waiting item keeps its time).</li>
 * <li>10020219 (库存不足以减扣): the platform holds fewer units than we believed; the belief is dropped and the push
 *     tried again at once (the first time), reading the platform.</li>
 * <li>A timeout may or may not have moved the platform's stock, and so may a push whose holder died mid-call
 *     ({@link WorkItem#interrupted()}) or that could not record its outcome: the belief is dropped and read again.</li>
 * <li>A shop without a WeChat Shop account has its pushes refused (kept on the row) and retried at the longest
 *     backoff, so registering the account later brings its SKUs in step.</li>
 * </ul>
 */
@ApplicationScoped
public class StockPusher implements WorkHandler {

    public static final String QUEUE = "platform-stock";
    private static final Logger LOG = Logger.getLogger(StockPusher.class);

    /** The SKU's figures and sync row as a push starts. */
    private record Target(Stock stock, PushTarget sync) {
    }

    private final PlatformStockRepository repository;
    private final StockRepository stockRepository;
    private final PlatformStock platformStock;
    private final StockApi stockApi;
    private final OvershowMeter overshow;
    private final InventoryConfig.Platform config;
    private final String warehouseId;
    private final MeterRegistry metrics;
    private final Clock clock;

    StockPusher(PlatformStockRepository repository, StockRepository stockRepository, PlatformStock platformStock,
                StockApi stockApi, OvershowMeter overshow, InventoryConfig config, MeterRegistry metrics, Clock clock) {
        this.repository = repository;
        this.stockRepository = stockRepository;
        this.platformStock = platformStock;
        this.stockApi = stockApi;
        this.overshow = overshow;
        this.config = config.platform();
        this.warehouseId = config.defaultWarehouse();
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public Settings defaults() {
        return Settings.DEFAULTS.withWorkers(config.pushWorkers()).withPollInterval(config.pushPollInterval())
                .withBackoff(config.backoff(), config.maxBackoff());
    }

    /** One SKU: learn the platform's figure if we must, send the difference, record what happened. */
    @Override
    public WorkOutcome work(WorkItem item) {
        if (!config.enabled()) {
            return WorkOutcome.done(); // nothing is mirrored while sync is off; reconciliation catches up once it is on
        }
        StockKey key = new StockKey(item.shopId(), item.key(), warehouseId);
        Target target = QuarkusTransaction.requiringNew().call(() -> target(key, item.interrupted()));
        if (target == null) {
            return WorkOutcome.done();
        }
        PushTarget sync = target.sync();
        long should = platformStock.shouldShow(target.stock(), sync.heldUnpaid());
        Long read = null;
        try {
            if (sync.believed() == null) {
                read = stockApi.stock(key.shopId(), sync.productId(), key.skuId());
            }
            long difference = should - (read != null ? read : sync.believed());
            if (difference != 0) {
                QuarkusTransaction.requiringNew().run(() -> repository.pushing(key, difference));
                stockApi.move(key.shopId(), sync.productId(), key.skuId(), difference);
            }
            Instant at = clock.instant();
            double overshown = read == null ? 0 : overshow.observed(key.shopId(), sync.inStepAt(), read, should, at);
            Long seen = read;
            QuarkusTransaction.requiringNew().run(() -> repository.pushed(key, seen, difference, at, overshown));
            metrics.counter("shipsync_inventory_platform_pushes_total", "outcome", difference == 0 ? "in_step" : "pushed")
                    .increment();
            return WorkOutcome.done();
        } catch (PlatformError e) {
            metrics.counter("shipsync_inventory_platform_pushes_total", "outcome", String.valueOf(e.errcode())).increment();
            LOG.debugf("stock push for %s/%s refused: %s", key.shopId(), key.skuId(), e.getMessage());
            return refused(item, key, sync, should, read, e);
        }
    }

    /**
     * The stock row and sync row, or null when either is gone. An earlier push whose outcome is unknown (its holder
     * died mid-call, or it could not record what the platform answered) leaves the belief unknown.
     */
    private Target target(StockKey key, boolean interrupted) {
        Stock stock = stockRepository.find(key).orElse(null);
        PushTarget sync = repository.pushTarget(key).orElse(null);
        if (stock == null || sync == null) {
            return null;
        }
        if (interrupted || sync.pushing() != null) {
            repository.forget(key);
            return new Target(stock, new PushTarget(sync.productId(), null, sync.heldUnpaid(), null, sync.inStepAt()));
        }
        return new Target(stock, sync);
    }

    /** Keeps the refusal on the row and says when to try again. */
    private WorkOutcome refused(WorkItem item, StockKey key, PushTarget sync, long should, Long read, PlatformError e) {
        Instant at = clock.instant();
        // The platform's figure is no longer known after a short-stock refusal or a call that may have landed.
        boolean forget = e.errcode() == StockApi.INSUFFICIENT || e.errcode() == PlatformError.TIMEOUT;
        double overshown = read == null ? 0 : overshow.observed(key.shopId(), sync.inStepAt(), read, should, at);
        String reason = abbreviate(e.getMessage());
        QuarkusTransaction.requiringNew().run(() ->
                repository.pushFailed(key, e.errcode(), reason, forget, read, at, overshown));
        if (e.errcode() == PlatformError.NO_ACCOUNT) {
            return WorkOutcome.retryAt(at.plus(config.maxBackoff()), reason);
        }
        if (e.errcode() == StockApi.INSUFFICIENT && item.attempt() == 1) {
            return WorkOutcome.retryAt(at, reason);
        }
        return WorkOutcome.retry(reason);
    }

    /** An error message as the row keeps it (500 characters). */
    static String abbreviate(String message) {
        if (message == null) {
            return null;
        }
        return message.length() <= 500 ? message : message.substring(0, 497) + "...";
    }
}
