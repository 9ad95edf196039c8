package io.shipsync.order;

import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.events.DriftKind;
import io.shipsync.events.HoldReason;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderCreated;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import io.shipsync.order.config.OrderRulesConfig;
import io.shipsync.order.platform.PlatformOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a paid order in: stores it as 待发货 (status 20) and announces OrderPlaced through the outbox,
 * in one transaction. Receiver address and phone never reach the event: only the region does. Every sync
 * with the platform's order also adopts the packages the merchant shipped on the platform itself.
 */
@ApplicationScoped
public class OrderIntake {

    private final Outbox outbox;
    private final Holds holds;
    private final Shipping shipping;
    private final Findings findings;
    private final OrderRulesConfig rules;
    private final BuyerIdentity buyers;
    private final Clock clock;

    OrderIntake(Outbox outbox, Holds holds, Shipping shipping, Findings findings, OrderRulesConfig rules,
                BuyerIdentity buyers, Clock clock) {
        this.outbox = outbox;
        this.buyers = buyers;
        this.holds = holds;
        this.shipping = shipping;
        this.findings = findings;
        this.rules = rules;
        this.clock = clock;
    }

    /** The order as the platform reports it once paid. */
    public record PaidOrder(String orderId, java.time.Instant paidAt, int deliverMethod, List<OrderItem> items,
                            Region receiverRegion, long totalFen) {
    }

    @Transactional
    public Order place(String shopId, PaidOrder paid) {
        if (Order.find(shopId, paid.orderId()).isPresent()) {
            throw ProblemException.conflict("Order " + paid.orderId() + " is already known.");
        }
        return create(shopId, paid);
    }

    /**
     * What a sync did: our order (null when it is not taken in: unpaid, or cancelled before we knew it), whether
     * it was taken in now, cancelled now, which packages shipped on the platform were adopted, and the drift
     * between the two sides' packages it reported.
     */
    public record Synced(Order order, boolean takenIn, boolean cancelled, List<ShipmentPackage> adopted,
                         List<Findings.Drift> drift) {

        static Synced notTakenIn() {
            return new Synced(null, false, false, List.of(), List.of());
        }
    }

    /**
     * Brings our copy of an order in line with the platform's: a paid order we do not know yet is taken
     * in (OrderPlaced), a status change is recorded, a cancellation is announced once (OrderCancelled), and
     * packages the platform shows that we never declared are {@link Shipping#adopt adopted}; what cannot be
     * adopted is reported as drift. Idempotent, and indifferent to the order in which pushes arrive: it always
     * applies the latest state.
     *
     * @param cancelType the push's cancel_type when it said so, or null
     */
    @Transactional
    public Synced sync(String shopId, PlatformOrder platform, Integer cancelType) {
        // Locked as a declaration locks it: packages adopted here and a declaration racing them see each other.
        Order order = Order.findForUpdate(shopId, platform.orderId()).orElse(null);
        boolean takenIn = order == null;
        if (order == null) {
            // Nothing to fulfil, but the platform's stock moved: it took units for an unpaid order, and gives
            // them back if that order is cancelled before payment. inventory-service keeps track of both.
            if (Order.isCancelled(platform.status())) {
                announceUnpaidCancelled(shopId, platform, cancelType);
                return Synced.notTakenIn();
            }
            if (platform.paidAt() == null) {
                announceUnpaid(shopId, platform);
                return Synced.notTakenIn();
            }
            order = create(shopId, paidOrder(platform));
            buyers.remember(order, platform.openid(), platform.buyerIp());
            order.receiverName = platform.receiver().name();
            order.receiverPhone = platform.receiver().phone();
            order.receiverAddress = platform.receiver().address();
            reviewForFraud(order, platform.openid(), platform.buyerIp());
        }
        boolean newlyCancelled = Order.isCancelled(platform.status()) && !Order.isCancelled(order.platformStatus);
        order.platformStatus = platform.status();
        buyers.remember(order, platform.openid(), null);
        order.platformUpdatedAt = platform.updatedAt();
        if (newlyCancelled) {
            order.cancelType = cancelType != null ? cancelType : Order.cancelTypeOf(platform.status());
            outbox.append(new OrderCancelled(order.orderId, order.cancelType, order.paidAt != null, clock.instant(),
                    order.lines.stream().map(l -> new OrderItem(l.productId, l.skuId, l.skuCode, l.quantity, l.unitPriceFen)).toList()),
                    shopId);
        }
        Shipping.Adoption adoption = Order.isCancelled(platform.status())
                ? new Shipping.Adoption(List.of(), List.of(), List.of())
                : shipping.adopt(order, platform.deliveries().stream().map(OrderIntake::packageRequest).toList());
        List<Findings.Drift> drift = packageDrift(order, platform, adoption);
        order.packagesVerifiedAt = clock.instant();
        return new Synced(order, takenIn, newlyCancelled, adoption.adopted(), drift);
    }

    /**
     * Reports what adoption left: a different number for items we declared (TRACKING_MISMATCH), unless a
     * declaration of ours is still on its way, which explains it; a platform package that cannot be placed, or
     * an order the platform shows shipped with no package of ours at all (PLATFORM_SHIPPED_WITHOUT_TRACKING,
     * resolved once neither holds).
     */
    private List<Findings.Drift> packageDrift(Order order, PlatformOrder platform, Shipping.Adoption adoption) {
        String shopId = order.shopId;
        String orderId = order.orderId;
        List<String> ours = ShipmentPackage.live(shopId, orderId).stream().map(p -> p.trackingNumber).toList();
        List<String> theirs = platform.deliveries().stream().map(PlatformOrder.Delivery::waybillId).toList();
        List<Findings.Drift> drift = new ArrayList<>();
        boolean pending = PlatformSync.latest(shopId, orderId).filter(s -> s.status == PlatformSync.Status.PENDING).isPresent();
        if (!adoption.conflicts().isEmpty() && !pending) {
            drift.add(findings.report(shopId, orderId, DriftKind.TRACKING_MISMATCH, String.join("; ", adoption.conflicts()),
                    ours, theirs));
        }
        if (!adoption.unplaced().isEmpty()) {
            drift.add(findings.report(shopId, orderId, DriftKind.PLATFORM_SHIPPED_WITHOUT_TRACKING,
                    String.join("; ", adoption.unplaced()), ours, theirs));
        } else if (Order.isShipped(platform.status()) && ours.isEmpty()) {
            drift.add(findings.report(shopId, orderId, DriftKind.PLATFORM_SHIPPED_WITHOUT_TRACKING, "the platform shows order "
                    + orderId + " shipped (status " + platform.status() + ") with no package ShipSync could take in", ours, theirs));
        } else {
            findings.resolve(shopId, orderId, DriftKind.PLATFORM_SHIPPED_WITHOUT_TRACKING);
        }
        return drift;
    }

    private static Shipping.PackageRequest packageRequest(PlatformOrder.Delivery delivery) {
        return new Shipping.PackageRequest(delivery.deliveryId(), delivery.waybillId(), delivery.items().stream()
                .map(i -> new ShipmentPackage.Item(i.productId(), i.skuId(), i.count())).toList());
    }

    /** 待付款: OrderCreated, once per order. */
    private void announceUnpaid(String shopId, PlatformOrder platform) {
        boolean first = Order.getEntityManager().createNativeQuery("""
                INSERT INTO unpaid_orders (order_id, shop_id, announced_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING""")
                .setParameter(1, platform.orderId()).setParameter(2, shopId).setParameter(3, clock.instant())
                .executeUpdate() == 1;
        if (first && !platform.products().isEmpty()) {
            outbox.append(new OrderCreated(platform.orderId(), clock.instant(), items(platform)), shopId);
        }
    }

    /** An unpaid order we announced was cancelled: OrderCancelled with paid false, once. */
    private void announceUnpaidCancelled(String shopId, PlatformOrder platform, Integer cancelType) {
        boolean first = Order.getEntityManager().createNativeQuery("""
                UPDATE unpaid_orders SET cancelled_at = ?3 WHERE order_id = ?1 AND shop_id = ?2 AND cancelled_at IS NULL""")
                .setParameter(1, platform.orderId()).setParameter(2, shopId).setParameter(3, clock.instant())
                .executeUpdate() == 1;
        if (first && !platform.products().isEmpty()) {
            outbox.append(new OrderCancelled(platform.orderId(), cancelType != null ? cancelType : Order.cancelTypeOf(platform.status()),
                    false, clock.instant(), items(platform)), shopId);
        }
    }

    private static List<OrderItem> items(PlatformOrder platform) {
        return platform.products().stream()
                .map(p -> new OrderItem(p.productId(), p.skuId(), p.skuCode(), p.count(), p.unitPriceFen())).toList();
    }

    /**
     * More than the allowed number of paid orders from one openid or one buyer IP in the window: hold for review.
     * Orders are counted by the fingerprints kept of their buyer; the hold names the buyer masked.
     */
    private void reviewForFraud(Order order, String openid, String buyerIp) {
        Order.flush();
        java.time.Instant since = order.paidAt.minus(rules.fraudWindow());
        long byBuyer = order.openidFingerprint == null ? 0 : Order.count(
                "shopId = ?1 and openidFingerprint = ?2 and paidAt >= ?3 and paidAt <= ?4", order.shopId,
                order.openidFingerprint, since, order.paidAt);
        long byIp = order.buyerIpFingerprint == null ? 0 : Order.count(
                "shopId = ?1 and buyerIpFingerprint = ?2 and paidAt >= ?3 and paidAt <= ?4", order.shopId,
                order.buyerIpFingerprint, since, order.paidAt);
        if (byBuyer > rules.fraudMaxOrders() || byIp > rules.fraudMaxOrders()) {
            String window = " within " + rules.fraudWindow().toMinutes() + " minutes";
            boolean buyer = byBuyer > rules.fraudMaxOrders();
            holds.hold(order.shopId, order.orderId, HoldReason.FRAUD_REVIEW,
                    (buyer ? byBuyer + " orders from buyer " + BuyerMask.openid(openid)
                            : byIp + " orders from IP " + BuyerMask.ip(buyerIp)) + window,
                    (buyer ? byBuyer + " orders from one buyer" : byIp + " orders from one IP address") + window,
                    null, null);
        }
    }

    private static PaidOrder paidOrder(PlatformOrder platform) {
        return new PaidOrder(platform.orderId(), platform.paidAt(), platform.deliverMethod(),
                items(platform),
                new Region(platform.province(), platform.city(), platform.county()), platform.totalFen());
    }

    private Order create(String shopId, PaidOrder paid) {
        Order order = new Order();
        order.orderId = paid.orderId();
        order.shopId = shopId;
        order.platformStatus = Order.STATUS_AWAITING_SHIPMENT;
        order.deliverMethod = paid.deliverMethod();
        order.paidAt = paid.paidAt();
        order.totalFen = paid.totalFen();
        order.province = paid.receiverRegion().province();
        order.city = paid.receiverRegion().city();
        order.county = paid.receiverRegion().county();
        order.createdAt = clock.instant();
        for (OrderItem item : paid.items()) {
            OrderLine line = new OrderLine();
            line.productId = item.productId();
            line.skuId = item.skuId();
            line.skuCode = item.skuCode();
            line.quantity = item.quantity();
            line.unitPriceFen = item.unitPriceFen();
            order.lines.add(line);
        }
        order.persist();
        outbox.append(new OrderPlaced(paid.orderId(), paid.paidAt(), paid.deliverMethod(), paid.items(),
                paid.receiverRegion(), paid.totalFen()), shopId);
        return order;
    }
}
