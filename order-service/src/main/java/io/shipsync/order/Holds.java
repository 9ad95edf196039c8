package io.shipsync.order;

import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.events.HoldReason;
import io.shipsync.events.OrderHeld;
import io.shipsync.events.OrderReleased;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Holds (拦截) keep an order at 待发货: a stock shortage (until stock returns) or a fraud review (until an
 * operator releases it). A held order cannot be declared, by hand or by an auto-ship rule. Each hold opened is
 * announced as OrderHeld and each released as OrderReleased, in the transaction that changes it, so
 * logistics-service refuses to print a held order exactly while it is held here.
 */
@ApplicationScoped
public class Holds {

    /** Who released the stock holds that stock coming back covered. */
    public static final String STOCK_RETURNED = "stock returned";

    /** An open or released hold. */
    public record Hold(long id, String orderId, HoldReason reason, String detail, String skuId, Long requested,
                       Instant createdAt, Instant releasedAt, String releasedBy) {
    }

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final Clock clock;

    Holds(EntityManager entityManager, Outbox outbox, Clock clock) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Opens a hold unless one for the same reason is open already.
     *
     * @param detail    what operators see here, which may name the buyer, masked ({@link BuyerMask})
     * @param announced what viewers and OrderHeld see: the detail without any reference to the buyer
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void hold(String shopId, String orderId, HoldReason reason, String detail, String announced, String skuId,
                     Long requested) {
        Instant now = clock.instant();
        int opened = entityManager.createNativeQuery("""
                INSERT INTO order_holds (shop_id, order_id, reason, detail, summary, sku_id, requested, created_at)
                VALUES (?1, ?2, ?3, ?4, ?8, ?5, ?6, ?7) ON CONFLICT DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, reason.name()).setParameter(4, detail)
                .setParameter(5, skuId).setParameter(6, requested).setParameter(7, now).setParameter(8, announced)
                .executeUpdate();
        if (opened == 1) {
            outbox.append(new OrderHeld(orderId, reason, announced, now), shopId);
        }
    }

    /** Releases the open hold; 404 when there is none. */
    @Transactional
    public void release(String shopId, String orderId, HoldReason reason, String releasedBy) {
        Instant now = clock.instant();
        int released = entityManager.createNativeQuery("""
                UPDATE order_holds SET released_at = ?4, released_by = ?5
                WHERE shop_id = ?1 AND order_id = ?2 AND reason = ?3 AND released_at IS NULL""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, reason.name())
                .setParameter(4, now).setParameter(5, releasedBy).executeUpdate();
        if (released == 0) {
            throw ProblemException.notFound("Order " + orderId + " has no open " + reason + " hold.");
        }
        outbox.append(new OrderReleased(orderId, reason, now, releasedBy), shopId);
    }

    /** Releases stock holds on {@code skuId} that {@code available} units now cover; how many it released. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int releaseCoveredShortages(String shopId, String skuId, long available) {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<String> released = entityManager.createNativeQuery("""
                UPDATE order_holds SET released_at = ?4, released_by = ?5
                WHERE shop_id = ?1 AND sku_id = ?2 AND reason = 'STOCK_SHORTAGE' AND released_at IS NULL AND requested <= ?3
                RETURNING order_id""")
                .setParameter(1, shopId).setParameter(2, skuId).setParameter(3, available)
                .setParameter(4, now).setParameter(5, STOCK_RETURNED).getResultList();
        released.forEach(orderId -> outbox.append(
                new OrderReleased(orderId, HoldReason.STOCK_SHORTAGE, now, STOCK_RETURNED), shopId));
        return released.size();
    }

    /** The order's holds with their detail, for operators and admins. */
    public List<Hold> of(String shopId, String orderId) {
        return holds(shopId, orderId, "detail");
    }

    /** The order's holds with their summary as the detail, for viewers: no reference to the buyer at all. */
    public List<Hold> summaries(String shopId, String orderId) {
        return holds(shopId, orderId, "summary");
    }

    private List<Hold> holds(String shopId, String orderId, String detailColumn) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT id, order_id, reason, %s, sku_id, requested, created_at, released_at, released_by
                FROM order_holds WHERE shop_id = ?1 AND order_id = ?2 ORDER BY id""".formatted(detailColumn))
                .setParameter(1, shopId).setParameter(2, orderId).getResultList();
        return rows.stream().map(r -> new Hold(((Number) r[0]).longValue(), (String) r[1], HoldReason.valueOf((String) r[2]),
                (String) r[3], (String) r[4], r[5] == null ? null : ((Number) r[5]).longValue(),
                (Instant) r[6], (Instant) r[7], (String) r[8])).toList();
    }

    public Optional<Hold> open(String shopId, String orderId) {
        return of(shopId, orderId).stream().filter(h -> h.releasedAt() == null).findFirst();
    }
}
