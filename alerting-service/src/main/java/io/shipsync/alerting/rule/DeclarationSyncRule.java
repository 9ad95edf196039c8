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
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.DeclarationSettled;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.ShippedPackage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * 发货未同步: a declaration (发货) the platform refused (DeclarationSettled {@code REFUSED}, raised at once), or has not
 * acknowledged when the declaration plus the shop's window passes (pending: a timer row per declared number, keyed by
 * the number, fired by the sweep). One alert per order. It resolves when no live declared number of the order is
 * refused or overdue: each acknowledged, superseded by a correction, its waybill cancelled, or the order cancelled.
 * A refusal is also a DriftDetected finding ({@code DECLARATION_REJECTED}); this rule owns it, so DRIFT_DETECTED leaves
 * that kind alone and one refusal is one alert.
 */
@ApplicationScoped
public class DeclarationSyncRule implements TimedRule {

    private final TimerRepository timers;
    private final ParcelRepository parcels;
    private final OrderRepository orders;
    private final RuleBook rules;
    private final Alerts alerts;

    DeclarationSyncRule(TimerRepository timers, ParcelRepository parcels, OrderRepository orders, RuleBook rules,
                        Alerts alerts) {
        this.timers = timers;
        this.parcels = parcels;
        this.orders = orders;
        this.rules = rules;
        this.alerts = alerts;
    }

    @Override
    public Rule rule() {
        return Rule.DECLARATION_NOT_SYNCED;
    }

    /** A declaration, under its order's lock: each number not acknowledged yet waits for the platform's answer. */
    public void declared(ReceivedEvent event, OrderShipped shipped) {
        RuleSettings settings = rules.of(event.shopId(), rule());
        if (!settings.enabled()) {
            return;
        }
        for (ShippedPackage declared : shipped.packages()) {
            Parcel parcel = parcels.find(event.shopId(), shipped.orderId(), declared.trackingNumber()).orElseThrow();
            if (parcel.awaitingSync() && parcel.refusedAt() == null) {
                timers.setOnce(Timer.due(event.shopId(), rule(), Subject.order(shipped.orderId()), declared.trackingNumber(),
                        parcel.declaredAt().plus(settings.window())));
            }
        }
    }

    /** The platform's final answer, after the read model recorded it on the parcels. */
    public void settled(ReceivedEvent event, DeclarationSettled settled) {
        Subject order = Subject.order(settled.orderId());
        for (String number : settled.trackingNumbers()) {
            timers.delete(Timer.due(event.shopId(), rule(), order, number, settled.settledAt()));
        }
        if (settled.outcome() == DeclarationSettled.Outcome.REFUSED) {
            String call = settled.action() == DeclarationSettled.Action.SEND ? "delivery/send" : "deliveryinfo/update";
            alerts.raise(new Observation(event.shopId(), rule(), order, "WeChat Shop refused " + call + " of order "
                    + settled.orderId() + " for " + String.join(", ", settled.trackingNumbers()) + " with errcode "
                    + settled.errcode() + (settled.errmsg() == null ? "" : " (" + settled.errmsg() + ")") + " after "
                    + settled.attempts() + " attempt(s)", settled.settledAt(), event.envelope()));
        } else {
            reconsider(event, settled.orderId(), "the platform acknowledged the declaration", settled.settledAt());
        }
    }

    /**
     * The order's parcels may have settled otherwise (superseded, their waybill cancelled, the order cancelled): what
     * no longer waits loses its timer, and the alert resolves when nothing refused or overdue is left.
     */
    public void reconsider(ReceivedEvent event, String orderId, String why, Instant at) {
        String shopId = event.shopId();
        Subject order = Subject.order(orderId);
        boolean cancelled = orders.cancelledAt(shopId, orderId).isPresent();
        List<Parcel> all = parcels.ofOrder(shopId, orderId);
        Set<String> fired = timers.ofSubject(shopId, rule(), order).stream().filter(t -> t.firedAt() != null)
                .map(Timer::key).collect(Collectors.toSet());
        boolean outstanding = false;
        for (Parcel parcel : all) {
            if (cancelled || !parcel.awaitingSync()) {
                timers.delete(Timer.due(shopId, rule(), order, parcel.trackingNumber(), at));
            } else if (parcel.refusedAt() != null || fired.contains(parcel.trackingNumber())) {
                outstanding = true;
            }
        }
        if (!outstanding) {
            alerts.cleared(new Observation(shopId, rule(), order, why, at, event.envelope()));
        }
    }

    /** The window passed: a number still without the platform's answer raises the order's alert, at the deadline. */
    @Override
    public void due(Timer timer, Instant now) {
        String orderId = timer.subject().id();
        orders.lock(timer.shopId(), orderId);
        if (!timers.claim(timer, now)) {
            return;
        }
        Parcel parcel = parcels.find(timer.shopId(), orderId, timer.key()).orElse(null);
        if (parcel == null || !parcel.awaitingSync() || parcel.refusedAt() != null
                || orders.cancelledAt(timer.shopId(), orderId).isPresent()) {
            timers.delete(timer);
            return;
        }
        timers.fired(timer);
        long minutes = Duration.between(parcel.declaredAt(), timer.dueAt()).toMinutes();
        alerts.raise(new Observation(timer.shopId(), rule(), timer.subject(), "Order " + orderId + " declared "
                + parcel.carrierCode() + " " + parcel.trackingNumber() + " at " + parcel.declaredAt()
                + "; WeChat Shop has not acknowledged it after " + minutes + " min", timer.dueAt(), null));
    }
}
