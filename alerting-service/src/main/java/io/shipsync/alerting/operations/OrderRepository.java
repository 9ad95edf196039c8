package io.shipsync.alerting.operations;

import io.shipsync.events.DriftDetected;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderCreated;
import io.shipsync.events.OrderHeld;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.OrderReleased;
import io.shipsync.events.OrderShipped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * The order family of the read model: {@code ops_orders}, {@code ops_order_lines}, {@code ops_order_holds},
 * {@code ops_drift_findings}, written from order events in event time.
 */
@ApplicationScoped
public class OrderRepository {

    private final Session session;

    OrderRepository(Session session) {
        this.session = session;
    }

    /**
     * The order's row, created if it is new, locked until the transaction ends: an order's events come on two topics
     * (order, waybill) and their consumers run at once, so each takes this lock before reading or writing the order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String shopId, String orderId) {
        session.createNativeQuery("INSERT INTO ops_orders (shop_id, order_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, shopId).setParameter(2, orderId).executeUpdate();
        session.createNativeQuery("SELECT 1 FROM ops_orders WHERE shop_id = ?1 AND order_id = ?2 FOR UPDATE", Integer.class)
                .setParameter(1, shopId).setParameter(2, orderId).getSingleResult();
    }

    public void created(String shopId, OrderCreated created) {
        session.createNativeQuery("UPDATE ops_orders SET created_at = ?3 WHERE shop_id = ?1 AND order_id = ?2")
                .setParameter(1, shopId).setParameter(2, created.orderId()).setParameter(3, created.createdAt())
                .executeUpdate();
        linesIfNone(shopId, created.orderId(), created.items());
    }

    /** Payment fixes the order's lines: they replace any known from before. */
    public void placed(String shopId, OrderPlaced placed) {
        session.createNativeQuery("UPDATE ops_orders SET paid_at = ?3, total_fen = ?4 WHERE shop_id = ?1 AND order_id = ?2")
                .setParameter(1, shopId).setParameter(2, placed.orderId()).setParameter(3, placed.paidAt())
                .setParameter(4, placed.totalFen()).executeUpdate();
        session.createNativeQuery("DELETE FROM ops_order_lines WHERE shop_id = ?1 AND order_id = ?2")
                .setParameter(1, shopId).setParameter(2, placed.orderId()).executeUpdate();
        lines(shopId, placed.orderId(), placed.items());
    }

    public void cancelled(String shopId, OrderCancelled cancelled) {
        session.createNativeQuery("""
                UPDATE ops_orders SET cancelled_at = ?3, cancel_type = ?4 WHERE shop_id = ?1 AND order_id = ?2""")
                .setParameter(1, shopId).setParameter(2, cancelled.orderId()).setParameter(3, cancelled.cancelledAt())
                .setParameter(4, cancelled.cancelType()).executeUpdate();
        linesIfNone(shopId, cancelled.orderId(), cancelled.items());
    }

    /** When the order was cancelled; empty while it is not. */
    public Optional<Instant> cancelledAt(String shopId, String orderId) {
        return session.createNativeQuery("""
                SELECT cancelled_at FROM ops_orders WHERE shop_id = ?1 AND order_id = ?2 AND cancelled_at IS NOT NULL""",
                        Instant.class)
                .setParameter(1, shopId).setParameter(2, orderId).getResultList().stream().findFirst();
    }

    public void shipped(String shopId, OrderShipped shipped) {
        session.createNativeQuery("""
                UPDATE ops_orders SET first_declared_at = least(first_declared_at, ?3),
                                      fully_declared = fully_declared OR ?4
                WHERE shop_id = ?1 AND order_id = ?2""")
                .setParameter(1, shopId).setParameter(2, shipped.orderId()).setParameter(3, shipped.shippedAt())
                .setParameter(4, shipped.finishDelivery()).executeUpdate();
    }

    /** The latest hold for its reason; a hold after a release of the same reason opens it again. */
    public void held(String shopId, OrderHeld held) {
        session.createNativeQuery("""
                INSERT INTO ops_order_holds (shop_id, order_id, reason, description, held_at) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (shop_id, order_id, reason) DO UPDATE SET description = EXCLUDED.description,
                  held_at = EXCLUDED.held_at, released_at = NULL, released_by = NULL""")
                .setParameter(1, shopId).setParameter(2, held.orderId()).setParameter(3, held.reason().name())
                .setParameter(4, held.description()).setParameter(5, held.heldAt()).executeUpdate();
    }

    public void released(String shopId, OrderReleased released) {
        session.createNativeQuery("""
                UPDATE ops_order_holds SET released_at = ?4, released_by = ?5
                WHERE shop_id = ?1 AND order_id = ?2 AND reason = ?3""")
                .setParameter(1, shopId).setParameter(2, released.orderId()).setParameter(3, released.reason().name())
                .setParameter(4, released.releasedAt()).setParameter(5, released.releasedBy()).executeUpdate();
    }

    public void drift(String shopId, DriftDetected drift) {
        session.createNativeQuery("""
                INSERT INTO ops_drift_findings (shop_id, order_id, kind, detected_at, description, errcode,
                                                local_tracking_numbers, platform_tracking_numbers)
                VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS int), CAST(?7 AS text[]), CAST(?8 AS text[])) ON CONFLICT DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, drift.orderId()).setParameter(3, drift.kind().name())
                .setParameter(4, drift.detectedAt()).setParameter(5, drift.description()).setParameter(6, drift.errcode())
                .setParameter(7, drift.localTrackingNumbers().toArray(String[]::new))
                .setParameter(8, drift.platformTrackingNumbers().toArray(String[]::new))
                .executeUpdate();
    }

    private void linesIfNone(String shopId, String orderId, List<OrderItem> items) {
        boolean known = !session.createNativeQuery("SELECT 1 FROM ops_order_lines WHERE shop_id = ?1 AND order_id = ?2 LIMIT 1",
                Integer.class).setParameter(1, shopId).setParameter(2, orderId).getResultList().isEmpty();
        if (!known) {
            lines(shopId, orderId, items);
        }
    }

    /** Two lines of one SKU (e.g. bought at two prices) are one quantity: parcels are compared by SKU. */
    private void lines(String shopId, String orderId, List<OrderItem> items) {
        for (OrderItem item : items) {
            session.createNativeQuery("""
                    INSERT INTO ops_order_lines (shop_id, order_id, sku_id, product_id, quantity) VALUES (?1, ?2, ?3, ?4, ?5)
                    ON CONFLICT (shop_id, order_id, sku_id) DO UPDATE SET quantity = ops_order_lines.quantity + EXCLUDED.quantity""")
                    .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, item.skuId())
                    .setParameter(4, item.productId()).setParameter(5, item.quantity()).executeUpdate();
        }
    }
}
