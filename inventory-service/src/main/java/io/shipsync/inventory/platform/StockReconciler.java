package io.shipsync.inventory.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.events.StockDiscrepancy;
import io.shipsync.inventory.Stock;
import io.shipsync.inventory.StockKey;
import io.shipsync.inventory.StockLedger;
import io.shipsync.inventory.StockRepository;
import io.shipsync.inventory.config.InventoryConfig;
import io.shipsync.wechat.PlatformError;
import io.shipsync.wechat.StockApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * 库存对账: every SKU's platform stock read and compared with what it should show, by default every five
 * minutes. A difference is read again after a short settle (an order the platform took may still be on its
 * way here) and, if it holds, corrected: the belief becomes what the platform showed, the pusher sends the
 * difference, the ledger records a PLATFORM_CORRECTION and StockDiscrepancy tells alerting. SKUs with a push
 * due or in flight are left to the pusher. The share of compared SKUs that agreed is the inventory-accuracy
 * figure, kept per run and as the gauge {@code shipsync_inventory_platform_accuracy}.
 */
@ApplicationScoped
public class StockReconciler {

    private static final Logger LOG = Logger.getLogger(StockReconciler.class);
    private static final String ACTOR = "reconciliation";

    /** One reconciliation of one shop. */
    public record Run(long id, String shopId, Instant startedAt, Instant finishedAt, int checked, int matched, int corrected,
                      int pending, int unreadable, BigDecimal accuracy) {
    }

    /** A SKU as the run sees it. */
    record Sku(StockKey key, String productId, boolean pending) {
    }

    private final PlatformStockRepository repository;
    private final StockRepository stockRepository;
    private final StockLedger ledger;
    private final PlatformStock platformStock;
    private final StockApi stockApi;
    private final Outbox outbox;
    private final InventoryConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Map<String, Double> accuracy = new ConcurrentHashMap<>();

    StockReconciler(PlatformStockRepository repository, StockRepository stockRepository, StockLedger ledger,
                    PlatformStock platformStock, StockApi stockApi, Outbox outbox, InventoryConfig config,
                    MeterRegistry metrics, Clock clock) {
        this.repository = repository;
        this.stockRepository = stockRepository;
        this.ledger = ledger;
        this.platformStock = platformStock;
        this.stockApi = stockApi;
        this.outbox = outbox;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Scheduled(every = "${shipsync.inventory.platform.reconcile-interval:5m}",
            delayed = "${shipsync.inventory.platform.reconcile-interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcileAll() {
        if (!config.platform().enabled()) {
            return;
        }
        List<String> shops = QuarkusTransaction.requiringNew().call(repository::shopsWithAccount);
        for (String shopId : shops) {
            try {
                reconcile(shopId);
            } catch (RuntimeException e) {
                LOG.warnf(e, "stock reconciliation of shop %s failed", shopId);
            }
        }
    }

    /**
     * Reconciles one shop now; empty when another replica is reconciling it. The shop's advisory lock is held
     * for the run by a transaction of its own; the corrections commit one by one.
     *
     * @throws PlatformSyncDisabled when platform stock sync is switched off
     */
    public Optional<Run> reconcile(String shopId) {
        if (!config.platform().enabled()) {
            throw new PlatformSyncDisabled();
        }
        return QuarkusTransaction.requiringNew().timeout(3600).call(() ->
                repository.lockReconciliation(shopId) ? Optional.of(run(shopId)) : Optional.<Run>empty());
    }

    private Run run(String shopId) {
        Instant started = clock.instant();
        List<Sku> skus = QuarkusTransaction.requiringNew().call(() -> skus(shopId, started));
        int matched = 0;
        int pending = 0;
        int unreadable = 0;
        List<Sku> differing = new ArrayList<>();
        for (Sku sku : skus) {
            if (sku.pending()) {
                pending++;
                continue;
            }
            switch (check(sku, false)) {
                case AGREES -> matched++;
                case DIFFERS -> differing.add(sku);
                case PENDING -> pending++;
                case UNREADABLE -> unreadable++;
            }
        }
        int corrected = 0;
        if (!differing.isEmpty()) {
            settle();
            for (Sku sku : differing) {
                switch (check(sku, true)) {
                    case AGREES -> matched++;
                    case DIFFERS -> corrected++;
                    case PENDING -> pending++;
                    case UNREADABLE -> unreadable++;
                }
            }
        }
        int checked = matched + corrected;
        BigDecimal share = checked == 0 ? null
                : BigDecimal.valueOf(matched).divide(BigDecimal.valueOf(checked), 6, RoundingMode.HALF_EVEN);
        Run run = record(shopId, started, checked, matched, corrected, pending, unreadable, share);
        if (share != null) {
            accuracyGauge(shopId).put(shopId, share.doubleValue());
        }
        if (corrected > 0 || unreadable > 0) {
            LOG.infof("stock reconciliation of %s: %d checked, %d matched, %d corrected, %d pending, %d unreadable",
                    shopId, checked, matched, corrected, pending, unreadable);
        }
        return run;
    }

    private enum Outcome { AGREES, DIFFERS, PENDING, UNREADABLE }

    /**
     * Reads the platform and compares it with what it should show; a SKU that became due meanwhile is the
     * pusher's. A difference is corrected when {@code correct} (the second look, after the settle), else noted.
     */
    private Outcome check(Sku sku, boolean correct) {
        Long seen = read(sku);
        if (seen == null) {
            return Outcome.UNREADABLE;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Idle idle = idle(sku);
            if (idle == null) {
                return Outcome.PENDING;
            }
            Stock stock = idle.stock();
            long should = platformStock.shouldShow(stock, idle.heldUnpaid());
            if (seen == should || !correct) {
                note(sku, seen, seen == should);
                return seen == should ? Outcome.AGREES : Outcome.DIFFERS;
            }
            Instant now = clock.instant();
            repository.noteDiffering(sku.key(), seen, now);
            ledger.recordPlatformCorrection(stock, seen, should, ACTOR, "platform showed " + seen + ", should show " + should
                    + (stock.frozen() && should == 0 ? " (frozen)" : " (available " + stock.available()
                    + (idle.heldUnpaid() > 0 ? ", " + idle.heldUnpaid() + " held by unpaid orders" : "") + ")")
                    + ": pushing " + (should > seen ? "+" : "") + (should - seen));
            outbox.append(new StockDiscrepancy(sku.key().skuId(), sku.productId(), sku.key().warehouseId(), seen, should,
                    should - seen, now), sku.key().shopId());
            metrics.counter("shipsync_inventory_platform_corrections_total").increment();
            return Outcome.DIFFERS;
        });
    }

    /**
     * The stock row, locked first (the order every stock change takes), and the sync row, or null when a push
     * is due or in flight: the figures are moving and the pusher will set them.
     */
    private Idle idle(Sku sku) {
        Optional<Stock> stock = stockRepository.lock(sku.key());
        if (stock.isEmpty()) {
            return null;
        }
        return repository.lockIdle(sku.key()).map(held -> new Idle(stock.get(), held)).orElse(null);
    }

    /** A SKU with no push due or in flight: its figures, and what unpaid orders hold on the platform. */
    private record Idle(Stock stock, long heldUnpaid) {
    }

    /** Keeps the reading; when it agrees it is also the belief (which may have been unknown). */
    private void note(Sku sku, long seen, boolean agrees) {
        repository.noteReading(sku.key(), seen, agrees, clock.instant());
    }

    /** The platform's figure, or null when it would not say (noted on the row). */
    private Long read(Sku sku) {
        try {
            return stockApi.stock(sku.key().shopId(), sku.productId(), sku.key().skuId());
        } catch (PlatformError e) {
            noteUnreadable(sku, e);
            return null;
        }
    }

    private void noteUnreadable(Sku sku, PlatformError e) {
        QuarkusTransaction.requiringNew().run(() ->
                repository.noteUnreadable(sku.key(), e.errcode(), StockPusher.abbreviate(e.getMessage())));
    }

    /** Every SKU stocked in the mirrored warehouse, with a sync row made for any that has none yet. */
    private List<Sku> skus(String shopId, Instant now) {
        String warehouseId = config.defaultWarehouse();
        repository.addMissing(shopId, warehouseId, now);
        return repository.skus(shopId, warehouseId);
    }

    private Run record(String shopId, Instant started, int checked, int matched, int corrected, int pending, int unreadable,
                       BigDecimal share) {
        Instant finished = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> repository.addRun(shopId, started, finished, checked, matched,
                corrected, pending, unreadable, share));
    }

    private Map<String, Double> accuracyGauge(String shopId) {
        if (!accuracy.containsKey(shopId)) {
            Gauge.builder("shipsync_inventory_platform_accuracy", accuracy, values -> values.getOrDefault(shopId, Double.NaN))
                    .description("Share of SKUs whose platform stock equalled ours at the last reconciliation")
                    .tag("shop", shopId).register(metrics);
        }
        return accuracy;
    }

    private void settle() {
        try {
            Thread.sleep(config.platform().settle().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
