package io.shipsync.logistics;

import io.shipsync.events.CarrierAccountState;
import io.shipsync.wechat.EwaybillApi;
import java.time.Instant;

/**
 * One of the shop's e-waybill accounts (电子面单账号: a 网点 of a 加盟 carrier, or a 月结账号) as the last check
 * found it: where its numbers come from, how many are left, the sender address and template labels use, and
 * its health (接口测试).
 *
 * @param accountId   the platform's acct_id; {@link #NO_ACCOUNT} for an enabled carrier with no account at all
 * @param siteCode    the 网点 of a 加盟 carrier; null for a 直营 one
 * @param monthlyCard the 月结卡号 of a 直营 carrier; null for a 加盟 one
 * @param balance     numbers left, or null when the platform could not be asked
 * @param stateDetail why, in the operator's words
 */
public record CarrierAccount(String shopId, String carrierCode, String accountId, String siteCode, String siteName,
                             String monthlyCard, Long balance, EwaybillApi.Address sender, String templateId, CarrierAccountState state,
                             String stateDetail, Instant stateSince, Instant checkedAt) {

    /** The account id recorded for a carrier the shop has enabled but no e-waybill account of. */
    public static final String NO_ACCOUNT = "none";

    /** Numbers can be taken from it: authorised, and low on balance at worst. */
    public boolean canTake() {
        return state == CarrierAccountState.AUTHORIZED || state == CarrierAccountState.BALANCE_LOW;
    }
}
