package io.shipsync.inventory.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.shipsync.eventing.failure.FailureKind;
import io.shipsync.eventing.failure.Failures;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.StockDiscrepancy;
import io.shipsync.inventory.Stock;
import io.shipsync.inventory.StockKey;
import io.shipsync.inventory.StockLedger;
import io.shipsync.inventory.StockRepository;
import io.shipsync.inventory.config.InventoryConfig;
import io.shipsync.inventory.platform.PlatformStockRepository.IdleSync;
import io.shipsync.wechat.PlatformError;
import io.shipsync.wechat.StockApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * 库存对账: every SKU's platform stock read and compared with what it should show, by default every five minutes per
 * shop with an account, or when an operator asks. A run is recorded RUNNING when it starts and runs as an item of
 * the work queue {@value #QUEUE}: one at a time per shop (a unique running row), on one replica (the item's lease,
 * renewed while it runs; a replica that dies has its run started over elsewhere). It reads, calls and writes in
 * short transactions of their own and holds none across a platform call or the settle.
 * <p>
 * Never show the platform more than we have:
 * <ul>
 * <li>the platform showing more than it should is corrected downward at once;</li>
 * <li>showing fewer is read again after the settle and corrected upward only by what no order explains: orders on
 *     their way here ({@link OrdersOnTheirWay}) are subtracted, and if either source cannot be read nothing is
 *     corrected upward in that run (counted {@code deferred}).</li>
 * </ul>
 * A correction sets the belief so the pusher sends exactly it, records a PLATFORM_CORRECTION and announces
 * StockDiscrepancy. SKUs with a push owed or in flight, or pushed while the run read them, are left to the pusher
 * ({@code pending}); one that cannot be read is {@code unreadable} and the rest go on. The share of compared SKUs
 * that agreed is the inventory-accuracy figure, kept per run and as the gauge
 * {@code shipsync_inventory_platform_accuracy}.
 */
@ApplicationScoped
public class StockReconciler implements WorkHandler {

    public static final String QUEUE = "platform-stock-reconciliation";
    private static final Logger LOG = Logger.getLogger(StockReconciler.class);
    private static final String ACTOR = "reconciliation";

    public enum RunState { RUNNING, FINISHED, FAILED }

    /** One reconciliation of one shop; the figures are 0 and {@code finishedAt} null while it runs. */
    public record Run(long id, String shopId, RunState state, Instant startedAt, Instant finishedAt, int checked, int matched,
                      int corrected, int pending, int unreadable, int deferred, BigDecimal accuracy, String error) {
    }

    /** What a run counted; {@code checked} = compared and settled either way. */
    public record Counts(int matched, int corrected, int pending, int unreadable, int deferred) {

        public int checked() {
            return matched + corrected;
        }

        BigDecimal accuracy() {
            return checked() == 0 ? null
                    : BigDecimal.valueOf(matched).divide(BigDecimal.valueOf(checked()), 6, RoundingMode.HALF_EVEN);
        }
    }

    /** A SKU as the run sees it. */
    record Sku(StockKey key, String productId) {
    }

    /** What one look at a SKU found; BELOW (the platform shows fewer) waits for the settle and the orders. */
    private enum Look { AGREES, CORRECTED, BELOW, DEFERRED, PENDING, UNREADABLE }

    /** A look and, for a SKU below, what it read and the pusher's runs before the reading. */
    private record Seen(Sku sku, Look look, long pushRuns, long seen) {
    }

    private final PlatformStockRepository repository;
    private final StockRepository stockRepository;
    private final StockLedger ledger;
    private final PlatformStock platformStock;
    private final OrdersOnTheirWay ordersOnTheirWay;
    private final OvershowMeter overshow;
    private final StockApi stockApi;
    private final WorkQueue queue;
    private final Outbox outbox;
    private final InventoryConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Map<String, Double> accuracy = new ConcurrentHashMap<>();

    StockReconciler(PlatformStockRepository repository, StockRepository stockRepository, StockLedger ledger,
                    PlatformStock platformStock, OrdersOnTheirWay ordersOnTheirWay, OvershowMeter overshow, StockApi stockApi,
                    WorkQueue queue, Outbox outbox, InventoryConfig config, MeterRegistry metrics, Clock clock) {
        this.repository = repository;
        this.stockRepository = stockRepository;
        this.ledger = ledger;
        this.platformStock = platformStock;
        this.ordersOnTheirWay = ordersOnTheirWay;
        this.overshow = overshow;
        this.stockApi = stockApi;
        this.queue = queue;
        this.outbox = outbox;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Starts a run of the shop now; it goes on in the background.
     *
     * @throws PlatformSyncDisabled  when platform stock sync is switched off
     * @throws ReconciliationRunning when the shop has a run in progress
     */
    public Run start(String shopId) {
        if (!config.platform().enabled()) {
            throw new PlatformSyncDisabled();
        }
        return QuarkusTransaction.requiringNew().call(() -> begin(shopId).orElseThrow(() ->
                new ReconciliationRunning(shopId, repository.running(shopId).map(Run::id).orElse(null))));
    }

    /** @throws UnknownReconciliation when the shop has no such run */
    public Run run(String shopId, long id) {
        return QuarkusTransaction.requiringNew().call(() -> repository.run(shopId, id))
                .orElseThrow(() -> new UnknownReconciliation(shopId, id));
    }

    /**
     * Starts a run for each shop with an account, unless one started within half an interval (another replica's
     * schedule, or an operator).
     */
    @Scheduled(every = "${shipsync.inventory.platform.reconcile-interval:5m}",
            delayed = "${shipsync.inventory.platform.reconcile-interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcileAll() {
        if (!config.platform().enabled()) {
            return;
        }
        Duration recently = config.platform().reconcileInterval().dividedBy(2);
        for (String shopId : QuarkusTransaction.requiringNew().call(repository::shopsWithAccount)) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    Instant now = clock.instant();
                    if (repository.lastStartedAt(shopId).filter(at -> at.isAfter(now.minus(recently))).isEmpty()) {
                        begin(shopId);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("could not start the stock reconciliation of shop %s: %s", shopId, Failures.describe(e));
            }
        }
    }

    /** Records a run as RUNNING and queues it, in the caller's transaction; empty when one runs already. */
    private Optional<Run> begin(String shopId) {
        Instant now = clock.instant();
        Optional<Run> run = repository.startRun(shopId, now);
        run.ifPresent(r -> queue.submit(QUEUE, shopId, Long.toString(r.id()), now));
        return run;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public Settings defaults() {
        return Settings.DEFAULTS.withWorkers(2);
    }

    /**
     * Carries out a run. A failure the queue waits out (the database away) starts the run over later; any other
     * ends it FAILED with the reason.
     */
    @Override
    public WorkOutcome work(WorkItem item) {
        long id = Long.parseLong(item.key());
        String shopId = item.shopId();
        boolean running = QuarkusTransaction.requiringNew().call(() -> repository.run(shopId, id))
                .filter(run -> run.state() == RunState.RUNNING).isPresent();
        if (!running) {
            return WorkOutcome.done();
        }
        try {
            if (!config.platform().enabled()) {
                throw new PlatformSyncDisabled();
            }
            finish(id, shopId, reconcile(shopId));
        } catch (RuntimeException e) {
            if (Failures.classify(e) == FailureKind.TRANSIENT) {
                throw e;
            }
            LOG.warnf(e, "stock reconciliation %d of shop %s failed", id, shopId);
            QuarkusTransaction.requiringNew().run(() ->
                    repository.failRun(id, clock.instant(), StockPusher.abbreviate(Failures.describe(e))));
        }
        return WorkOutcome.done();
    }

    private Counts reconcile(String shopId) {
        List<Sku> skus = QuarkusTransaction.requiringNew().call(() -> skus(shopId));
        List<Seen> seen = new ArrayList<>();
        List<Sku> below = new ArrayList<>();
        for (Sku sku : skus) {
            Seen first = guarded(sku, () -> look(sku));
            if (first.look() == Look.BELOW) {
                below.add(sku);
            } else {
                seen.add(first);
            }
        }
        if (!below.isEmpty()) {
            settle();
            List<Seen> stillBelow = new ArrayList<>();
            for (Sku sku : below) {
                Seen second = guarded(sku, () -> look(sku));
                if (second.look() == Look.BELOW) {
                    stillBelow.add(second);
                } else {
                    seen.add(second);
                }
            }
            if (!stillBelow.isEmpty()) {
                OrdersOnTheirWay.Look orders = ordersOnTheirWay.look(shopId);
                if (!orders.certain()) {
                    LOG.infof("stock reconciliation of %s corrects nothing upward this run: %s", shopId, orders.doubt());
                }
                stillBelow.forEach(reading -> seen.add(guarded(reading.sku(), () -> decide(reading, orders))));
            }
        }
        return count(seen);
    }

    /**
     * Reads the SKU and compares: a difference downward is corrected now, one upward is left BELOW for the
     * second look and the orders. The pusher's runs are noted before the reading, so a push meanwhile is seen.
     */
    private Seen look(Sku sku) {
        Optional<Long> pushRuns = QuarkusTransaction.requiringNew().call(() -> repository.pushRunsIfIdle(sku.key()));
        if (pushRuns.isEmpty()) {
            return new Seen(sku, Look.PENDING, 0, 0);
        }
        Long seen = read(sku);
        if (seen == null) {
            return new Seen(sku, Look.UNREADABLE, 0, 0);
        }
        Look look = QuarkusTransaction.requiringNew().call(() -> compare(sku, pushRuns.get(), seen, null));
        return new Seen(sku, look, pushRuns.get(), seen);
    }

    /** Decides on a SKU still below after the second look, with the orders on their way. */
    private Seen decide(Seen reading, OrdersOnTheirWay.Look orders) {
        Look look = QuarkusTransaction.requiringNew().call(() ->
                compare(reading.sku(), reading.pushRuns(), reading.seen(), orders));
        return new Seen(reading.sku(), look, reading.pushRuns(), reading.seen());
    }

    /**
     * Compares a reading with what the SKU should show now, with the stock row and then the sync row locked (the
     * order every stock change takes). PENDING when a push is owed, in flight, or ran since the reading: the
     * figures are moving and the pusher will set them. Below, with no {@code orders} yet, the reading is kept for
     * the decision; with them, only what no order on its way explains is corrected, and nothing while in doubt.
     */
    private Look compare(Sku sku, long pushRuns, long seen, OrdersOnTheirWay.Look orders) {
        StockKey key = sku.key();
        Optional<Stock> stock = stockRepository.lock(key);
        Optional<IdleSync> sync = stock.isEmpty() ? Optional.empty() : repository.lockIdle(key);
        if (sync.isEmpty() || sync.get().pushRuns() != pushRuns) {
            return Look.PENDING;
        }
        long should = platformStock.shouldShow(stock.get(), sync.get().heldUnpaid());
        Instant now = clock.instant();
        double overshown = overshow.observed(key.shopId(), sync.get().inStepAt(), seen, should, now);
        if (seen > should) {
            correct(sku, stock.get(), sync.get(), seen, should, 0, now, overshown);
            return Look.CORRECTED;
        }
        if (seen < should && orders != null && orders.certain()) {
            long onTheirWay = ordersOnTheirWay.units(orders, key);
            if (should - onTheirWay > seen) {
                correct(sku, stock.get(), sync.get(), seen, should, onTheirWay, now, overshown);
                return Look.CORRECTED;
            }
        }
        repository.noteReading(key, seen, seen == should, now, overshown);
        return seen == should ? Look.AGREES : orders == null ? Look.BELOW : Look.DEFERRED;
    }

    /**
     * Brings the platform to {@code should} less {@code onTheirWay} units that orders not yet here will take off
     * our side: the belief becomes what the platform showed plus those units, so the pusher sends exactly the
     * correction, and once the orders arrive both sides agree.
     */
    private void correct(Sku sku, Stock stock, IdleSync sync, long seen, long should, long onTheirWay, Instant now,
                         double overshown) {
        StockKey key = sku.key();
        long target = should - onTheirWay;
        repository.noteDiffering(key, seen, seen + onTheirWay, now, overshown);
        queue.submit(StockPusher.QUEUE, key.shopId(), key.skuId(), now);
        ledger.recordPlatformCorrection(stock, seen, target, ACTOR, "platform showed " + seen + ", should show " + should
                + (stock.frozen() && should == 0 ? " (frozen)" : " (available " + stock.available()
                + (sync.heldUnpaid() > 0 ? ", " + sync.heldUnpaid() + " held by unpaid orders" : "") + ")")
                + (onTheirWay > 0 ? ", " + onTheirWay + " taken by platform orders not here yet" : "")
                + ": pushing " + (target > seen ? "+" : "") + (target - seen));
        outbox.append(new StockDiscrepancy(key.skuId(), sku.productId(), key.warehouseId(), seen, target, target - seen, now),
                key.shopId());
        metrics.counter("shipsync_inventory_platform_corrections_total").increment();
    }

    /** One SKU's look, its failure kept to it: the SKU counts as unreadable and the run goes on. */
    private Seen guarded(Sku sku, Supplier<Seen> look) {
        try {
            return look.get();
        } catch (RuntimeException e) {
            LOG.warnf("stock reconciliation could not check %s/%s: %s", sku.key().shopId(), sku.key().skuId(),
                    Failures.describe(e));
            try {
                noteUnreadable(sku, null, Failures.describe(e));
            } catch (RuntimeException ignored) {
                // The database is away too: the count says it, the row will say it next time.
            }
            return new Seen(sku, Look.UNREADABLE, 0, 0);
        }
    }

    /** The platform's figure, or null when it would not say (noted on the row). */
    private Long read(Sku sku) {
        try {
            return stockApi.stock(sku.key().shopId(), sku.productId(), sku.key().skuId());
        } catch (PlatformError e) {
            noteUnreadable(sku, e.errcode(), e.getMessage());
            return null;
        }
    }

    private void noteUnreadable(Sku sku, Integer errcode, String error) {
        QuarkusTransaction.requiringNew().run(() ->
                repository.noteUnreadable(sku.key(), errcode, StockPusher.abbreviate(error)));
    }

    /** Every SKU stocked in the mirrored warehouse, with a sync row (and a push, to learn its figure) for any new one. */
    private List<Sku> skus(String shopId) {
        String warehouseId = config.defaultWarehouse();
        Instant now = clock.instant();
        repository.addMissing(shopId, warehouseId).forEach(skuId -> queue.submit(StockPusher.QUEUE, shopId, skuId, now));
        return repository.skus(shopId, warehouseId);
    }

    private static Counts count(List<Seen> seen) {
        Map<Look, Integer> by = new EnumMap<>(Look.class);
        seen.forEach(s -> by.merge(s.look(), 1, Integer::sum));
        return new Counts(by.getOrDefault(Look.AGREES, 0), by.getOrDefault(Look.CORRECTED, 0),
                by.getOrDefault(Look.PENDING, 0), by.getOrDefault(Look.UNREADABLE, 0), by.getOrDefault(Look.DEFERRED, 0));
    }

    private void finish(long id, String shopId, Counts counts) {
        BigDecimal share = counts.accuracy();
        QuarkusTransaction.requiringNew().run(() -> repository.finishRun(id, clock.instant(), counts, share));
        if (share != null) {
            accuracyGauge(shopId).put(shopId, share.doubleValue());
        }
        if (counts.corrected() > 0 || counts.unreadable() > 0 || counts.deferred() > 0) {
            LOG.infof("stock reconciliation %d of %s: %d checked, %d matched, %d corrected, %d pending, %d unreadable,"
                    + " %d deferred", id, shopId, counts.checked(), counts.matched(), counts.corrected(), counts.pending(),
                    counts.unreadable(), counts.deferred());
        }
    }

    private Map<String, Double> accuracyGauge(String shopId) {
        if (!accuracy.containsKey(shopId)) {
            Gauge.builder("shipsync_inventory_platform_accuracy", accuracy, values -> values.getOrDefault(shopId, Double.NaN))
                    .description("Share of SKUs whose platform stock equalled ours at the last reconciliation")
                    .tag("shop", shopId).register(metrics);
        }
        return accuracy;
    }

    /** Outside any transaction: lets orders the platform took reach us before a difference upward is decided. */
    private void settle() {
        try {
            Thread.sleep(config.platform().settle().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
