package io.shipsync.logistics;

import java.time.Instant;
import java.util.List;

/**
 * A shop's carriers (快递公司): those it ships with, the one a print run takes numbers from unless told otherwise,
 * the one a stuck parcel moves to, and the e-waybill balance below which its accounts are reported low.
 */
public record CarrierSettings(String shopId, List<String> enabledCarriers, String defaultCarrier, String backupCarrier,
                              long balanceThreshold, Instant updatedAt, String updatedBy) {

    public CarrierSettings {
        enabledCarriers = List.copyOf(enabledCarriers);
    }

    public boolean enabled(String carrierCode) {
        return enabledCarriers.contains(carrierCode);
    }
}
