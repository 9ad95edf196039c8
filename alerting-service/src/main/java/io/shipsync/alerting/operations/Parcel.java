package io.shipsync.alerting.operations;

import java.time.Instant;

/**
 * 包裹: one tracking number of an order, as its waybill and its declaration describe it.
 *
 * @param printedAt    the first print (打单); null for a parcel only declared
 * @param declaredAt   its declaration (发货); null until declared
 * @param cancelledAt  its waybill's cancel (取消面单); null unless cancelled
 * @param supersededAt when a correction declared another number for its items; null unless superseded
 * @param acknowledgedAt when the platform acknowledged the declaration carrying it; null until then
 * @param refusedAt      when the platform refused that declaration for good; null unless refused and not acknowledged since
 * @param refusedErrcode the platform's errcode of the refusal
 */
public record Parcel(String orderId, String trackingNumber, String carrierCode, Instant printedAt, Instant declaredAt,
                     Instant cancelledAt, Instant supersededAt, Instant acknowledgedAt, Instant refusedAt,
                     Integer refusedErrcode) {

    /** Neither cancelled nor superseded: the number still stands for its items. */
    public boolean live() {
        return cancelledAt == null && supersededAt == null;
    }

    /** Declared, live, and not acknowledged by the platform: pending, or refused. */
    public boolean awaitingSync() {
        return declaredAt != null && acknowledgedAt == null && live();
    }

    /** Printed, live, and not declared: G1 waits for its declaration. */
    public boolean awaitingDeclaration() {
        return printedAt != null && declaredAt == null && live();
    }
}
