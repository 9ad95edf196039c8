package io.shipsync.order.reconcile;

import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.DriftKind;
import io.shipsync.order.Findings;
import io.shipsync.order.Order;
import io.shipsync.order.OrderIntake;
import io.shipsync.order.PlatformSync;
import io.shipsync.order.ShipmentPackage;
import io.shipsync.order.platform.DeclarationSync;
import io.shipsync.order.platform.PlatformOrder;
import io.shipsync.order.reconcile.ReconciliationRuns.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares orders as a listing of one platform status names them with ours, and decides which need the platform's
 * whole order (order/get): one we do not know (paid), one whose status differs from ours, one shipped on the
 * platform whose packages have not been compared since ours last changed. A fetched order is synced (taken in,
 * status and cancellation applied, packages shipped on the platform adopted) and what stays different is
 * reported; the platform showing 20 待发货 while we declared needs no order/get. Each comparison runs in its
 * caller's short transaction and notes what it fixed and found in the run.
 */
@ApplicationScoped
class Comparison {

    /** What a listed order needs. */
    enum Look {
        /** Nothing: it agrees with ours, or it is no order of ours to take in (unpaid, cancelled before we knew it). */
        AGREES,
        /** The platform's whole order, to compare. */
        FETCH,
        /** The platform shows 20 待发货 while we declared packages: our declaration is on its way, or lost. */
        DECLARED
    }

    /** How old the platform's answer may be when it is compared: an acknowledgment younger than this may postdate it. */
    private static final Duration LISTING_LAG = Duration.ofMinutes(1);

    /** The platform statuses of a paid order that ShipSync takes in. */
    private static final Set<Integer> TAKEN_IN = Set.of(Order.STATUS_AWAITING_SHIPMENT, Order.STATUS_PARTLY_SHIPPED,
            Order.STATUS_SHIPPED, Order.STATUS_COMPLETED);

    private final EntityManager entityManager;
    private final OrderIntake intake;
    private final Findings findings;
    private final ReconciliationRuns runs;
    private final WorkQueue work;
    private final Clock clock;

    Comparison(EntityManager entityManager, OrderIntake intake, Findings findings, ReconciliationRuns runs, WorkQueue work,
               Clock clock) {
        this.entityManager = entityManager;
        this.intake = intake;
        this.findings = findings;
        this.runs = runs;
        this.work = work;
        this.clock = clock;
    }

    /** What each of {@code orderIds}, listed by the platform in {@code status}, needs; one query for the page. */
    @Transactional(Transactional.TxType.MANDATORY)
    Map<String, Look> look(String shopId, int status, List<String> orderIds) {
        List<Tuple> rows = entityManager.createNativeQuery("""
                SELECT o.order_id, o.platform_status,
                       EXISTS (SELECT 1 FROM shipment_packages p WHERE p.shop_id = o.shop_id AND p.order_id = o.order_id
                               AND p.superseded_at IS NULL) AS declared,
                       o.packages_verified_at IS NULL OR EXISTS (SELECT 1 FROM shipment_packages p
                               WHERE p.shop_id = o.shop_id AND p.order_id = o.order_id
                               AND (p.declared_at > o.packages_verified_at OR p.superseded_at > o.packages_verified_at))
                           AS unverified
                FROM orders o WHERE o.shop_id = ?1 AND o.order_id = ANY(CAST(?2 AS text[]))""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderIds.toArray(String[]::new)).getResultList();
        Map<String, Tuple> ours = rows.stream().collect(Collectors.toMap(r -> r.get("order_id", String.class), r -> r));
        Map<String, Look> looks = new HashMap<>();
        for (String orderId : orderIds) {
            Tuple our = ours.get(orderId);
            if (our == null) {
                looks.put(orderId, TAKEN_IN.contains(status) ? Look.FETCH : Look.AGREES);
            } else if (our.get("platform_status", Number.class).intValue() != status
                    || (Order.isShipped(status) && our.get("unverified", Boolean.class))) {
                looks.put(orderId, Look.FETCH);
            } else if (status == Order.STATUS_AWAITING_SHIPMENT && our.get("declared", Boolean.class)) {
                looks.put(orderId, Look.DECLARED);
            } else {
                looks.put(orderId, Look.AGREES);
            }
        }
        return looks;
    }

    /** Syncs our order with the platform's whole order, then reports what still differs. */
    @Transactional(Transactional.TxType.MANDATORY)
    void compare(long runId, String shopId, PlatformOrder platform) {
        OrderIntake.Synced synced = intake.sync(shopId, platform, null);
        Order order = synced.order();
        if (order == null) {
            return;
        }
        String orderId = order.orderId;
        if (synced.takenIn()) {
            runs.note(runId, orderId, Outcome.FIXED, "TAKEN_IN", "paid order taken in (its push was missed)");
        }
        if (synced.cancelled()) {
            runs.note(runId, orderId, Outcome.FIXED, "CANCELLED", "cancelled on the platform (status " + platform.status()
                    + "): OrderCancelled announced (its push was missed)");
        }
        if (!synced.adopted().isEmpty()) {
            runs.note(runId, orderId, Outcome.FIXED, "ADOPTED", "shipped on the platform itself: "
                    + synced.adopted().stream().map(p -> p.carrierCode + " " + p.trackingNumber).collect(Collectors.joining(", "))
                    + " taken in as declared by the platform");
        }
        synced.drift().forEach(drift -> runs.note(runId, orderId, Outcome.FOUND, drift.kind().name(), drift.detail()));
        Set<String> ours = new TreeSet<>(ShipmentPackage.live(shopId, orderId).stream().map(p -> p.trackingNumber).toList());
        Set<String> theirs = new TreeSet<>(platform.deliveries().stream().map(PlatformOrder.Delivery::waybillId).toList());
        if (platform.status() == Order.STATUS_AWAITING_SHIPMENT && !ours.isEmpty()) {
            declared(runId, shopId, orderId, ours);
        } else {
            findings.resolve(shopId, orderId, DriftKind.DECLARED_NOT_SHIPPED_ON_PLATFORM);
        }
        if (synced.drift().stream().anyMatch(d -> d.kind() == DriftKind.TRACKING_MISMATCH) || ours.isEmpty() || theirs.isEmpty()) {
            return;
        }
        boolean pending = PlatformSync.latest(shopId, orderId).filter(s -> s.status == PlatformSync.Status.PENDING).isPresent();
        if (!ours.equals(theirs) && !pending) {
            report(runId, shopId, orderId, DriftKind.TRACKING_MISMATCH, "order " + orderId + " has tracking " + ours
                    + " in ShipSync but " + theirs + " on the platform", ours, theirs);
        } else if (ours.equals(theirs)) {
            findings.resolve(shopId, orderId, DriftKind.TRACKING_MISMATCH);
        }
    }

    /** The platform lists the order as 20 待发货 although we declared it: nothing more to fetch to know that. */
    @Transactional(Transactional.TxType.MANDATORY)
    void declared(long runId, String shopId, String orderId) {
        Set<String> ours = new TreeSet<>(ShipmentPackage.live(shopId, orderId).stream().map(p -> p.trackingNumber).toList());
        if (!ours.isEmpty()) {
            declared(runId, shopId, orderId, ours);
        }
    }

    /** A declaration still pending is sent now; one the platform acknowledged or refused leaves a finding. */
    private void declared(long runId, String shopId, String orderId, Set<String> ours) {
        PlatformSync latest = PlatformSync.latest(shopId, orderId).orElse(null);
        if (latest != null && latest.status == PlatformSync.Status.PENDING) {
            work.dueNow(DeclarationSync.QUEUE, shopId, latest.id.toString());
            runs.note(runId, orderId, Outcome.FIXED, "RESENT", "pending declaration sent again now");
        } else if (latest != null && latest.status == PlatformSync.Status.SYNCED && latest.syncedAt != null
                && latest.syncedAt.isAfter(clock.instant().minus(LISTING_LAG))) {
            // Acknowledged after the platform's answer was read: that answer is older than the declaration, not drift.
            return;
        } else {
            report(runId, shopId, orderId, DriftKind.DECLARED_NOT_SHIPPED_ON_PLATFORM, "ShipSync declared " + ours
                    + " for order " + orderId + " but the platform still shows 20 待发货"
                    + (latest == null ? "" : " (last sync " + latest.status
                    + (latest.lastErrcode == null ? "" : ", errcode " + latest.lastErrcode) + ")"), ours, Set.of());
        }
    }

    private void report(long runId, String shopId, String orderId, DriftKind kind, String detail, Set<String> ours,
                        Set<String> theirs) {
        findings.report(shopId, orderId, kind, detail, List.copyOf(ours), List.copyOf(theirs));
        runs.note(runId, orderId, Outcome.FOUND, kind.name(), detail);
    }
}
