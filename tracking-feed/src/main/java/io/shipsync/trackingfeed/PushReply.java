package io.shipsync.trackingfeed;

/**
 * The exact answer a feed expects to a push it should not resend.
 *
 * @param contentType e.g. "application/json;charset=UTF-8"
 * @param body        e.g. kuaidi100 {"result":true,"returnCode":"200","message":"成功"}
 */
public record PushReply(String contentType, String body) {
}
