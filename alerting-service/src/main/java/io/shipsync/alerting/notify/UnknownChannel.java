package io.shipsync.alerting.notify;

/** No channel of that id in the shop (404). */
public class UnknownChannel extends RuntimeException {

    public UnknownChannel(String shopId, String channelId) {
        super("Shop " + shopId + " has no notification channel " + channelId + ".");
    }
}
