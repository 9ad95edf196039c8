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
        /** Every attempt failed (10 for WeChat pushes, 4 for tracking pushes). */
        GAVE_UP,
        /** No callback URL (the shop's, or 快递鸟's push URL): nothing was sent. */
        NO_CALLBACK
    }
}
