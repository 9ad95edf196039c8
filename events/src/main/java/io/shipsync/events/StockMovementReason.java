package io.shipsync.events;

/** Why stock moved. */
public enum StockMovementReason {
    /** Held for a placed order. */
    RESERVE,
    /** A reservation became a shipment. */
    COMMIT,
    /** A reservation was given back (order cancelled before shipping). */
    RELEASE,
    /** An operator adjusted stock by hand. */
    ADJUST,
    /** A stock count (盘点) set the on-hand figure. */
    STOCKTAKE,
    /** Aligned with a figure the platform reported. */
    PLATFORM_CORRECTION,
    /** Goods came back (refund after payment or returned parcel). */
    RETURN
}
