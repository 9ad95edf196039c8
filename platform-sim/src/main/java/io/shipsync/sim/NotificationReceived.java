package io.shipsync.sim;

import java.time.Instant;
import java.util.Map;

/**
 * One request a notification receiver got, as it got it, and what it made of it.
 *
 * @param target   the robot's key or the webhook's name
 * @param uri      the request's path and query
 * @param headers  the request's headers, names case-insensitive
 * @param body     the body exactly as received (UTF-8)
 * @param code     the answer's code: WeCom's errcode, Tencent SMS's Code ("Ok" or the error's); null for webhooks
 *                 and for a receiver that was down
 * @param accepted whether the receiver verified and took the message
 * @param problem  why it did not; null when accepted
 */
public record NotificationReceived(Receiver receiver, String target, Instant at, String uri, Map<String, String> headers,
                                   String body, int httpStatus, String code, boolean accepted, String problem) {

    /** Which receiver. */
    public enum Receiver {
        /** 企业微信群机器人 webhook. */
        WECOM_ROBOT,
        /** A generic webhook signed with HMAC-SHA256. */
        WEBHOOK,
        /** Tencent Cloud SMS API 3.0 SendSms (腾讯云短信). */
        TENCENT_SMS
    }

    /** A header as received, or null. */
    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
