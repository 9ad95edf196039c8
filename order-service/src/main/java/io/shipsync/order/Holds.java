package io.shipsync.order;

import io.shipsync.eventing.http.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Holds keep an order at 待发货: a stock shortage (until stock returns) or a fraud review (until an
 * operator releases it). A held order cannot be declared, by hand or by an auto-ship rule.
 */
@ApplicationScoped
public class Holds {

    /** Why an order is held. */
    public enum Reason { STOCK_SHORTAGE, FRAUD_REVIEW }

    /** An open or released hold. */
    public record Hold(long id, String orderId, Reason reason, String detail, String skuId, Long requested,
                       java.time.Instant createdAt, java.time.Instant releasedAt, String releasedBy) {
    }

    private final EntityManager entityManager;
    private final Clock clock;

    Holds(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** Opens a hold unless one for the same reason is open already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void hold(String shopId, String orderId, Reason reason, String detail, String skuId, Long requested) {
        entityManager.createNativeQuery("""
                INSERT INTO order_holds (shop_id, order_id, reason, detail, sku_id, requested, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, reason.name()).setParameter(4, detail)
                .setParameter(5, skuId).setParameter(6, requested).setParameter(7, clock.instant())
                .executeUpdate();
    }

    /** Releases the open hold; 404 when there is none. */
    @Transactional
    public void release(String shopId, String orderId, Reason reason, String releasedBy) {
        int released = entityManager.createNativeQuery("""
                UPDATE order_holds SET released_at = ?4, released_by = ?5
                WHERE shop_id = ?1 AND order_id = ?2 AND reason = ?3 AND released_at IS NULL""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, reason.name())
                .setParameter(4, clock.instant()).setParameter(5, releasedBy).executeUpdate();
        if (released == 0) {
            throw ProblemException.notFound("Order " + orderId + " has no open " + reason + " hold.");
        }
    }

    /** Releases stock holds on {@code skuId} that {@code available} units now cover. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int releaseCoveredShortages(String shopId, String skuId, long available) {
        return entityManager.createNativeQuery("""
                UPDATE order_holds SET released_at = ?4, released_by = 'stock returned'
                WHERE shop_id = ?1 AND sku_id = ?2 AND reason = 'STOCK_SHORTAGE' AND released_at IS NULL AND requested <= ?3""")
                .setParameter(1, shopId).setParameter(2, skuId).setParameter(3, available)
                .setParameter(4, clock.instant()).executeUpdate();
    }

    public List<Hold> of(String shopId, String orderId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT id, order_id, reason, detail, sku_id, requested, created_at, released_at, released_by
                FROM order_holds WHERE shop_id = ?1 AND order_id = ?2 ORDER BY id""")
                .setParameter(1, shopId).setParameter(2, orderId).getResultList();
        return rows.stream().map(r -> new Hold(((Number) r[0]).longValue(), (String) r[1], Reason.valueOf((String) r[2]),
                (String) r[3], (String) r[4], r[5] == null ? null : ((Number) r[5]).longValue(),
                (java.time.Instant) r[6], (java.time.Instant) r[7], (String) r[8])).toList();
    }

    public Optional<Hold> open(String shopId, String orderId) {
        return of(shopId, orderId).stream().filter(h -> h.releasedAt() == null).findFirst();
    }
}
