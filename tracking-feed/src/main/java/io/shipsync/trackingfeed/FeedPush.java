package io.shipsync.trackingfeed;

import java.util.List;
import java.util.Optional;

/**
 * One push (or realtime query answer) as the feed sent it: the number's full history, newest first.
 *
 * @param status         where the feed's watch of the number stands
 * @param message        the feed's message, e.g. kuaidi100 "3天查询无记录" for an abort
 * @param trackingNumber the number the history is for
 * @param deliveryId     WeChat delivery_id of the carrier the feed tracked it with ("OTHER" when it has no mapping)
 * @param correction     the feed found the number belongs to another carrier (kuaidi100 comOld/comNew, autoCheck=1)
 * @param signedFor      the feed considers the parcel signed for (kuaidi100 ischeck=1)
 * @param entries        the full history as sent, newest first, duplicates and all
 */
public record FeedPush(PushStatus status, String message, String trackingNumber, String deliveryId,
                       Optional<CarrierCorrection> correction, boolean signedFor, List<FeedEntry> entries) {

    public FeedPush {
        entries = List.copyOf(entries);
    }

    /** kuaidi100's push {@code status}; 快递鸟 pushes map onto it. */
    public enum PushStatus {
        /** Being watched; more pushes will come. */
        POLLING,
        /** The watch ended normally (signed for, or returned). */
        SHUTDOWN,
        /** The feed gave up: no record for 3 days, or no change for 60 days. */
        ABORT,
        /** A full re-send of the history. */
        UPDATEALL
    }

    /**
     * The feed's carrier correction.
     *
     * @param fromDeliveryId the carrier we subscribed with
     * @param toDeliveryId   the carrier the feed found
     */
    public record CarrierCorrection(String fromDeliveryId, String toDeliveryId) {
    }
}
