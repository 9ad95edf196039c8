package io.shipsync.events;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A waybill was taken from the carrier and its label printed (打单). Keyed by the order id so that it is
 * ordered with the order's own events.
 *
 * @param waybillId      the platform's ewaybill_order_id, a Uint64 carried as a string
 * @param orderId        platform order id the waybill ships
 * @param carrierCode    WeChat delivery_id of the carrier
 * @param trackingNumber the tracking number the carrier assigned
 * @param printedAt      when the label was printed
 * @param reprint        whether this is a reprint (补打) of a label printed before
 */
public record WaybillPrinted(String waybillId, String orderId, String carrierCode, String trackingNumber,
                             Instant printedAt, boolean reprint) implements DomainEvent {

    private static final Pattern UINT64 = Pattern.compile("[0-9]{1,20}");

    public WaybillPrinted {
        if (waybillId == null || !UINT64.matcher(waybillId).matches()) {
            throw new IllegalArgumentException("waybillId must be a Uint64 in decimal, got '" + waybillId + "'");
        }
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
