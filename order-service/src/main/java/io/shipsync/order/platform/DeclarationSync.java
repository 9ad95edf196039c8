package io.shipsync.order.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.DeclarationSettled;
import io.shipsync.events.DriftKind;
import io.shipsync.order.Findings;
import io.shipsync.order.Order;
import io.shipsync.order.PlatformSync;
import io.shipsync.order.ShipmentPackage;
import io.shipsync.order.Shipping;
import io.shipsync.wechat.PlatformError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Delivers each declaration to the platform (delivery/send or deliveryinfo/update), at least once and until
 * acknowledged: one work item per declaration (queue {@value #QUEUE}), submitted with it. The platform call
 * runs outside any transaction. Transient failures (-1, 45009, 100003, timeouts) wait in the queue's capped,
 * jittered backoff; a refusal (e.g. 101100) ends FAILED with its errcode and a DriftDetected finding. After a
 * timeout, or a worker that died mid-call, the platform may have applied the call, so a later 101100 is checked
 * against the order's packages on the platform before it counts as a refusal: exactly once in effect. Either end is
 * announced as DeclarationSettled, in the transaction that records it.
 */
@ApplicationScoped
public class DeclarationSync implements WorkHandler {

    public static final String QUEUE = "platform-declaration";
    private static final Logger LOG = Logger.getLogger(DeclarationSync.class);

    /** One attempt at a declaration, read in a short transaction and sent outside it. */
    private record Attempt(long id, String shopId, String orderId, PlatformSync.Action action,
                           List<PlatformSync.Package> packages, boolean uncertain) {
    }

    private final EntityManager entityManager;
    private final WeChatShopClient client;
    private final Findings findings;
    private final Outbox outbox;
    private final PlatformConfig config;
    private final Clock clock;

    DeclarationSync(EntityManager entityManager, WeChatShopClient client, Findings findings, Outbox outbox,
                    PlatformConfig config, Clock clock) {
        this.entityManager = entityManager;
        this.client = client;
        this.findings = findings;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public Settings defaults() {
        return Settings.DEFAULTS.withWorkers(config.workers()).withPollInterval(config.syncPollInterval())
                .withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    /** Declarations left pending before they went through the work queue are queued at start. */
    void requeuePending(@Observes StartupEvent startup, WorkQueue work) {
        work.requeueOrphans(QUEUE, "platform_syncs", "status = 'PENDING'", null);
    }

    @Override
    public WorkOutcome work(WorkItem item) {
        long id = Long.parseLong(item.key());
        Attempt attempt = QuarkusTransaction.requiringNew().call(() -> begin(id, item.interrupted()));
        if (attempt == null) {
            return WorkOutcome.done();
        }
        try {
            List<WeChatShopClient.DeliveryPackage> packages = attempt.packages().stream()
                    .map(p -> new WeChatShopClient.DeliveryPackage(p.carrierCode(), p.trackingNumber(),
                            p.items().stream().map(i -> new WeChatShopClient.Item(i.productId(), i.skuId(), i.quantity())).toList()))
                    .toList();
            if (attempt.action() == PlatformSync.Action.SEND) {
                client.sendDelivery(attempt.shopId(), attempt.orderId(), packages);
            } else {
                client.updateDeliveryInfo(attempt.shopId(), attempt.orderId(), packages);
            }
            QuarkusTransaction.requiringNew().run(() -> synced(id));
        } catch (PlatformError e) {
            if (e.isTransient()) {
                LOG.infof("Declaration %d for order %s: attempt %d got %s; retrying", id, attempt.orderId(), item.attempt(),
                        e.getMessage());
                QuarkusTransaction.requiringNew().run(() -> failedFor(id, e, e.errcode() == PlatformError.TIMEOUT));
                throw e;
            }
            if (e.errcode() == PlatformError.ORDER_STATE_FORBIDS && attempt.uncertain() && platformHasOurPackages(attempt)) {
                QuarkusTransaction.requiringNew().run(() -> synced(id));
            } else {
                QuarkusTransaction.requiringNew().run(() -> refused(id, e));
            }
        }
        return WorkOutcome.done();
    }

    /** Counts the attempt; returns null when the declaration no longer waits. */
    private Attempt begin(long id, boolean interrupted) {
        PlatformSync sync = entityManager.find(PlatformSync.class, id);
        if (sync == null || sync.status != PlatformSync.Status.PENDING) {
            return null;
        }
        sync.attempts++;
        // A worker that died mid-call may have been acknowledged without telling us.
        sync.uncertain |= interrupted;
        return new Attempt(sync.id, sync.shopId, sync.orderId, sync.action, List.copyOf(sync.packages), sync.uncertain);
    }

    private void failedFor(long id, PlatformError e, boolean mayHaveLanded) {
        PlatformSync sync = entityManager.find(PlatformSync.class, id);
        sync.lastErrcode = e.errcode();
        sync.lastError = e.errmsg();
        sync.uncertain |= mayHaveLanded;
    }

    private void synced(long id) {
        PlatformSync sync = entityManager.find(PlatformSync.class, id);
        sync.status = PlatformSync.Status.SYNCED;
        sync.syncedAt = clock.instant();
        Order order = entityManager.find(Order.class, new Order.Key(sync.shopId, sync.orderId));
        boolean everything = Shipping.remaining(order, ShipmentPackage.live(sync.shopId, sync.orderId))
                .values().stream().allMatch(q -> q == 0);
        order.platformStatus = everything ? Order.STATUS_SHIPPED : Order.STATUS_PARTLY_SHIPPED;
        outbox.append(sync.settled(DeclarationSettled.Outcome.ACKNOWLEDGED, sync.syncedAt), sync.shopId);
    }

    private void refused(long id, PlatformError e) {
        PlatformSync sync = entityManager.find(PlatformSync.class, id);
        sync.status = PlatformSync.Status.FAILED;
        sync.lastErrcode = e.errcode();
        sync.lastError = e.errmsg();
        LOG.warnf("Declaration %d for order %s refused by the platform: %s", sync.id, sync.orderId, e.getMessage());
        List<String> local = sync.packages.stream().map(PlatformSync.Package::trackingNumber).toList();
        outbox.append(sync.settled(DeclarationSettled.Outcome.REFUSED, clock.instant()), sync.shopId);
        findings.report(sync.shopId, sync.orderId, DriftKind.DECLARATION_REJECTED,
                "WeChat Shop refused " + (sync.action == PlatformSync.Action.SEND ? "delivery/send" : "deliveryinfo/update")
                        + " with errcode " + e.errcode() + " (" + e.errmsg() + ")", e.errcode(), local, List.of());
    }

    private boolean platformHasOurPackages(Attempt attempt) {
        Set<String> onPlatform = client.order(attempt.shopId(), attempt.orderId()).deliveries().stream()
                .map(PlatformOrder.Delivery::waybillId).collect(Collectors.toSet());
        return attempt.packages().stream().allMatch(p -> onPlatform.contains(p.trackingNumber()));
    }
}
