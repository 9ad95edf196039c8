package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.RuleBook;
import io.shipsync.alerting.RuleSettings;
import io.shipsync.alerting.Subject;
import io.shipsync.alerting.operations.OrderRepository;
import io.shipsync.alerting.operations.Parcel;
import io.shipsync.alerting.operations.ParcelRepository;
import io.shipsync.alerting.operations.Tracking;
import io.shipsync.alerting.operations.TrackingRepository;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.ShippedPackage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * 物流单号未同步: every declared parcel (发货) gets its first carrier scan (揽收) within the shop's window. Each parcel
 * declared before any scan of its number sets a timer, keyed by its order, due at the declaration plus the window; the
 * sweep fires one whose number still has no scan, raising the number's alert (the number declared by a second order
 * counts a repeat). The first scan resolves it; so do the parcel superseded by a correction, its waybill cancelled, or
 * its order cancelled, which drop its timer.
 */
@ApplicationScoped
public class FirstScanRule implements TimedRule {

    private final TimerRepository timers;
    private final ParcelRepository parcels;
    private final OrderRepository orders;
    private final TrackingRepository tracking;
    private final RuleBook rules;
    private final Alerts alerts;

    FirstScanRule(TimerRepository timers, ParcelRepository parcels, OrderRepository orders, TrackingRepository tracking,
                  RuleBook rules, Alerts alerts) {
        this.timers = timers;
        this.parcels = parcels;
        this.orders = orders;
        this.tracking = tracking;
        this.rules = rules;
        this.alerts = alerts;
    }

    @Override
    public Rule rule() {
        return Rule.NO_FIRST_SCAN;
    }

    /** A declaration (发货), under its order's lock: each of its numbers not scanned yet waits for its first scan. */
    public void declared(ReceivedEvent event, OrderShipped shipped) {
        String shopId = event.shopId();
        RuleSettings settings = rules.of(shopId, rule());
        if (!settings.enabled()) {
            return;
        }
        for (ShippedPackage declared : shipped.packages()) {
            Parcel parcel = parcels.find(shopId, shipped.orderId(), declared.trackingNumber()).orElseThrow();
            boolean scanned = tracking.find(shopId, declared.trackingNumber()).map(t -> t.firstScanAt() != null).orElse(false);
            if (parcel.live() && !scanned) {
                timers.setOnce(Timer.due(shopId, rule(), Subject.trackingNumber(declared.trackingNumber()),
                        shipped.orderId(), parcel.declaredAt().plus(settings.window())));
            }
        }
    }

    /**
     * The order's parcels may have settled (superseded, their waybill cancelled, the order cancelled): a settled number
     * waits for no scan, so its timer goes and its alert resolves.
     */
    public void settled(ReceivedEvent event, String orderId, String why, Instant at) {
        String shopId = event.shopId();
        boolean orderCancelled = orders.cancelledAt(shopId, orderId).isPresent();
        for (Parcel parcel : parcels.ofOrder(shopId, orderId)) {
            if (parcel.declaredAt() != null && (orderCancelled || !parcel.live())) {
                Subject number = Subject.trackingNumber(parcel.trackingNumber());
                timers.delete(Timer.due(shopId, rule(), number, orderId, at));
                if (timers.ofSubject(shopId, rule(), number).stream().noneMatch(t -> t.firedAt() != null)) {
                    alerts.cleared(new Observation(shopId, rule(), number, why, at, event.envelope()));
                }
            }
        }
    }

    /**
     * The number was tracked: once scanned, it waits no more. Timers go before the alert is cleared, so a sweep firing
     * one at this moment finishes first, and its alert is resolved here rather than raised after.
     */
    public void tracked(ReceivedEvent event, Tracking number) {
        if (number.firstScanAt() == null) {
            return;
        }
        Subject subject = Subject.trackingNumber(number.trackingNumber());
        timers.deleteOfSubject(event.shopId(), rule(), subject);
        alerts.cleared(new Observation(event.shopId(), rule(), subject, "first carrier scan at " + number.firstScanAt(),
                number.firstScanAt(), event.envelope()));
    }

    /** The window passed: a number still without a scan raises its alert, at the deadline (event time). */
    @Override
    public void due(Timer timer, Instant now) {
        String orderId = timer.key();
        String number = timer.subject().id();
        orders.lock(timer.shopId(), orderId);
        if (!timers.claim(timer, now)) {
            return;
        }
        Parcel parcel = parcels.find(timer.shopId(), orderId, number).orElse(null);
        boolean scanned = tracking.find(timer.shopId(), number).map(t -> t.firstScanAt() != null).orElse(false);
        if (parcel == null || !parcel.live() || scanned || orders.cancelledAt(timer.shopId(), orderId).isPresent()) {
            timers.delete(timer);
            return;
        }
        timers.fired(timer);
        long minutes = Duration.between(parcel.declaredAt(), timer.dueAt()).toMinutes();
        alerts.raise(new Observation(timer.shopId(), rule(), timer.subject(), "Parcel " + number + " (" + parcel.carrierCode()
                + ") of order " + orderId + " declared at " + parcel.declaredAt() + " has no carrier scan after " + minutes
                + " min", timer.dueAt(), null));
    }
}
