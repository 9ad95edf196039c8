package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.HoldReason;
import io.shipsync.events.OrderHeld;
import io.shipsync.events.OrderReleased;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** 风控审核: an order held for fraud review is an alert until the hold is released or the order cancelled. */
@ApplicationScoped
public class FraudHoldRule {

    private final Alerts alerts;

    FraudHoldRule(Alerts alerts) {
        this.alerts = alerts;
    }

    public void held(ReceivedEvent event, OrderHeld held) {
        if (held.reason() == HoldReason.FRAUD_REVIEW) {
            alerts.raise(new Observation(event.shopId(), Rule.FRAUD_HOLD, Subject.order(held.orderId()),
                    "Order " + held.orderId() + " held for fraud review: " + held.description(), held.heldAt(),
                    event.envelope()));
        }
    }

    public void released(ReceivedEvent event, OrderReleased released) {
        if (released.reason() == HoldReason.FRAUD_REVIEW) {
            cleared(event, released.orderId(), "released by " + released.releasedBy(), released.releasedAt());
        }
    }

    public void cleared(ReceivedEvent event, String orderId, String why, Instant at) {
        alerts.cleared(new Observation(event.shopId(), Rule.FRAUD_HOLD, Subject.order(orderId), why, at, event.envelope()));
    }
}
