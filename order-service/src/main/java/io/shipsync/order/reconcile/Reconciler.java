package io.shipsync.order.reconcile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.shipsync.events.DriftKind;
import io.shipsync.order.Findings;
import io.shipsync.order.Order;
import io.shipsync.order.OrderIntake;
import io.shipsync.order.PlatformSync;
import io.shipsync.order.ShipmentPackage;
import io.shipsync.order.config.OrderRulesConfig;
import io.shipsync.order.platform.PlatformOrder;
import io.shipsync.order.platform.WeChatShopClient;
import io.shipsync.wechat.PlatformAccount;
import io.shipsync.wechat.PlatformError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Compares the platform's orders with ours, both ways. It pages the orders the platform updated in a
 * window (7-day slices, 100 a page) and, for each, fixes what is safe — a paid order we missed is taken
 * in, a pending declaration is sent again now — and reports the rest as findings: the platform shows
 * 已发货 while we hold no tracking; we declared while the platform still shows 20; the numbers differ.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    /** What one run saw, fixed and found. */
    public record Report(String shopId, Instant from, Instant to, int checked, List<String> fixed, List<Found> findings) {
    }

    /** A drift reported as a finding. */
    public record Found(String orderId, DriftKind kind, String detail) {
    }

    private final WeChatShopClient client;
    private final OrderIntake intake;
    private final Findings findings;
    private final OrderRulesConfig rules;
    private final Clock clock;

    Reconciler(WeChatShopClient client, OrderIntake intake, Findings findings, OrderRulesConfig rules, Clock clock) {
        this.client = client;
        this.intake = intake;
        this.findings = findings;
        this.rules = rules;
        this.clock = clock;
    }

    @Scheduled(every = "${shipsync.orders.reconcile-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcileAllShops() {
        Instant to = clock.instant();
        List<String> shops = QuarkusTransaction.requiringNew().call(() ->
                PlatformAccount.<PlatformAccount>listAll().stream().map(a -> a.shopId).toList());
        for (String shopId : shops) {
            try {
                Report report = reconcile(shopId, to.minus(rules.reconcileLookBack()), to);
                LOG.infof("Reconciled shop %s: %d orders, %d fixed, %d findings", shopId, report.checked(),
                        report.fixed().size(), report.findings().size());
            } catch (PlatformError e) {
                LOG.warnf("Reconciliation of shop %s stopped: %s", shopId, e.getMessage());
            }
        }
    }

    public Report reconcile(String shopId, Instant from, Instant to) {
        List<String> fixed = new ArrayList<>();
        List<Found> found = new ArrayList<>();
        int checked = 0;
        for (Instant sliceStart = from; sliceStart.isBefore(to); sliceStart = sliceStart.plus(WeChatShopClient.MAX_LIST_WINDOW)) {
            Instant sliceEnd = min(sliceStart.plus(WeChatShopClient.MAX_LIST_WINDOW), to);
            String nextKey = null;
            do {
                WeChatShopClient.OrderPage page = client.ordersUpdated(shopId, sliceStart, sliceEnd, nextKey);
                for (String orderId : page.orderIds()) {
                    PlatformOrder platform = client.order(shopId, orderId);
                    QuarkusTransaction.requiringNew().run(() -> compare(shopId, platform, fixed, found));
                    checked++;
                }
                nextKey = page.hasMore() ? page.nextKey() : null;
            } while (nextKey != null);
        }
        return new Report(shopId, from, to, checked, fixed, found);
    }

    private void compare(String shopId, PlatformOrder platform, List<String> fixed, List<Found> found) {
        String orderId = platform.orderId();
        boolean known = Order.find(shopId, orderId).isPresent();
        if (!known && platform.paidAt() != null && !Order.isCancelled(platform.status())) {
            intake.sync(shopId, platform, null);
            fixed.add(orderId + ": paid order taken in (its push was missed)");
        }
        if (!known && !Order.find(shopId, orderId).isPresent()) {
            return;
        }
        Set<String> ours = new TreeSet<>(ShipmentPackage.live(shopId, orderId).stream().map(p -> p.trackingNumber).toList());
        Set<String> theirs = new TreeSet<>(platform.deliveries().stream().map(PlatformOrder.Delivery::waybillId).toList());
        boolean platformShipped = !Order.isCancelled(platform.status())
                && (platform.status() == Order.STATUS_PARTLY_SHIPPED || platform.status() >= Order.STATUS_SHIPPED);
        if (platformShipped && ours.isEmpty()) {
            report(shopId, orderId, DriftKind.PLATFORM_SHIPPED_WITHOUT_TRACKING, "the platform shows order " + orderId
                    + " shipped (status " + platform.status() + ", " + theirs + ") but ShipSync holds no tracking number for it",
                    ours, theirs, found);
        } else {
            findings.resolve(shopId, orderId, DriftKind.PLATFORM_SHIPPED_WITHOUT_TRACKING);
        }
        if (!ours.isEmpty() && platform.status() == Order.STATUS_AWAITING_SHIPMENT) {
            PlatformSync latest = PlatformSync.latest(shopId, orderId).orElse(null);
            if (latest != null && latest.status == PlatformSync.Status.PENDING) {
                latest.nextAttempt = clock.instant();
                fixed.add(orderId + ": pending declaration sent again now");
            } else {
                report(shopId, orderId, DriftKind.DECLARED_NOT_SHIPPED_ON_PLATFORM, "ShipSync declared " + ours
                        + " for order " + orderId + " but the platform still shows 20 待发货"
                        + (latest == null ? "" : " (last sync " + latest.status + (latest.lastErrcode == null ? "" : ", errcode " + latest.lastErrcode) + ")"),
                        ours, theirs, found);
            }
        } else {
            findings.resolve(shopId, orderId, DriftKind.DECLARED_NOT_SHIPPED_ON_PLATFORM);
        }
        if (!ours.isEmpty() && !theirs.isEmpty() && !ours.equals(theirs)) {
            report(shopId, orderId, DriftKind.TRACKING_MISMATCH, "order " + orderId + " has tracking " + ours
                    + " in ShipSync but " + theirs + " on the platform", ours, theirs, found);
        } else if (!ours.isEmpty() && ours.equals(theirs)) {
            findings.resolve(shopId, orderId, DriftKind.TRACKING_MISMATCH);
        }
    }

    private void report(String shopId, String orderId, DriftKind kind, String detail, Set<String> ours, Set<String> theirs,
                        List<Found> found) {
        findings.report(shopId, orderId, kind, detail, null, List.copyOf(ours), List.copyOf(theirs));
        found.add(new Found(orderId, kind, detail));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
