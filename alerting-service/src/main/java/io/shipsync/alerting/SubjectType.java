package io.shipsync.alerting;

/** The kinds of thing an alert can be about. */
public enum SubjectType {
    /** A platform order; its id is the order id. */
    ORDER,
    /** A SKU's stock in one warehouse; its id is {@code <skuId>@<warehouseId>}. */
    SKU,
    /** An e-waybill account (电子面单账号) at a carrier; its id is the account id. */
    CARRIER_ACCOUNT,
    /** A parcel as its carrier tracks it (运单号); its id is the tracking number. */
    TRACKING_NUMBER,
    /** A ShipSync service, as far as one shop's data is concerned; its id is the service name, e.g. order-service. */
    SERVICE
}
