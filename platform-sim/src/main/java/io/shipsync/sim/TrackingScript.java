package io.shipsync.sim;

/**
 * What happens to a tracked parcel, step by step, in the tracking feeds (kuaidi100 pushes, 快递鸟 pushes, and
 * what their queries answer). kuaidi100 codes: basic {@code state} / advanced {@code statusCode}.
 */
public enum TrackingScript {
    /** 下单 101 → 揽收 103 → 干线 1002 ×2 → 到达派件城市 1001 → 派件 5 → 签收 301 (push status shutdown). */
    NORMAL,
    /** … → 派件 5 → 投柜或驿站 501 → 投柜或站签收 304 (shutdown). */
    PICKUP_POINT,
    /** … → 派件 5 → 疑难 2; the subscription stays polling. */
    PROBLEM,
    /** … → 派件 5 → 拒签 14 → 退回 6 → 退签 4 (shutdown). */
    RETURN,
    /** NORMAL's history, never pushed; the realtime query shows each entry once its time has passed. */
    SILENT,
    /** No history; after 3 days one push with status abort, message "3天查询无记录". */
    ABORT,
    /** NORMAL, one entry's context is UTF-8 read as GBK (mojibake), another holds U+FFFD. */
    GARBLED,
    /** NORMAL, one push lists its newest entry twice, and one push is sent twice. */
    DUPLICATES,
    /** NORMAL, and an older push is delivered again after a newer one. */
    OUT_OF_ORDER,
    /** NORMAL by another carrier: pushes carry autoCheck 1, comOld (subscribed) and comNew (the real carrier). */
    CORRECTION,
    /** NORMAL, but 到达派件城市, 派件 and 签收 happen in another city than the subscription's {@code to}. */
    WRONG_ROUTE;

    /**
     * The script a number gets unless one was set: chosen from the number alone, so the same number always
     * plays the same script; about 60 % NORMAL, the rest spread over the others for the demo's variety.
     */
    public static TrackingScript forNumber(String number) {
        int h = number.hashCode();
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        int bucket = Math.floorMod(h, 100);
        int[] upTo = {60, 68, 72, 76, 79, 81, 84, 88, 92, 95, 100};
        for (int i = 0; i < upTo.length; i++) {
            if (bucket < upTo[i]) {
                return values()[i];
            }
        }
        return NORMAL;
    }
}
