package io.shipsync.events;

/** What is wrong with a tracking feed's data or a tracking watch (物流轨迹异常). */
public enum TrackingAnomalyKind {
    /** Mis-decoded text (GBK read as UTF-8 and the reverse, 鍙戣揣-style), U+FFFD or control characters. */
    GARBLED_TEXT,
    /** The same entry twice in one push. */
    REPEATED_ENTRY,
    /** An order of entries no parcel can take, such as a delivery before the pickup. */
    IMPOSSIBLE_SEQUENCE,
    /** The number shows another parcel's route: delivered towards a different city than the order's. */
    WRONG_ROUTE,
    /** The feed gave up on the number (abort: no record for 3 days, or no change for 60 days). */
    WATCH_ABORTED,
    /** The feed refused the number or the carrier (kuaidi100 700/701/702). */
    NUMBER_REFUSED,
    /** The feed refused our key (kuaidi100 600/601): no number of the shop is watched until it is fixed. */
    FEED_KEY_REFUSED
}
