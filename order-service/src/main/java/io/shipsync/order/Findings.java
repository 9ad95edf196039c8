package io.shipsync.order;

import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.events.DriftDetected;
import io.shipsync.events.DriftKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Drift that was not safe to fix automatically. Each (shop, order, kind) is announced once while it stays
 * open (DriftDetected), however many reconciliation runs see it again; a resolved one may open anew.
 */
@ApplicationScoped
public class Findings {

    /** A finding as the API shows it. */
    public record Finding(String orderId, DriftKind kind, String detail, Instant firstSeen, Instant lastSeen, Instant resolved) {
    }

    /** Drift as one comparison reported it. */
    public record Drift(DriftKind kind, String detail) {
    }

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final Clock clock;

    Findings(EntityManager entityManager, Outbox outbox, Clock clock) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Records the finding; returns true when it is new (and was announced). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean report(String shopId, String orderId, DriftKind kind, String detail, Integer errcode,
                          List<String> local, List<String> platform) {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object> opened = entityManager.createNativeQuery("""
                INSERT INTO drift_findings (order_id, kind, shop_id, detail, first_seen, last_seen)
                VALUES (?1, ?2, ?3, ?4, ?5, ?5)
                ON CONFLICT (shop_id, order_id, kind) DO UPDATE SET last_seen = EXCLUDED.last_seen, detail = EXCLUDED.detail,
                    first_seen = CASE WHEN drift_findings.resolved IS NULL THEN drift_findings.first_seen ELSE EXCLUDED.first_seen END,
                    resolved = NULL
                RETURNING first_seen = last_seen""")
                .setParameter(1, orderId).setParameter(2, kind.name()).setParameter(3, shopId)
                .setParameter(4, detail).setParameter(5, now).getResultList();
        boolean isNew = Boolean.TRUE.equals(opened.get(0));
        if (isNew) {
            outbox.append(new DriftDetected(orderId, kind, detail, errcode, local, platform, now), shopId);
        }
        return isNew;
    }

    /** Reports drift a comparison with the platform's order found, and returns it for the comparison to list. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Drift report(String shopId, String orderId, DriftKind kind, String detail, List<String> local, List<String> platform) {
        report(shopId, orderId, kind, detail, null, local, platform);
        return new Drift(kind, detail);
    }

    /** Marks what a reconciliation no longer sees as resolved. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void resolve(String shopId, String orderId, DriftKind kind) {
        entityManager.createNativeQuery("""
                UPDATE drift_findings SET resolved = ?4 WHERE shop_id = ?1 AND order_id = ?2 AND kind = ?3 AND resolved IS NULL""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, kind.name()).setParameter(4, clock.instant())
                .executeUpdate();
    }

    public List<Finding> open(String shopId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT order_id, kind, detail, first_seen, last_seen, resolved FROM drift_findings
                WHERE shop_id = ?1 AND resolved IS NULL ORDER BY first_seen""").setParameter(1, shopId).getResultList();
        return rows.stream().map(r -> new Finding((String) r[0], DriftKind.valueOf((String) r[1]), (String) r[2],
                (Instant) r[3], (Instant) r[4], (Instant) r[5])).toList();
    }
}
