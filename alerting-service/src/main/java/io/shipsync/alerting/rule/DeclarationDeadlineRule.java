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
import io.shipsync.events.WaybillPrinted;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * G1, printed ⇒ declared: every waybill printed (打单) is declared (发货) within the shop's window, or cancelled, or an
 * alert is open for its order. Each printed parcel sets a timer due at its print time plus the window; the sweep fires
 * a timer whose parcel still waits, raising the order's alert (a second overdue parcel of the order counts a repeat).
 * A parcel declared, its waybill cancelled, superseded, or its order cancelled drops its timer, and the alert resolves
 * once no fired timer of the order is left.
 */
@ApplicationScoped
public class DeclarationDeadlineRule implements TimedRule {

    private final TimerRepository timers;
    private final ParcelRepository parcels;
    private final OrderRepository orders;
    private final RuleBook rules;
    private final Alerts alerts;

    DeclarationDeadlineRule(TimerRepository timers, ParcelRepository parcels, OrderRepository orders, RuleBook rules,
                            Alerts alerts) {
        this.timers = timers;
        this.parcels = parcels;
        this.orders = orders;
        this.rules = rules;
        this.alerts = alerts;
    }

    @Override
    public Rule rule() {
        return Rule.PRINTED_NOT_DECLARED;
    }

    /** A waybill printed: its deadline is set once, from its first print (a reprint keeps it). */
    public void printed(ReceivedEvent event, WaybillPrinted printed) {
        String shopId = event.shopId();
        Parcel parcel = parcels.find(shopId, printed.orderId(), printed.trackingNumber()).orElseThrow();
        RuleSettings settings = rules.of(shopId, rule());
        if (settings.enabled() && parcel.awaitingDeclaration() && orders.cancelledAt(shopId, printed.orderId()).isEmpty()) {
            timers.setOnce(Timer.due(shopId, rule(), Subject.order(printed.orderId()), printed.trackingNumber(),
                    parcel.printedAt().plus(settings.window())));
        }
    }

    /**
     * The order's parcels may have settled (declared, cancelled, superseded, the order cancelled): their timers go, and
     * the alert resolves when none that fired is left.
     */
    public void settled(ReceivedEvent event, String orderId, String why, Instant at) {
        String shopId = event.shopId();
        Subject order = Subject.order(orderId);
        boolean orderCancelled = orders.cancelledAt(shopId, orderId).isPresent();
        Set<String> awaiting = orderCancelled ? Set.of() : parcels.ofOrder(shopId, orderId).stream()
                .filter(Parcel::awaitingDeclaration).map(Parcel::trackingNumber).collect(Collectors.toSet());
        boolean overdueLeft = false;
        for (Timer timer : timers.ofSubject(shopId, rule(), order)) {
            if (!awaiting.contains(timer.key())) {
                timers.delete(timer);
            } else if (timer.firedAt() != null) {
                overdueLeft = true;
            }
        }
        if (!overdueLeft) {
            alerts.cleared(new Observation(shopId, rule(), order, why, at, event.envelope()));
        }
    }

    /** The window passed: the parcel, if it still waits, makes its order's alert (raised at the deadline, in event time). */
    @Override
    public void due(Timer timer, Instant now) {
        String orderId = timer.subject().id();
        orders.lock(timer.shopId(), orderId);
        if (!timers.claim(timer, now)) {
            return;
        }
        Parcel parcel = parcels.find(timer.shopId(), orderId, timer.key()).orElse(null);
        if (parcel == null || !parcel.awaitingDeclaration() || orders.cancelledAt(timer.shopId(), orderId).isPresent()) {
            timers.delete(timer);
            return;
        }
        timers.fired(timer);
        long minutes = Duration.between(parcel.printedAt(), timer.dueAt()).toMinutes();
        alerts.raise(new Observation(timer.shopId(), rule(), timer.subject(), "Waybill " + parcel.trackingNumber() + " ("
                + parcel.carrierCode() + ") printed at " + parcel.printedAt() + " is not declared after " + minutes + " min",
                timer.dueAt(), null));
    }
}
