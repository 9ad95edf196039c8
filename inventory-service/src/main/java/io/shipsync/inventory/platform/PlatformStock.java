package io.shipsync.inventory.platform;

import io.shipsync.events.FreezePolicy;
import io.shipsync.events.OrderItem;
import io.shipsync.inventory.Stock;
import io.shipsync.inventory.StockKey;
import io.shipsync.inventory.config.InventoryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * 平台库存 bookkeeping, inside the transactions that move our stock: every change makes a push due, and every
 * order the platform took moves what we believe the platform shows (it deducts stock itself when the buyer
 * orders, so pushing the reservation too would take the units twice). Units of orders not yet paid are held
 * on the platform's side until payment reserves them here, or an unpaid cancel gives them back there. {@link StockPusher} sends the
 * difference; {@link StockReconciler} checks the belief against the platform.
 */
@ApplicationScoped
public class PlatformStock {

    private final EntityManager entityManager;
    private final InventoryConfig config;
    private final Clock clock;

    PlatformStock(EntityManager entityManager, InventoryConfig config, Clock clock) {
        this.entityManager = entityManager;
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
            upsert(key, productId, 0, 0);
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
            boolean first = entityManager.createNativeQuery("""
                    INSERT INTO platform_unpaid_holds (shop_id, order_id, sku_id, product_id, units, held_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING""")
                    .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, key.skuId())
                    .setParameter(4, products.get(key.skuId())).setParameter(5, held).setParameter(6, clock.instant())
                    .executeUpdate() == 1;
            if (first && mirrored(key)) {
                upsert(key, products.get(key.skuId()), held, held);
            }
        });
    }

    /**
     * 付款: the order is paid and reserved here (or short). Units an unpaid hold announced are no longer held on
     * the platform's side only; units never announced were taken by the platform just now.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void paid(String shopId, String orderId, Map<StockKey, Long> demand, Map<String, String> productOfSku) {
        Map<String, Long> held = settleHolds(shopId, orderId);
        demand.forEach((key, units) -> {
            if (mirrored(key)) {
                long wasHeld = held.getOrDefault(key.skuId(), 0L);
                upsert(key, productOfSku.get(key.skuId()), units - wasHeld, -wasHeld);
            }
        });
    }

    /** 未付款取消: the platform gave an unpaid order's units back. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unpaidCancelled(String shopId, String orderId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                DELETE FROM platform_unpaid_holds WHERE shop_id = ?1 AND order_id = ?2 RETURNING sku_id, product_id, units""")
                .setParameter(1, shopId).setParameter(2, orderId).getResultList();
        rows.stream().sorted(Comparator.comparing(r -> (String) r[0])).forEach(r -> {
            StockKey key = new StockKey(shopId, (String) r[0], config.defaultWarehouse());
            long units = ((Number) r[2]).longValue();
            if (mirrored(key)) {
                upsert(key, (String) r[1], -units, -units);
            }
        });
    }

    private Map<String, Long> settleHolds(String shopId, String orderId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                DELETE FROM platform_unpaid_holds WHERE shop_id = ?1 AND order_id = ?2 RETURNING sku_id, units""")
                .setParameter(1, shopId).setParameter(2, orderId).getResultList();
        Map<String, Long> held = new HashMap<>();
        rows.forEach(r -> held.put((String) r[0], ((Number) r[1]).longValue()));
        return held;
    }

    private boolean mirrored(StockKey key) {
        return config.platform().enabled() && key.warehouseId().equals(config.defaultWarehouse());
    }

    /**
     * Makes a push due (keeping an earlier due time), moves the belief down by {@code taken} units the platform
     * took (negative: gave back) and the unpaid holds by {@code held}.
     */
    private void upsert(StockKey key, String productId, long taken, long held) {
        // A belief we never had stays null (greatest() would turn it into 0): the next push reads the platform.
        entityManager.createNativeQuery("""
                INSERT INTO platform_stock (shop_id, sku_id, product_id, due, next_attempt, held_unpaid)
                VALUES (?1, ?2, ?3, true, ?4, greatest(?6, 0))
                ON CONFLICT (shop_id, sku_id) DO UPDATE SET due = true,
                    held_unpaid = greatest(platform_stock.held_unpaid + ?6, 0),
                    next_attempt = CASE WHEN platform_stock.due THEN platform_stock.next_attempt ELSE EXCLUDED.next_attempt END,
                    believed = CASE WHEN platform_stock.believed IS NULL THEN NULL
                                    ELSE greatest(platform_stock.believed - ?5, 0) END""")
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, productId)
                .setParameter(4, clock.instant().plus(config.platform().coalesce())).setParameter(5, taken)
                .setParameter(6, held).executeUpdate();
    }
}
