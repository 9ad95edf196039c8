package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.DriftDetected;
import io.shipsync.events.DriftKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * 不同步: each reconciliation finding (DriftDetected) of an order is a sighting; several findings of one order are one
 * alert with repeats. A declaration after the finding (OrderShipped: adopted from the platform, corrected, or declared
 * anew; it comes on the finding's own topic, so "after" is the topic's order) or the order's cancellation clears it.
 * A finding that ends otherwise (a pending declaration acknowledged at last) is resolved by an operator. A refused
 * declaration ({@code DECLARATION_REJECTED}) is DECLARATION_NOT_SYNCED's alert, raised from the DeclarationSettled
 * announced with it, so it is not raised twice.
 */
@ApplicationScoped
public class DriftRule {

    private final Alerts alerts;

    DriftRule(Alerts alerts) {
        this.alerts = alerts;
    }

    public void detected(ReceivedEvent event, DriftDetected drift) {
        if (drift.kind() == DriftKind.DECLARATION_REJECTED) {
            return;
        }
        String errcode = drift.errcode() == null ? "" : " (errcode " + drift.errcode() + ")";
        alerts.raise(new Observation(event.shopId(), Rule.DRIFT_DETECTED, Subject.order(drift.orderId()),
                drift.kind() + ": " + drift.description() + errcode, drift.detectedAt(), event.envelope()));
    }

    public void cleared(ReceivedEvent event, String orderId, String why, Instant at) {
        alerts.cleared(new Observation(event.shopId(), Rule.DRIFT_DETECTED, Subject.order(orderId), why, at, event.envelope()));
    }
}
