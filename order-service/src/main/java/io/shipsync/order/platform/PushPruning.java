package io.shipsync.order.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;

/**
 * Keeps the callback's tables bounded. A nonce only refuses replays while its timestamp is inside the
 * {@code push-max-skew} window: outside it the push is refused as stale anyway, so the row can go. A processed
 * push (DONE or FAILED) is kept {@code push-retention} for inspection; one still PENDING is never touched. The
 * retention must exceed the skew window, or a platform retry of a pruned push would be taken in twice.
 */
@ApplicationScoped
public class PushPruning {

    /** Rows per delete: short transactions, never a long lock on a table the callback writes to. */
    static final int BATCH = 5_000;

    private final EntityManager entityManager;
    private final PlatformConfig config;
    private final Clock clock;

    PushPruning(EntityManager entityManager, PlatformConfig config, Clock clock) {
        this.entityManager = entityManager;
        this.config = config;
        this.clock = clock;
    }

    /** What one pruning deleted. */
    public record Pruned(long nonces, long pushes) {
    }

    @Scheduled(every = "${shipsync.wechat.push-prune-interval:10m}", delayed = "${shipsync.wechat.push-prune-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        prune();
    }

    public Pruned prune() {
        if (config.pushRetention().compareTo(config.pushMaxSkew()) <= 0) {
            throw new IllegalStateException("shipsync.wechat.push-retention must exceed push-max-skew");
        }
        Instant now = clock.instant();
        long oldestValid = now.minus(config.pushMaxSkew()).getEpochSecond();
        long nonces = inBatches("""
                DELETE FROM platform_push_nonces WHERE ctid IN (
                    SELECT ctid FROM platform_push_nonces WHERE timestamp < ?1 LIMIT ?2)""", oldestValid);
        long pushes = inBatches("""
                DELETE FROM platform_pushes WHERE id IN (
                    SELECT id FROM platform_pushes WHERE status IN ('DONE', 'FAILED') AND received_at < ?1 LIMIT ?2)""",
                now.minus(config.pushRetention()));
        return new Pruned(nonces, pushes);
    }

    private long inBatches(String sql, Object bound) {
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(sql)
                    .setParameter(1, bound).setParameter(2, BATCH).executeUpdate());
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
