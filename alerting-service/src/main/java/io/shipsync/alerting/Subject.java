package io.shipsync.alerting;

/**
 * What an alert is about. A shop has at most one unresolved alert per rule and subject.
 *
 * @param type what kind of thing
 * @param id   which one, as {@link SubjectType} spells it
 */
public record Subject(SubjectType type, String id) {

    public static Subject order(String orderId) {
        return new Subject(SubjectType.ORDER, orderId);
    }

    /** Stock is kept per warehouse, so a SKU frozen in one warehouse and not in another is two subjects. */
    public static Subject sku(String skuId, String warehouseId) {
        return new Subject(SubjectType.SKU, skuId + "@" + warehouseId);
    }

    public static Subject carrierAccount(String accountId) {
        return new Subject(SubjectType.CARRIER_ACCOUNT, accountId);
    }

    public static Subject trackingNumber(String trackingNumber) {
        return new Subject(SubjectType.TRACKING_NUMBER, trackingNumber);
    }

    public static Subject service(String serviceName) {
        return new Subject(SubjectType.SERVICE, serviceName);
    }
}
