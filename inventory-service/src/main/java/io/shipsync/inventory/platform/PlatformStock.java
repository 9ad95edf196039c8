package io.shipsync.inventory.platform;

import io.shipsync.inventory.Stock;
import io.shipsync.inventory.StockKey;
import io.shipsync.inventory.config.InventoryConfig;
import io.shipsync.events.FreezePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * 平台库存 bookkeeping, inside the transactions that move our stock: every change makes a push due, and every
 * order the platform took moves what we believe the platform shows (it deducts stock itself when the buyer
 * orders, so pushing the reservation too would take the units twice). {@link StockPusher} sends the
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

    /** What the platform must show for this stock: what is available, or 0 while frozen by {@link FreezePolicy#PLATFORM_ZERO}. */
    public long shouldShow(Stock stock) {
        return shouldShow(stock.available(), stock.frozen());
    }

    public long shouldShow(long available, boolean frozen) {
        if (frozen && config.platform().freezePolicy() == FreezePolicy.PLATFORM_ZERO) {
            return 0;
        }
        return Math.max(0, available);
    }

    /** Our stock of the SKU changed: a push is owed once the burst it belongs to is over. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(StockKey key, String productId) {
        if (mirrored(key)) {
            upsert(key, productId, 0);
        }
    }

    /** The platform took {@code units} off its stock for an order, whether or not we could reserve them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void takenByOrder(StockKey key, String productId, long units) {
        if (mirrored(key)) {
            upsert(key, productId, units);
        }
    }

    private boolean mirrored(StockKey key) {
        return config.platform().enabled() && key.warehouseId().equals(config.defaultWarehouse());
    }

    /** Makes a push due (keeping an earlier due time) and moves the belief by {@code taken} units. */
    private void upsert(StockKey key, String productId, long taken) {
        // A belief we never had stays null (greatest() would turn it into 0): the next push reads the platform.
        entityManager.createNativeQuery("""
                INSERT INTO platform_stock (shop_id, sku_id, product_id, due, next_attempt) VALUES (?1, ?2, ?3, true, ?4)
                ON CONFLICT (shop_id, sku_id) DO UPDATE SET due = true,
                    next_attempt = CASE WHEN platform_stock.due THEN platform_stock.next_attempt ELSE EXCLUDED.next_attempt END,
                    believed = CASE WHEN platform_stock.believed IS NULL THEN NULL
                                    ELSE greatest(platform_stock.believed - ?5, 0) END""")
                .setParameter(1, key.shopId()).setParameter(2, key.skuId()).setParameter(3, productId)
                .setParameter(4, clock.instant().plus(config.platform().coalesce())).setParameter(5, taken)
                .executeUpdate();
    }
}
