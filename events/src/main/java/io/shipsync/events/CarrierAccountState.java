package io.shipsync.events;

/** What a check of a shop's e-waybill account (电子面单账号) at a carrier found. */
public enum CarrierAccountState {
    /** Usable: authorised, and the balance (if the carrier reports one) is at or above the threshold. */
    AUTHORIZED,
    /** The account is bound but not authorised or verified with the carrier (未认证); no waybill can be taken. */
    NOT_AUTHORIZED,
    /** The balance (面单余额) fell below the shop's threshold; waybills can still be taken, for now. */
    BALANCE_LOW,
    /** The platform could not be asked, so the account's state is unknown until the next check. */
    PLATFORM_UNREACHABLE,
    /** The shop has not opened e-waybill service with this carrier (未开通). */
    CARRIER_NOT_OPENED
}
