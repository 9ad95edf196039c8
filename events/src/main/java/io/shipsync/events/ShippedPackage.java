package io.shipsync.events;

import java.util.List;

/**
 * One parcel declared to the platform.
 *
 * @param carrierCode    WeChat delivery_id of the carrier, e.g. "SF", "ZTO", "YUNDA", "JTSD"
 * @param trackingNumber the carrier's tracking number (waybill_id)
 * @param items          what the parcel holds, at least one line
 */
public record ShippedPackage(String carrierCode, String trackingNumber, List<PackageItem> items) {

    public ShippedPackage {
        Checks.id(carrierCode, "carrierCode");
        Checks.id(trackingNumber, "trackingNumber");
        items = Checks.nonEmpty(items, "items");
    }
}
