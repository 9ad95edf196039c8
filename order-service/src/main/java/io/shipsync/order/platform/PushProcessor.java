package io.shipsync.order.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.shipsync.order.OrderIntake;
import io.shipsync.wechat.PlatformError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Works through stored pushes. Each push about an order means "this order changed": the order is
 * fetched from the platform and {@link OrderIntake#sync synced}, so duplicates and out-of-order pushes
 * converge on the platform's latest state. Failures are retried with jittered backoff and recorded;
 * every replica runs this, {@code FOR UPDATE SKIP LOCKED} keeps them off each other's rows.
 */
@ApplicationScoped
public class PushProcessor {

    private static final Logger LOG = Logger.getLogger(PushProcessor.class);
    private static final int MAX_ATTEMPTS = 12;

    private final EntityManager entityManager;
    private final WeChatShopClient client;
    private final OrderIntake intake;
    private final ObjectMapper mapper;
    private final PlatformWorkers workers;
    private final Clock clock;

    PushProcessor(EntityManager entityManager, WeChatShopClient client, OrderIntake intake, ObjectMapper mapper,
                  PlatformWorkers workers, Clock clock) {
        this.entityManager = entityManager;
        this.client = client;
        this.intake = intake;
        this.mapper = mapper;
        this.workers = workers;
        this.clock = clock;
    }

    /** Processes a push as soon as it is stored; the poll below remains the safety net. */
    void onStored(@Observes(during = TransactionPhase.AFTER_SUCCESS) PushInbox.PushStored stored) {
        workers.submit(() -> process(stored.pushId()));
    }

    @Scheduled(every = "${shipsync.wechat.push-poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void processDue() {
        @SuppressWarnings("unchecked")
        List<Number> due = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                SELECT id FROM platform_pushes WHERE status = 'PENDING' AND next_attempt <= ?1 ORDER BY id LIMIT 100""")
                .setParameter(1, clock.instant()).getResultList());
        due.forEach(id -> process(id.longValue()));
    }

    private void process(long id) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<?> rows = entityManager.createNativeQuery("""
                    SELECT shop_id, event, order_id, CAST(body AS text), attempts FROM platform_pushes
                    WHERE id = ?1 AND status = 'PENDING' FOR UPDATE SKIP LOCKED""")
                    .setParameter(1, id).getResultList();
            if (rows.isEmpty()) {
                return;
            }
            Object[] row = (Object[]) rows.get(0);
            String shopId = (String) row[0];
            String event = (String) row[1];
            String orderId = (String) row[2];
            int attempts = ((Number) row[4]).intValue() + 1;
            try {
                if (orderId != null) {
                    JsonNode body = mapper.readTree((String) row[3]);
                    JsonNode cancelType = body.path("order_info").path("cancel_type");
                    PlatformOrder order = client.order(shopId, orderId);
                    QuarkusTransaction.requiringNew().run(() ->
                            intake.sync(shopId, order, cancelType.isNumber() ? cancelType.asInt() : null));
                }
                entityManager.createNativeQuery("UPDATE platform_pushes SET status = 'DONE', attempts = ?2, last_error = NULL WHERE id = ?1")
                        .setParameter(1, id).setParameter(2, attempts).executeUpdate();
            } catch (Exception e) {
                boolean giveUp = attempts >= MAX_ATTEMPTS || (e instanceof PlatformError p && !p.isTransient());
                LOG.warnf("Push %d (%s, order %s) attempt %d failed%s: %s", id, event, orderId, attempts,
                        giveUp ? ", giving up" : "", e.getMessage());
                entityManager.createNativeQuery("""
                        UPDATE platform_pushes SET status = ?2, attempts = ?3, next_attempt = ?4, last_error = ?5 WHERE id = ?1""")
                        .setParameter(1, id).setParameter(2, giveUp ? "FAILED" : "PENDING").setParameter(3, attempts)
                        .setParameter(4, clock.instant().plus(backoff(attempts))).setParameter(5, String.valueOf(e.getMessage()))
                        .executeUpdate();
            }
        });
    }

    /** 1 s, 2 s, 4 s … capped at 5 min, with up to 50 % jitter so replicas and shops spread out. */
    static Duration backoff(int attempts) {
        long base = Math.min(300_000L, 1000L << Math.min(attempts - 1, 20));
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }
}
