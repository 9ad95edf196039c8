package io.shipsync.order.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.shipsync.eventing.failure.Failures;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.order.OrderIntake;
import io.shipsync.wechat.PlatformError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Works through stored pushes, one work item per push (queue {@value #QUEUE}). Each push about an order means
 * "this order changed": the order is fetched from the platform and {@link OrderIntake#sync synced}, so
 * duplicates and out-of-order pushes converge on the platform's latest state. The platform call runs outside
 * any transaction; a transient failure waits in the queue's backoff for as long as it lasts, a refusal ends
 * the push FAILED with the platform's errcode.
 */
@ApplicationScoped
public class PushProcessor implements WorkHandler {

    public static final String QUEUE = "platform-push";
    private static final Logger LOG = Logger.getLogger(PushProcessor.class);

    /** A stored push as the worker needs it. */
    private record Push(String shopId, String event, String orderId, String body) {
    }

    private final EntityManager entityManager;
    private final WeChatShopClient client;
    private final OrderIntake intake;
    private final ObjectMapper mapper;
    private final PlatformConfig config;

    PushProcessor(EntityManager entityManager, WeChatShopClient client, OrderIntake intake, ObjectMapper mapper,
                  PlatformConfig config) {
        this.entityManager = entityManager;
        this.client = client;
        this.intake = intake;
        this.mapper = mapper;
        this.config = config;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public Settings defaults() {
        return Settings.DEFAULTS.withWorkers(config.workers()).withPollInterval(config.pushPollInterval())
                .withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    /** Pushes left pending before they went through the work queue are queued at start. */
    void requeuePending(@Observes StartupEvent startup, WorkQueue work) {
        work.requeueOrphans(QUEUE, "platform_pushes", "status = 'PENDING'", null);
    }

    @Override
    public WorkOutcome work(WorkItem item) throws Exception {
        long id = Long.parseLong(item.key());
        Push push = QuarkusTransaction.requiringNew().call(() -> pending(id));
        if (push == null) {
            return WorkOutcome.done();
        }
        try {
            if (push.orderId() == null) {
                QuarkusTransaction.requiringNew().run(() -> record(id, "DONE", item.attempt(), null));
                return WorkOutcome.done();
            }
            JsonNode cancelType = mapper.readTree(push.body()).path("order_info").path("cancel_type");
            PlatformOrder order = client.order(push.shopId(), push.orderId());
            QuarkusTransaction.requiringNew().run(() -> {
                intake.sync(push.shopId(), order, cancelType.isNumber() ? cancelType.asInt() : null);
                record(id, "DONE", item.attempt(), null);
            });
            return WorkOutcome.done();
        } catch (PlatformError e) {
            if (e.isTransient()) {
                QuarkusTransaction.requiringNew().run(() -> record(id, "PENDING", item.attempt(), e.getMessage()));
                throw e;
            }
            LOG.warnf("Push %d (%s, order %s) refused by the platform: %s", id, push.event(), push.orderId(), e.getMessage());
            QuarkusTransaction.requiringNew().run(() -> record(id, "FAILED", item.attempt(), e.getMessage()));
            return WorkOutcome.dead(Failures.describe(e));
        }
    }

    private Push pending(long id) {
        List<Tuple> rows = entityManager.createNativeQuery("""
                SELECT shop_id, event, order_id, CAST(body AS text) AS body FROM platform_pushes
                WHERE id = ?1 AND status = 'PENDING'""", Tuple.class).setParameter(1, id).getResultList();
        return rows.stream().map(r -> new Push(r.get("shop_id", String.class), r.get("event", String.class),
                r.get("order_id", String.class), r.get("body", String.class))).findFirst().orElse(null);
    }

    private void record(long id, String status, int attempts, String error) {
        entityManager.createNativeQuery("UPDATE platform_pushes SET status = ?2, attempts = ?3, last_error = ?4 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, status).setParameter(3, attempts).setParameter(4, error).executeUpdate();
    }
}
