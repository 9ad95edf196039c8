package io.shipsync.logistics;

import io.shipsync.events.TrackingState;

import java.time.Instant;

/**
 * One tracking number watched through the tracking feed (物流跟踪), per shop.
 *
 * @param destination     the receiver's province and city, sent to the feed for its area parsing
 * @param destinationCity the receiver's city, against which a wrong route is judged
 * @param status          the newest checkpoint's state; null before the first one
 * @param lastMovementAt  the newest checkpoint's time: what the stall ladder measures from
 * @param lastPushAt      when the feed last told us anything about the number
 * @param queries         realtime queries sent while no push came
 * @param refusal         why the feed refused the number, or why the watch ended
 * @param replacedBy      the number a correction or a carrier switch moved the watch to
 */
public record TrackingWatch(String shopId, String trackingNumber, String carrierCode, String orderId, String provider,
                            String destination, String destinationCity, State state, TrackingState status,
                            String carrierState, String exceptionReason, Instant lastMovementAt, Instant lastPushAt,
                            Instant subscribedAt, int queries, String refusal, String replacedBy, Instant createdAt) {

    public enum State {
        /** Declared; the subscription is on the work queue. */
        SUBSCRIBING,
        /** The feed watches it and pushes. */
        WATCHING,
        /** The feed refused the number or the carrier (a finding), or our key (retried). */
        REFUSED,
        /** The feed ended the watch normally (shutdown: signed for or returned). */
        ENDED,
        /** The feed gave up on the number (abort: no record for 3 days or no change for 60 days). */
        ABORTED,
        /** A corrected declaration or a carrier switch replaced the number. */
        MOVED;

        /** Whether pushes for the number still change it. */
        public boolean live() {
            return this == SUBSCRIBING || this == WATCHING || this == REFUSED;
        }
    }
}
