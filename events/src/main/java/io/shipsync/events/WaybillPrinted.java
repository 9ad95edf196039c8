package io.shipsync.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A waybill was taken from the carrier and its label printed (打单). Keyed by the order id so that it is
 * ordered with the order's own events.
 * <p>
 * Version 2 adds {@code items}, what the labelled parcel holds, so the declaration (发货) names the waybill's
 * own contents. The compatibility guard forbids making a new property required, so the schema leaves it
 * optional; every version 2 producer sets it, and it is empty only when a version 1 event is read.
 *
 * @param waybillId      the platform's ewaybill_order_id, a Uint64 carried as a string
 * @param orderId        platform order id the waybill ships
 * @param carrierCode    WeChat delivery_id of the carrier
 * @param trackingNumber the tracking number the carrier assigned
 * @param items          what the parcel holds; empty when not known (a version 1 event)
 * @param printedAt      when the label was printed
 * @param reprint        whether this is a reprint (补打) of a label printed before
 */
public record WaybillPrinted(String waybillId, String orderId, String carrierCode, String trackingNumber,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PackageItem> items,
                             Instant printedAt, boolean reprint) implements DomainEvent {

    public WaybillPrinted {
        Checks.uint64(waybillId, "waybillId");
        Checks.id(orderId, "orderId");
        Checks.id(carrierCode, "carrierCode");
        Checks.id(trackingNumber, "trackingNumber");
        items = Checks.optionalList(items, "items");
        printedAt = Checks.time(printedAt, "printedAt");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
