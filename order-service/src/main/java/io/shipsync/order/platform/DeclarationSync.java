package io.shipsync.order.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.shipsync.events.DriftKind;
import io.shipsync.order.Findings;
import io.shipsync.order.Order;
import io.shipsync.order.PlatformSync;
import io.shipsync.order.ShipmentPackage;
import io.shipsync.order.Shipping;
import io.shipsync.wechat.PlatformError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.LockOptions;
import org.jboss.logging.Logger;

/**
 * Delivers each declaration to the platform (delivery/send or deliveryinfo/update), at least once and
 * until acknowledged. Transient failures (-1, 45009, 100003, timeouts) are retried with jittered,
 * capped backoff; a refusal (e.g. 101100) ends FAILED with its errcode and a DriftDetected finding.
 * After a timeout the platform may have applied the call, so a later 101100 is checked against the
 * order's packages on the platform before it counts as a refusal: exactly once in effect.
 */
@ApplicationScoped
public class DeclarationSync {

    private static final Logger LOG = Logger.getLogger(DeclarationSync.class);

    private final EntityManager entityManager;
    private final WeChatShopClient client;
    private final Findings findings;
    private final PlatformWorkers workers;
    private final Clock clock;

    DeclarationSync(EntityManager entityManager, WeChatShopClient client, Findings findings, PlatformWorkers workers,
                    Clock clock) {
        this.entityManager = entityManager;
        this.client = client;
        this.findings = findings;
        this.workers = workers;
        this.clock = clock;
    }

    /** Sends a new declaration as soon as it is committed; the poll below remains the safety net. */
    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Shipping.DeclarationQueued queued) {
        workers.submit(() -> attempt(queued.syncId()));
    }

    @Scheduled(every = "${shipsync.wechat.sync-poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void syncDue() {
        @SuppressWarnings("unchecked")
        List<Number> due = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                SELECT id FROM platform_syncs WHERE status = 'PENDING' AND next_attempt <= ?1 ORDER BY id LIMIT 100""")
                .setParameter(1, clock.instant()).getResultList());
        due.forEach(id -> attempt(id.longValue()));
    }

    private void attempt(long id) {
        QuarkusTransaction.requiringNew().run(() -> {
            PlatformSync sync = entityManager.find(PlatformSync.class, id, LockModeType.PESSIMISTIC_WRITE,
                    java.util.Map.of("jakarta.persistence.lock.timeout", LockOptions.SKIP_LOCKED));
            if (sync == null || sync.status != PlatformSync.Status.PENDING) {
                return;
            }
            sync.attempts++;
            try {
                List<WeChatShopClient.DeliveryPackage> packages = sync.packages.stream()
                        .map(p -> new WeChatShopClient.DeliveryPackage(p.carrierCode(), p.trackingNumber(),
                                p.items().stream().map(i -> new WeChatShopClient.Item(i.productId(), i.skuId(), i.quantity())).toList()))
                        .toList();
                if (sync.action == PlatformSync.Action.SEND) {
                    client.sendDelivery(sync.shopId, sync.orderId, packages);
                } else {
                    client.updateDeliveryInfo(sync.shopId, sync.orderId, packages);
                }
                synced(sync);
            } catch (PlatformError e) {
                sync.lastErrcode = e.errcode();
                sync.lastError = e.errmsg();
                if (e.isTransient()) {
                    sync.uncertain |= e.errcode() == PlatformError.TIMEOUT;
                    sync.nextAttempt = clock.instant().plus(PushProcessor.backoff(sync.attempts));
                    LOG.infof("Declaration %d for order %s: attempt %d got %s; retrying", id, sync.orderId, sync.attempts, e.getMessage());
                } else if (e.errcode() == PlatformError.ORDER_STATE_FORBIDS && sync.uncertain && platformHasOurPackages(sync)) {
                    synced(sync);
                } else {
                    refused(sync, e);
                }
            }
        });
    }

    private void synced(PlatformSync sync) {
        sync.status = PlatformSync.Status.SYNCED;
        sync.syncedAt = clock.instant();
        Order order = entityManager.find(Order.class, new Order.Key(sync.shopId, sync.orderId));
        boolean everything = Shipping.remaining(order, ShipmentPackage.live(sync.shopId, sync.orderId))
                .values().stream().allMatch(q -> q == 0);
        order.platformStatus = everything ? Order.STATUS_SHIPPED : Order.STATUS_PARTLY_SHIPPED;
    }

    private void refused(PlatformSync sync, PlatformError e) {
        sync.status = PlatformSync.Status.FAILED;
        LOG.warnf("Declaration %d for order %s refused by the platform: %s", sync.id, sync.orderId, e.getMessage());
        List<String> local = sync.packages.stream().map(PlatformSync.Package::trackingNumber).toList();
        findings.report(sync.shopId, sync.orderId, DriftKind.DECLARATION_REJECTED,
                "WeChat Shop refused " + (sync.action == PlatformSync.Action.SEND ? "delivery/send" : "deliveryinfo/update")
                        + " with errcode " + e.errcode() + " (" + e.errmsg() + ")", e.errcode(), local, List.of());
    }

    private boolean platformHasOurPackages(PlatformSync sync) {
        Set<String> onPlatform = client.order(sync.shopId, sync.orderId).deliveries().stream()
                .map(PlatformOrder.Delivery::waybillId).collect(Collectors.toSet());
        return sync.packages.stream().allMatch(p -> onPlatform.contains(p.trackingNumber()));
    }
}
