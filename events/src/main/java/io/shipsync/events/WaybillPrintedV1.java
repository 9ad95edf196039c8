package io.shipsync.events;

import java.time.Instant;

/**
 * {@link WaybillPrinted} as version 1 wrote it, without the waybill's items. Kept so that version 1 events
 * stay readable; read them as {@link WaybillPrinted} ({@code EventCodec.payload(envelope, WaybillPrinted.class)}),
 * whose {@code items} are then empty. Nothing produces version 1 any more.
 *
 * @param waybillId      the platform's ewaybill_order_id, a Uint64 carried as a string
 * @param orderId        platform order id the waybill ships
 * @param carrierCode    WeChat delivery_id of the carrier
 * @param trackingNumber the tracking number the carrier assigned
 * @param printedAt      when the label was printed
 * @param reprint        whether this is a reprint (补打) of a label printed before
 */
public record WaybillPrintedV1(String waybillId, String orderId, String carrierCode, String trackingNumber,
                               Instant printedAt, boolean reprint) implements DomainEvent {

    public WaybillPrintedV1 {
        Checks.uint64(waybillId, "waybillId");
        Checks.id(orderId, "orderId");
        Checks.id(carrierCode, "carrierCode");
        Checks.id(trackingNumber, "trackingNumber");
        printedAt = Checks.time(printedAt, "printedAt");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
