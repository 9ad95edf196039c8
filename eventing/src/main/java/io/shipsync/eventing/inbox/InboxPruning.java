package io.shipsync.eventing.inbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the inbox small. Rows must outlive any redelivery, so the retention is longer than Kafka's
 * topic retention (default 30 days; {@code shipsync.inbox.retention}).
 */
@ApplicationScoped
public class InboxPruning {

    private final EntityManager entityManager;
    private final Duration retention;

    InboxPruning(EntityManager entityManager,
                 @ConfigProperty(name = "shipsync.inbox.retention", defaultValue = "30d") Duration retention) {
        this.entityManager = entityManager;
        this.retention = retention;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void prune() {
        entityManager.createNativeQuery("DELETE FROM inbox WHERE received_at < now() - make_interval(secs => ?1)")
                .setParameter(1, (double) retention.toSeconds())
                .executeUpdate();
    }
}
