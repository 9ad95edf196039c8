package io.shipsync.events;

import java.time.Instant;

/**
 * A printed waybill was cancelled (取消面单) before its parcel was declared: its tracking number will never
 * travel, so nothing may be declared with it. Keyed by the order id, like {@link WaybillPrinted}, so the
 * cancel always follows the print it undoes.
 *
 * @param waybillId      the platform's ewaybill_order_id, a Uint64 carried as a string
 * @param orderId        platform order id the waybill was for
 * @param carrierCode    WeChat delivery_id of the carrier
 * @param trackingNumber the tracking number that is void now
 * @param cancelledAt    when the carrier confirmed the cancel
 * @param reason         why it was cancelled, one sentence for the operator
 */
public record WaybillCancelled(String waybillId, String orderId, String carrierCode, String trackingNumber,
                               Instant cancelledAt, String reason) implements DomainEvent {

    public WaybillCancelled {
        Checks.uint64(waybillId, "waybillId");
        Checks.id(orderId, "orderId");
        Checks.id(carrierCode, "carrierCode");
        Checks.id(trackingNumber, "trackingNumber");
        cancelledAt = Checks.time(cancelledAt, "cancelledAt");
        Checks.id(reason, "reason");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
