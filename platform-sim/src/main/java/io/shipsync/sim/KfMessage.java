package io.shipsync.sim;

import java.time.Instant;

/**
 * A 商家客服 (customer-service) message the platform took through {@code commkf/sendmsg}: to whom, what, its
 * {@code msg_id}, the exact JSON body of the first request, and how many requests carried its {@code request_id}
 * (a repeat sends nothing: the platform deduplicates by request_id).
 */
public record KfMessage(Instant at, String shopId, String requestId, String openId, String msgType, String content,
                        String msgId, String body, int requests) {

    KfMessage repeated() {
        return new KfMessage(at, shopId, requestId, openId, msgType, content, msgId, body, requests + 1);
    }
}
