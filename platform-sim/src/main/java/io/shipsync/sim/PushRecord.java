package io.shipsync.sim;

import java.util.List;

/**
 * One push message and its delivery so far. {@code message} is the plaintext JSON that was encrypted;
 * duplicates made on purpose are separate records with the same message.
 */
public record PushRecord(long id, String shopId, String orderId, String event, long createTime, String message,
                         State state, List<PushAttempt> attempts) {

    public enum State {
        /** Not yet acknowledged; more attempts are scheduled. */
        PENDING,
        /** A reply was exactly {@code success}. */
        DELIVERED,
        /** All 10 pushes failed. */
        GAVE_UP,
        /** The shop has no callback URL: nothing was sent. */
        NO_CALLBACK
    }
}
