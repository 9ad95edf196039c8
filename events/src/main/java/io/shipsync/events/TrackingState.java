package io.shipsync.events;

/** A shipment's state normalised across carrier feeds; the raw code travels beside it. */
public enum TrackingState {
    /** Subscribed, no scan yet. */
    PENDING,
    /** First carrier scan (揽收). */
    PICKED_UP,
    /** Moving between sites (在途). */
    IN_TRANSIT,
    /** Out with the courier (派件). */
    OUT_FOR_DELIVERY,
    /** Delivered and signed for (签收). */
    DELIVERED,
    /** Problem shipment needing attention (疑难). */
    PROBLEM,
    /** On its way back to the sender (退回). */
    RETURNING,
    /** Signed for by the sender after return (退签). */
    RETURNED,
    /** The receiver refused it (拒签). */
    REJECTED,
    /** In customs clearance (清关). */
    CUSTOMS
}
