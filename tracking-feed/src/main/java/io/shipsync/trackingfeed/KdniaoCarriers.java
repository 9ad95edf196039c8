package io.shipsync.trackingfeed;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** WeChat delivery ids and 快递鸟 ShipperCodes: mostly the same, 韵达 (YD) and 德邦 (DBL) differ. */
public final class KdniaoCarriers {

    private static final Map<String, String> SHIPPER_BY_DELIVERY_ID = Map.of(
            "SF", "SF",
            "ZTO", "ZTO",
            "YTO", "YTO",
            "STO", "STO",
            "YUNDA", "YD",
            "JTSD", "JTSD",
            "JD", "JD",
            "EMS", "EMS",
            "DBKD", "DBL");

    private static final Map<String, String> DELIVERY_ID_BY_SHIPPER = SHIPPER_BY_DELIVERY_ID.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private KdniaoCarriers() {
    }

    /** The ShipperCode for a WeChat delivery id; empty for OTHER and carriers not mapped. */
    public static Optional<String> shipperCode(String deliveryId) {
        return Optional.ofNullable(deliveryId).map(SHIPPER_BY_DELIVERY_ID::get);
    }

    /** The WeChat delivery id for a ShipperCode; empty when not mapped. */
    public static Optional<String> deliveryId(String shipperCode) {
        return Optional.ofNullable(shipperCode).map(DELIVERY_ID_BY_SHIPPER::get);
    }
}
