package io.shipsync.events;

/**
 * A parcel's state normalised across tracking feeds (kuaidi100, 快递鸟); the feed's raw code travels beside it.
 * Version 2 of {@link TrackingUpdated} uses the first ten values. The last four are what version 1 wrote; they stay
 * so that history reads, and {@link #current()} maps each onto the set in use.
 */
public enum TrackingState {
    /** The carrier knows of the parcel, nothing scanned yet (已下单, 待揽收). */
    INFO_RECEIVED,
    /** First carrier scan (揽收). */
    PICKED_UP,
    /** Moving between sites, customs included (在途). */
    IN_TRANSIT,
    /** Out with the courier (派件). */
    OUT_FOR_DELIVERY,
    /** Waiting in a locker or a pickup station (投柜或驿站). */
    AT_PICKUP_POINT,
    /** Delivered and signed for (签收). */
    DELIVERED,
    /** Needs attention (疑难, 拒签, 派件异常); the reason travels with it. */
    EXCEPTION,
    /** On its way back to the sender (退回). */
    RETURNING,
    /** Signed for by the sender after return (退签). */
    RETURNED,
    /** The waybill was cancelled at the carrier (已销单). */
    CANCELLED,
    /** Version 1 only: subscribed, no scan yet. Read as {@link #INFO_RECEIVED}. */
    PENDING,
    /** Version 1 only: 疑难. Read as {@link #EXCEPTION}. */
    PROBLEM,
    /** Version 1 only: 拒签. Read as {@link #EXCEPTION}. */
    REJECTED,
    /** Version 1 only: 清关. Read as {@link #IN_TRANSIT}. */
    CUSTOMS;

    /** This state in the set version 2 writes: the version 1 values map onto it, the others are themselves. */
    public TrackingState current() {
        switch (this) {
            case PENDING:
                return INFO_RECEIVED;
            case PROBLEM:
            case REJECTED:
                return EXCEPTION;
            case CUSTOMS:
                return IN_TRANSIT;
            default:
                return this;
        }
    }

    /** Whether the parcel's journey has ended here: nothing further is expected from the carrier. */
    public boolean isFinal() {
        TrackingState state = current();
        return state == DELIVERED || state == RETURNED || state == CANCELLED;
    }

    /** Whether the carrier has physically had the parcel (any scan after 揽收). */
    public boolean isScanned() {
        TrackingState state = current();
        return state != INFO_RECEIVED && state != CANCELLED;
    }
}
