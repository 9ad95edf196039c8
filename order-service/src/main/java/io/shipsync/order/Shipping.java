package io.shipsync.order;

import io.shipsync.carriers.CarrierCatalog;
import io.shipsync.carriers.TrackingNumberCheck;
import io.shipsync.eventing.failure.InvariantViolation;
import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.CarrierSwitched;
import io.shipsync.events.DeclarationSettled;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.PackageItem;
import io.shipsync.events.ShippedPackage;
import io.shipsync.order.platform.DeclarationSync;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 发货: declares an order's packages. Every tracking number is checked against the carrier's rules; a
 * physical order cannot ship without one (强制手动填写); a different number for items already declared
 * is a conflict (自动发货规则冲突) unless it is an explicit correction. The declaration, OrderShipped
 * and the platform sync task commit together; {@link io.shipsync.order.platform.DeclarationSync} then
 * delivers it to the platform until acknowledged. Packages the merchant shipped on the platform itself are
 * {@link #adopt adopted} the same way, with nothing left to send.
 */
@ApplicationScoped
public class Shipping {

    private static final CarrierCatalog CARRIERS = CarrierCatalog.standard();

    private final Outbox outbox;
    private final Holds holds;
    private final WorkQueue work;
    private final Clock clock;

    Shipping(Outbox outbox, Holds holds, WorkQueue work, Clock clock) {
        this.outbox = outbox;
        this.holds = holds;
        this.work = work;
        this.clock = clock;
    }

    /** Who declared the packages a merchant shipped on the platform itself, once ShipSync took them in. */
    public static final String PLATFORM = "platform";

    /** A package the operator (or an auto-ship rule) declares. */
    public record PackageRequest(String carrierCode, String trackingNumber, List<ShipmentPackage.Item> items) {
    }

    /** Packages to declare; {@code correction} replaces every package declared so far. */
    public record Declaration(List<PackageRequest> packages, boolean correction) {
    }

    /**
     * What {@link #adopt} made of the platform's packages: those taken in, and the drift it left, one sentence per
     * package: a different number for items ShipSync declared ({@code conflicts}), or a package it cannot place.
     */
    public record Adoption(List<ShipmentPackage> adopted, List<String> conflicts, List<String> unplaced) {
    }

    /**
     * Declares under the order's row lock: a concurrent declaration of the same order (by hand or by an
     * auto-ship rule) waits, then sees these packages, so the items ship and OrderShipped is announced once.
     */
    @Transactional
    public Order declare(String shopId, String orderId, Declaration declaration, String declaredBy) {
        Order order = Order.findForUpdate(shopId, orderId)
                .orElseThrow(() -> ProblemException.notFound("Shop " + shopId + " has no order " + orderId + "."));
        if (Order.isCancelled(order.platformStatus)) {
            throw ProblemException.conflict("Order " + orderId + " is cancelled (status " + order.platformStatus + "); it cannot be shipped.");
        }
        holds.open(shopId, orderId).ifPresent(hold -> {
            throw ProblemException.conflict("Order " + orderId + " is held (" + hold.reason() + ": " + hold.detail()
                    + "); release the hold before shipping.");
        });
        validate(order, declaration);
        List<ShipmentPackage> live = ShipmentPackage.live(shopId, orderId);
        Instant now = clock.instant();
        List<ShipmentPackage> added = declaration.correction()
                ? correct(order, live, declaration, declaredBy, now)
                : add(order, live, declaration, declaredBy, now);
        if (added.isEmpty()) {
            return order; // the same packages again: already declared, nothing new to send
        }
        announce(order, added, declaration.correction(), now);
        PlatformSync sync = record(order, declaration.correction() ? PlatformSync.Action.UPDATE : PlatformSync.Action.SEND,
                declaration.correction() ? ShipmentPackage.live(shopId, orderId) : added, PlatformSync.Status.PENDING, now);
        work.submit(DeclarationSync.QUEUE, shopId, sync.id.toString(), now);
        return order;
    }

    /**
     * 切换备用快递: logistics-service moved a parcel not yet picked up to the shop's backup carrier. The declaration is
     * corrected (deliveryinfo/update) with the new number in the old one's place; the other packages stay. Applied
     * once: a switch whose new number is already declared changes nothing.
     *
     * @throws InvariantViolation when the old number is not one of the order's declared packages
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void carrierSwitched(String shopId, CarrierSwitched switched) {
        List<ShipmentPackage> live = ShipmentPackage.live(shopId, switched.orderId());
        if (live.stream().anyMatch(p -> p.trackingNumber.equals(switched.toTrackingNumber()))) {
            return;
        }
        if (live.stream().noneMatch(p -> p.trackingNumber.equals(switched.fromTrackingNumber()))) {
            throw new InvariantViolation("order " + switched.orderId() + " has no declared package " + switched.fromCarrierCode()
                    + " " + switched.fromTrackingNumber() + " to switch to " + switched.toCarrierCode() + " "
                    + switched.toTrackingNumber());
        }
        List<PackageRequest> packages = live.stream().map(p -> p.trackingNumber.equals(switched.fromTrackingNumber())
                ? new PackageRequest(switched.toCarrierCode(), switched.toTrackingNumber(), p.items)
                : new PackageRequest(p.carrierCode, p.trackingNumber, p.items)).toList();
        declare(shopId, switched.orderId(), new Declaration(packages, true), "carrier-switch by " + switched.requestedBy());
    }

    /**
     * Takes in packages the platform shows shipped that ShipSync never declared, because the merchant shipped the
     * order in the WeChat Shop back office (商家后台发货): as declared by {@value #PLATFORM}, with OrderShipped and a
     * declaration already SYNCED (there is nothing to send), as a declaration commits them. A package whose items
     * ShipSync declared under another number is a conflict; one it cannot place on the order (no tracking number,
     * no items, items not on the order or more than it has left) is unplaced; both are left to the caller as
     * drift. The caller holds the order's row lock ({@link Order#findForUpdate}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Adoption adopt(Order order, List<PackageRequest> onPlatform) {
        List<ShipmentPackage> live = ShipmentPackage.live(order.shopId, order.orderId);
        Map<String, Integer> remaining = remaining(order, live);
        List<PackageRequest> fresh = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        List<String> unplaced = new ArrayList<>();
        for (PackageRequest request : onPlatform) {
            if (live.stream().anyMatch(p -> p.trackingNumber.equals(request.trackingNumber()))) {
                continue; // ours already: declared here and acknowledged by the platform
            }
            String name = (request.carrierCode() + " " + request.trackingNumber()).trim();
            if (request.trackingNumber().isEmpty() || request.items().isEmpty()) {
                unplaced.add("the platform shows package " + name + " of order " + order.orderId
                        + " without a tracking number or items; ShipSync cannot take it in");
                continue;
            }
            Optional<ShipmentPackage.Item> beyond = request.items().stream()
                    .filter(i -> i.quantity() > remaining.getOrDefault(key(i.productId(), i.skuId()), 0)).findFirst();
            if (beyond.isPresent()) {
                ShipmentPackage.Item item = beyond.get();
                String key = key(item.productId(), item.skuId());
                Optional<ShipmentPackage> declaredIn = live.stream()
                        .filter(p -> p.items.stream().anyMatch(i -> key(i.productId(), i.skuId()).equals(key))).findFirst();
                if (declaredIn.isPresent()) {
                    conflicts.add("the platform shows SKU " + item.skuId() + " of order " + order.orderId + " shipped in "
                            + name + ", ShipSync declared it in " + declaredIn.get().carrierCode + " "
                            + declaredIn.get().trackingNumber);
                } else {
                    unplaced.add("the platform's package " + name + " holds " + item.quantity() + " of SKU " + item.skuId()
                            + ", more than order " + order.orderId + " has left to ship (" + remaining.getOrDefault(key, 0) + ")");
                }
                continue;
            }
            request.items().forEach(i -> remaining.merge(key(i.productId(), i.skuId()), -i.quantity(), Integer::sum));
            fresh.add(request);
        }
        if (fresh.isEmpty()) {
            return new Adoption(List.of(), conflicts, unplaced);
        }
        Instant now = clock.instant();
        List<ShipmentPackage> adopted = fresh.stream().map(request -> persist(order, request, PLATFORM, now)).toList();
        announce(order, adopted, false, now);
        // Already on the platform: settled as it is recorded, so "declared, not synced" never waits for it.
        PlatformSync sync = record(order, PlatformSync.Action.SEND, adopted, PlatformSync.Status.SYNCED, now);
        outbox.append(sync.settled(DeclarationSettled.Outcome.ACKNOWLEDGED, now), order.shopId);
        return new Adoption(adopted, conflicts, unplaced);
    }

    /** OrderShipped for packages just declared or adopted, saying whether every item of the order is now in one. */
    private void announce(Order order, List<ShipmentPackage> added, boolean correction, Instant now) {
        boolean finished = remaining(order, ShipmentPackage.live(order.shopId, order.orderId)).values().stream()
                .allMatch(q -> q == 0);
        outbox.append(new OrderShipped(order.orderId, added.stream().map(Shipping::shipped).toList(), now, finished, correction),
                order.shopId);
    }

    /** The declaration's way to the platform, with the packages it carries. */
    private static PlatformSync record(Order order, PlatformSync.Action action, List<ShipmentPackage> packages,
                                       PlatformSync.Status status, Instant now) {
        PlatformSync sync = new PlatformSync();
        sync.shopId = order.shopId;
        sync.orderId = order.orderId;
        sync.action = action;
        sync.packages = packages.stream().map(p -> new PlatformSync.Package(p.carrierCode, p.trackingNumber, p.items)).toList();
        sync.status = status;
        sync.createdAt = now;
        sync.syncedAt = status == PlatformSync.Status.SYNCED ? now : null;
        sync.persist();
        return sync;
    }

    private static void validate(Order order, Declaration declaration) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, Integer> ordered = ordered(order);
        for (int i = 0; i < declaration.packages().size(); i++) {
            PackageRequest p = declaration.packages().get(i);
            String at = "packages[" + i + "]";
            if (p.trackingNumber() == null || p.trackingNumber().isEmpty()) {
                errors.add(new Problem.FieldError(at + ".trackingNumber",
                        "强制手动填写: a physical-goods order cannot be shipped without the carrier's tracking number"));
            } else if (CARRIERS.check(p.carrierCode(), p.trackingNumber()) instanceof TrackingNumberCheck.Refused refused) {
                errors.add(new Problem.FieldError(at + ".trackingNumber", refused.reason()));
            }
            for (int j = 0; j < p.items().size(); j++) {
                ShipmentPackage.Item item = p.items().get(j);
                if (!ordered.containsKey(key(item.productId(), item.skuId()))) {
                    errors.add(new Problem.FieldError(at + ".items[" + j + "]",
                            "product " + item.productId() + " / SKU " + item.skuId() + " is not on order " + order.orderId));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "Invalid declaration",
                    "The declaration has " + errors.size() + " problem(s).").withErrors(errors));
        }
    }

    private List<ShipmentPackage> add(Order order, List<ShipmentPackage> live, Declaration declaration, String by, Instant now) {
        if (alreadyDeclared(live, declaration)) {
            return List.of();
        }
        Map<String, Integer> remaining = remaining(order, live);
        List<PackageRequest> fresh = new ArrayList<>();
        for (PackageRequest request : declaration.packages()) {
            Optional<ShipmentPackage> existing = live.stream()
                    .filter(p -> p.trackingNumber.equals(request.trackingNumber())).findFirst();
            if (existing.isPresent()) {
                if (!existing.get().carrierCode.equals(request.carrierCode())) {
                    throw ProblemException.conflict("Tracking number " + request.trackingNumber() + " is already declared for carrier "
                            + existing.get().carrierCode + " on order " + order.orderId + ".");
                }
                continue; // declared before: a repeat is not a second package
            }
            for (ShipmentPackage.Item item : request.items()) {
                String key = key(item.productId(), item.skuId());
                int left = remaining.getOrDefault(key, 0);
                if (item.quantity() > left) {
                    String declaredIn = live.stream().filter(p -> p.items.stream().anyMatch(i -> key(i.productId(), i.skuId()).equals(key)))
                            .map(p -> p.carrierCode + " " + p.trackingNumber).findFirst().orElse("an earlier package");
                    throw ProblemException.conflict("自动发货规则冲突: SKU " + item.skuId() + " of order " + order.orderId
                            + " is already declared in " + declaredIn + " (" + left + " left to ship); a different tracking number"
                            + " for it needs an explicit correction.");
                }
                remaining.put(key, left - item.quantity());
            }
            fresh.add(request);
        }
        if (!fresh.isEmpty() && order.platformStatus != Order.STATUS_AWAITING_SHIPMENT
                && order.platformStatus != Order.STATUS_PARTLY_SHIPPED) {
            throw ProblemException.conflict("Order " + order.orderId + " is in platform status " + order.platformStatus
                    + "; declare a correction to change its packages.");
        }
        return fresh.stream().map(request -> persist(order, request, by, now)).toList();
    }

    private List<ShipmentPackage> correct(Order order, List<ShipmentPackage> live, Declaration declaration, String by, Instant now) {
        if (live.isEmpty()) {
            throw ProblemException.conflict("Order " + order.orderId + " has no declared package to correct; declare it normally.");
        }
        Map<String, Integer> remaining = ordered(order);
        for (PackageRequest request : declaration.packages()) {
            for (ShipmentPackage.Item item : request.items()) {
                String key = key(item.productId(), item.skuId());
                if (item.quantity() > remaining.getOrDefault(key, 0)) {
                    throw ProblemException.badRequest("The correction ships more of SKU " + item.skuId() + " than order " + order.orderId + " has.");
                }
                remaining.merge(key, -item.quantity(), Integer::sum);
            }
        }
        live.forEach(p -> p.supersededAt = now);
        ShipmentPackage.flush();
        return declaration.packages().stream().map(request -> persist(order, request, by, now)).toList();
    }

    private static boolean alreadyDeclared(List<ShipmentPackage> live, Declaration declaration) {
        return declaration.packages().stream().allMatch(r -> live.stream().anyMatch(
                p -> p.trackingNumber.equals(r.trackingNumber()) && p.carrierCode.equals(r.carrierCode())));
    }

    private static ShipmentPackage persist(Order order, PackageRequest request, String by, Instant now) {
        ShipmentPackage p = new ShipmentPackage();
        p.shopId = order.shopId;
        p.orderId = order.orderId;
        p.carrierCode = request.carrierCode();
        p.trackingNumber = request.trackingNumber();
        p.items = List.copyOf(request.items());
        p.declaredAt = now;
        p.declaredBy = by;
        p.persist();
        return p;
    }

    /** Units of each product/SKU not yet in a declared package. */
    public static Map<String, Integer> remaining(Order order, List<ShipmentPackage> live) {
        Map<String, Integer> remaining = ordered(order);
        live.forEach(p -> p.items.forEach(i -> remaining.merge(key(i.productId(), i.skuId()), -i.quantity(), Integer::sum)));
        return remaining;
    }

    private static Map<String, Integer> ordered(Order order) {
        Map<String, Integer> ordered = new HashMap<>();
        order.lines.forEach(l -> ordered.merge(key(l.productId, l.skuId), l.quantity, Integer::sum));
        return ordered;
    }

    private static String key(String productId, String skuId) {
        return productId + "/" + skuId;
    }

    private static ShippedPackage shipped(ShipmentPackage p) {
        return new ShippedPackage(p.carrierCode, p.trackingNumber,
                p.items.stream().map(i -> new PackageItem(i.productId(), i.skuId(), i.quantity())).toList());
    }
}
