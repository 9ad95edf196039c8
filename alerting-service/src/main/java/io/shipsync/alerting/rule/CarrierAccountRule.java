package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.CarrierAccountChanged;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An e-waybill account (电子面单账号) that printing (打单) fails or will soon fail with: not authorised (未认证), not
 * opened (未开通) or low on balance (面单余额). Each such check is a sighting (a repeat while open); a check finding it
 * AUTHORIZED clears it. An unreachable platform says nothing about the account, so it changes nothing.
 */
@ApplicationScoped
public class CarrierAccountRule {

    private final Alerts alerts;

    CarrierAccountRule(Alerts alerts) {
        this.alerts = alerts;
    }

    public void changed(ReceivedEvent event, CarrierAccountChanged changed) {
        Subject account = Subject.carrierAccount(changed.accountId());
        switch (changed.state()) {
            case AUTHORIZED -> alerts.cleared(new Observation(event.shopId(), Rule.CARRIER_ACCOUNT_PROBLEM, account,
                    "authorised again" + (changed.balance() == null ? "" : " with " + changed.balance() + " waybills left"),
                    changed.checkedAt(), event.envelope()));
            case PLATFORM_UNREACHABLE -> {
                // The check could not ask the platform: the account's state is unknown, not changed.
            }
            default -> alerts.raise(new Observation(event.shopId(), Rule.CARRIER_ACCOUNT_PROBLEM, account,
                    changed.carrierCode() + " account " + changed.accountId() + " " + problem(changed), changed.checkedAt(),
                    event.envelope()));
        }
    }

    private static String problem(CarrierAccountChanged changed) {
        return switch (changed.state()) {
            case NOT_AUTHORIZED -> "is not authorised with the carrier; no waybill can be taken";
            case CARRIER_NOT_OPENED -> "has no e-waybill service opened with the carrier; no waybill can be taken";
            case BALANCE_LOW -> "has " + changed.balance() + " waybills left, below " + changed.threshold();
            case AUTHORIZED, PLATFORM_UNREACHABLE -> throw new IllegalArgumentException(changed.state() + " is no problem");
        };
    }
}
