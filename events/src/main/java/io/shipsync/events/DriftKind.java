package io.shipsync.events;

/** How our view of an order and the platform's disagree. */
public enum DriftKind {
    /** The platform shows the order shipped (已发货) while we hold no tracking number for it. */
    PLATFORM_SHIPPED_WITHOUT_TRACKING,
    /** We declared a shipment while the platform still shows 20 待发货. */
    DECLARED_NOT_SHIPPED_ON_PLATFORM,
    /** Both sides have tracking numbers, and they differ. */
    TRACKING_MISMATCH,
    /** The platform refused our declaration with a business errcode (e.g. 101100); retrying cannot fix it. */
    DECLARATION_REJECTED
}
