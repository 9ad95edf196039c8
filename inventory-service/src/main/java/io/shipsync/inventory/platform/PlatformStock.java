package io.shipsync.inventory.platform;

import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.FreezePolicy;
import io.shipsync.events.OrderItem;
import io.shipsync.inventory.Stock;
import io.shipsync.inventory.StockKey;
import io.shipsync.inventory.config.InventoryConfig;
import io.shipsync.inventory.platform.PlatformStockRepository.UnpaidHold;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * 平台库存 bookkeeping, inside the transactions that move our stock: every change submits a push of the SKU to
 * the work queue (due once the burst it belongs to is over), and every order the platform took moves what we
 * believe the platform shows (it deducts stock itself when the buyer
 * orders, so pushing the reservation too would take the units twice). Units of orders not yet paid are held
 * on the platform's side until payment reserves them here, or an unpaid cancel gives them back there. {@link StockPusher} sends the
 * difference; {@link StockReconciler} checks the belief against the platform.
 */
@ApplicationScoped
public class PlatformStock {

    private final PlatformStockRepository repository;
    private final WorkQueue queue;
    private final InventoryConfig config;
    private final Clock clock;

    PlatformStock(PlatformStockRepository repository, WorkQueue queue, InventoryConfig config, Clock clock) {
        this.repository = repository;
        this.queue = queue;
        this.config = config;
        this.clock = clock;
    }

    /**
     * What the platform must show: what is available less what unpaid orders hold there (the platform took those
     * units already; we reserve them only on payment), or 0 while frozen by {@link FreezePolicy#PLATFORM_ZERO}.
     */
    public long shouldShow(Stock stock, long heldUnpaid) {
        return shouldShow(stock.available(), stock.frozen(), heldUnpaid);
    }

    public long shouldShow(long available, boolean frozen, long heldUnpaid) {
        if (frozen && config.platform().freezePolicy() == FreezePolicy.PLATFORM_ZERO) {
            return 0;
        }
        return Math.max(0, available - heldUnpaid);
    }

    /** Our stock of the SKU changed: a push is owed once the burst it belongs to is over. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(StockKey key, String productId) {
        if (mirrored(key)) {
            markDue(key, productId, 0, 0);
        }
    }

    /** 下单 (待付款): the platform took the order's units before payment. Once per order and SKU. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void heldByUnpaidOrder(String shopId, String orderId, List<OrderItem> items) {
        Map<StockKey, Long> units = new TreeMap<>();
        Map<String, String> products = new HashMap<>();
        items.forEach(item -> {
            units.merge(new StockKey(shopId, item.skuId(), config.defaultWarehouse()), (long) item.quantity(), Long::sum);
            products.put(item.skuId(), item.productId());
        });
        units.forEach((key, held) -> {
            boolean first = repository.hold(shopId, orderId, key.skuId(), products.get(key.skuId()), held, clock.instant());
            if (first && mirrored(key)) {
                markDue(key, products.get(key.skuId()), held, held);
            }
        });
    }

    /**
     * 付款: the order is paid and reserved here (or short). Units an unpaid hold announced are no longer held on
     * the platform's side only; units never announced were taken by the platform just now.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void paid(String shopId, String orderId, Map<StockKey, Long> demand, Map<String, String> productOfSku) {
        Map<String, Long> held = new HashMap<>();
        repository.settleHolds(shopId, orderId).forEach(hold -> held.put(hold.skuId(), hold.units()));
        demand.forEach((key, units) -> {
            if (mirrored(key)) {
                long wasHeld = held.getOrDefault(key.skuId(), 0L);
                markDue(key, productOfSku.get(key.skuId()), units - wasHeld, -wasHeld);
            }
        });
    }

    /** 未付款取消: the platform gave an unpaid order's units back. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unpaidCancelled(String shopId, String orderId) {
        // Rows in key order, as every stock change takes them: no deadlocks.
        repository.settleHolds(shopId, orderId).stream().sorted(Comparator.comparing(UnpaidHold::skuId)).forEach(hold -> {
            StockKey key = new StockKey(shopId, hold.skuId(), config.defaultWarehouse());
            if (mirrored(key)) {
                markDue(key, hold.productId(), -hold.units(), -hold.units());
            }
        });
    }

    private boolean mirrored(StockKey key) {
        return config.platform().enabled() && key.warehouseId().equals(config.defaultWarehouse());
    }

    /**
     * Moves the belief down by {@code taken} units the platform took (negative: gave back) and the unpaid holds by
     * {@code held}, and submits a push due once the burst is over. A push already waiting keeps its time, so a
     * burst is one push and a backoff is not cut short; one running now runs once more after.
     */
    private void markDue(StockKey key, String productId, long taken, long held) {
        repository.noteChange(key, productId, taken, held);
        queue.submit(StockPusher.QUEUE, key.shopId(), key.skuId(), clock.instant().plus(config.platform().coalesce()));
    }
}
