package io.shipsync.events;

import java.time.Instant;
import java.util.List;

/**
 * A parcel not yet picked up moved to the shop's backup carrier (切换备用快递): its old waybill was cancelled at the
 * carrier and a new one taken. order-service corrects the declaration (deliveryinfo/update) to the new number, and
 * the OrderShipped correction it announces moves the tracking watch. Keyed by the order id, like the waybill events.
 *
 * @param orderId            platform order id the parcel ships
 * @param fromCarrierCode    WeChat delivery_id of the carrier the parcel leaves
 * @param fromTrackingNumber the declared number that is void now
 * @param toCarrierCode      WeChat delivery_id of the backup carrier
 * @param toTrackingNumber   the new number to declare instead
 * @param waybillId          the new waybill's ewaybill_order_id, a Uint64 carried as a string
 * @param items              what the parcel holds
 * @param switchedAt         when the switch completed at the carriers
 * @param requestedBy        the operator who asked for it
 */
public record CarrierSwitched(String orderId, String fromCarrierCode, String fromTrackingNumber, String toCarrierCode,
                              String toTrackingNumber, String waybillId, List<PackageItem> items, Instant switchedAt,
                              String requestedBy) implements DomainEvent {

    public CarrierSwitched {
        Checks.id(orderId, "orderId");
        Checks.id(fromCarrierCode, "fromCarrierCode");
        Checks.id(fromTrackingNumber, "fromTrackingNumber");
        Checks.id(toCarrierCode, "toCarrierCode");
        Checks.id(toTrackingNumber, "toTrackingNumber");
        Checks.uint64(waybillId, "waybillId");
        items = Checks.nonEmpty(items, "items");
        switchedAt = Checks.time(switchedAt, "switchedAt");
        Checks.id(requestedBy, "requestedBy");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
