package io.shipsync.trackingfeed;

/**
 * How the feed took a subscription.
 *
 * @param outcome what it means for the watch
 * @param code    the feed's own answer code, e.g. kuaidi100 "501"
 * @param message the feed's own message, e.g. "重复订阅"
 */
public record SubscribeAnswer(Outcome outcome, String code, String message) {

    public enum Outcome {
        /** Watched from now on. */
        SUBSCRIBED,
        /** Already watched (kuaidi100 501): fine. */
        ALREADY_SUBSCRIBED,
        /** Our key is invalid or expired (kuaidi100 600/601): no number is watched until an operator fixes it. */
        KEY_REFUSED,
        /** The number or the carrier is wrong (kuaidi100 700/701/702): a finding for that number. */
        NUMBER_REFUSED
    }
}
