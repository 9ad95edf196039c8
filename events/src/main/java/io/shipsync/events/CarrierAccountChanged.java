package io.shipsync.events;

import java.time.Instant;

/**
 * A check of a shop's e-waybill account (电子面单账号) at a carrier found it in another state than the check
 * before: printing (打单) with it is about to fail or works again. Keyed by the account id, on a topic of its
 * own, because an account is no order's: its checks stay in order, and waybill consumers never read them.
 *
 * @param carrierCode   WeChat delivery_id of the carrier
 * @param accountId     the e-waybill account (acct_id; for a carrier's own account, its 月结账号)
 * @param state         what this check found
 * @param previousState what the check before found; absent for an account's first check
 * @param balance       waybills left on the account (面单余额) when the platform reported it, else absent
 *                      (unreachable, not authorised, or a carrier that reports none)
 * @param threshold     the balance below which the account is {@link CarrierAccountState#BALANCE_LOW}
 * @param checkedAt     when the check ran
 */
public record CarrierAccountChanged(String carrierCode, String accountId, CarrierAccountState state,
                                    CarrierAccountState previousState, Long balance, long threshold,
                                    Instant checkedAt) implements DomainEvent {

    public CarrierAccountChanged {
        Checks.id(carrierCode, "carrierCode");
        Checks.id(accountId, "accountId");
        Checks.required(state, "state");
        if (state == previousState) {
            throw new IllegalArgumentException("state must differ from previousState: only a change is announced");
        }
        if (balance != null) {
            Checks.atLeast(balance, 0, "balance");
        } else if (state == CarrierAccountState.BALANCE_LOW) {
            throw new IllegalArgumentException("balance is required when the state is BALANCE_LOW");
        }
        Checks.atLeast(threshold, 0, "threshold");
        checkedAt = Checks.time(checkedAt, "checkedAt");
    }

    @Override
    public String aggregateId() {
        return accountId;
    }
}
