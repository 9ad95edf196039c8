package io.shipsync.alerting.operations;

import java.time.Instant;

/**
 * 包裹: one tracking number of an order, as its waybill and its declaration describe it.
 *
 * @param printedAt    the first print (打单); null for a parcel only declared
 * @param declaredAt   its declaration (发货); null until declared
 * @param cancelledAt  its waybill's cancel (取消面单); null unless cancelled
 * @param supersededAt when a correction declared another number for its items; null unless superseded
 */
public record Parcel(String orderId, String trackingNumber, String carrierCode, Instant printedAt, Instant declaredAt,
                     Instant cancelledAt, Instant supersededAt) {

    /** Neither cancelled nor superseded: the number still stands for its items. */
    public boolean live() {
        return cancelledAt == null && supersededAt == null;
    }

    /** Printed, live, and not declared: G1 waits for its declaration. */
    public boolean awaitingDeclaration() {
        return printedAt != null && declaredAt == null && live();
    }
}
