package io.shipsync.alerting.operations;

import io.shipsync.events.StockChanged;
import io.shipsync.events.StockDiscrepancy;
import io.shipsync.events.StockFrozen;
import io.shipsync.events.StockLevelCrossed;
import io.shipsync.events.StockShortage;
import io.shipsync.events.StockUnfrozen;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.List;
import org.hibernate.Session;

/**
 * The stock family of the read model: {@code ops_skus} (figures, level, freeze per SKU and warehouse),
 * {@code ops_stock_shortages} and {@code ops_stock_discrepancies}, from inventory-service's stock events.
 */
@ApplicationScoped
public class SkuRepository {

    /** Which SKU in which warehouse. */
    public record SkuKey(String skuId, String warehouseId) {
    }

    private final Session session;

    SkuRepository(Session session) {
        this.session = session;
    }

    public void changed(String shopId, StockChanged changed) {
        session.createNativeQuery("""
                INSERT INTO ops_skus (shop_id, sku_id, warehouse_id, product_id, on_hand, reserved, available, level, changed_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                ON CONFLICT (shop_id, sku_id, warehouse_id) DO UPDATE SET on_hand = EXCLUDED.on_hand,
                  reserved = EXCLUDED.reserved, available = EXCLUDED.available, level = EXCLUDED.level,
                  changed_at = EXCLUDED.changed_at""")
                .setParameter(1, shopId).setParameter(2, changed.skuId()).setParameter(3, changed.warehouseId())
                .setParameter(4, changed.productId()).setParameter(5, changed.onHand()).setParameter(6, changed.reserved())
                .setParameter(7, changed.available()).setParameter(8, changed.level().name())
                .setParameter(9, changed.changedAt())
                .executeUpdate();
    }

    public void crossed(String shopId, StockLevelCrossed crossed) {
        session.createNativeQuery("""
                INSERT INTO ops_skus (shop_id, sku_id, warehouse_id, product_id, available, level, level_since)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                ON CONFLICT (shop_id, sku_id, warehouse_id) DO UPDATE SET available = EXCLUDED.available,
                  level = EXCLUDED.level, level_since = EXCLUDED.level_since""")
                .setParameter(1, shopId).setParameter(2, crossed.skuId()).setParameter(3, crossed.warehouseId())
                .setParameter(4, crossed.productId()).setParameter(5, crossed.available())
                .setParameter(6, crossed.toLevel().name()).setParameter(7, crossed.crossedAt())
                .executeUpdate();
    }

    public void frozen(String shopId, StockFrozen frozen) {
        freeze(shopId, frozen.skuId(), frozen.warehouseId(), frozen.productId(), frozen.available(), frozen.frozenAt());
    }

    public void unfrozen(String shopId, StockUnfrozen unfrozen) {
        freeze(shopId, unfrozen.skuId(), unfrozen.warehouseId(), unfrozen.productId(), unfrozen.available(), null);
    }

    /**
     * The order is short of the SKU until stock covers it; recorded settled at once when the order was cancelled
     * before the shortage arrived (the two come on different topics).
     */
    public void shortage(String shopId, StockShortage shortage, Instant orderCancelledAt) {
        session.createNativeQuery("""
                INSERT INTO ops_stock_shortages (shop_id, order_id, sku_id, warehouse_id, requested, available, detected_at,
                                                 settled_at, settled_by)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(?8 AS timestamptz),
                        CASE WHEN CAST(?8 AS timestamptz) IS NULL THEN NULL ELSE 'ORDER_CANCELLED' END)
                ON CONFLICT (shop_id, order_id, sku_id, warehouse_id) DO UPDATE SET requested = EXCLUDED.requested,
                  available = EXCLUDED.available, detected_at = EXCLUDED.detected_at, settled_at = EXCLUDED.settled_at,
                  settled_by = EXCLUDED.settled_by""")
                .setParameter(1, shopId).setParameter(2, shortage.orderId()).setParameter(3, shortage.skuId())
                .setParameter(4, shortage.warehouseId()).setParameter(5, shortage.requested())
                .setParameter(6, shortage.available()).setParameter(7, shortage.detectedAt()).setParameter(8, orderCancelledAt)
                .executeUpdate();
    }

    /** Settles the SKU's shortages that {@code available} units now cover, as order-service releases their holds. */
    public int coveredShortages(String shopId, String skuId, String warehouseId, long available, Instant at) {
        return session.createNativeQuery("""
                UPDATE ops_stock_shortages SET settled_at = ?5, settled_by = 'STOCK_RETURNED'
                WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3 AND settled_at IS NULL AND requested <= ?4""")
                .setParameter(1, shopId).setParameter(2, skuId).setParameter(3, warehouseId).setParameter(4, available)
                .setParameter(5, at).executeUpdate();
    }

    /** Settles the cancelled order's shortages; returns the SKUs they were of. */
    public List<SkuKey> cancelledShortages(String shopId, String orderId, Instant at) {
        return session.createNativeQuery("""
                UPDATE ops_stock_shortages SET settled_at = ?3, settled_by = 'ORDER_CANCELLED'
                WHERE shop_id = ?1 AND order_id = ?2 AND settled_at IS NULL RETURNING sku_id, warehouse_id""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, at)
                .getResultList().stream()
                .map(r -> new SkuKey(r.get("sku_id", String.class), r.get("warehouse_id", String.class))).toList();
    }

    public long openShortages(String shopId, String skuId, String warehouseId) {
        return session.createNativeQuery("""
                SELECT count(*) FROM ops_stock_shortages
                WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3 AND settled_at IS NULL""", Long.class)
                .setParameter(1, shopId).setParameter(2, skuId).setParameter(3, warehouseId).getSingleResult();
    }

    public void discrepancy(String shopId, StockDiscrepancy discrepancy) {
        session.createNativeQuery("""
                INSERT INTO ops_stock_discrepancies (shop_id, sku_id, warehouse_id, detected_at, platform_stock, expected_stock)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, discrepancy.skuId()).setParameter(3, discrepancy.warehouseId())
                .setParameter(4, discrepancy.detectedAt()).setParameter(5, discrepancy.platformStock())
                .setParameter(6, discrepancy.expectedStock())
                .executeUpdate();
    }

    /** @param since when it froze; null when it unfroze */
    private void freeze(String shopId, String skuId, String warehouseId, String productId, long available, Instant since) {
        session.createNativeQuery("""
                INSERT INTO ops_skus (shop_id, sku_id, warehouse_id, product_id, available, frozen, frozen_since)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS timestamptz))
                ON CONFLICT (shop_id, sku_id, warehouse_id) DO UPDATE SET available = EXCLUDED.available,
                  frozen = EXCLUDED.frozen, frozen_since = EXCLUDED.frozen_since""")
                .setParameter(1, shopId).setParameter(2, skuId).setParameter(3, warehouseId).setParameter(4, productId)
                .setParameter(5, available).setParameter(6, since != null).setParameter(7, since)
                .executeUpdate();
    }
}
