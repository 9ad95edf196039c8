package io.shipsync.trackingfeed;

/**
 * A number to watch.
 *
 * @param deliveryId     WeChat delivery_id of the carrier
 * @param trackingNumber the carrier's number
 * @param phoneTail      last 4 digits of the receiver's phone, for carriers that require it (顺丰); may be null
 * @param destination    the receiver's province + city, e.g. "广东省深圳市", for the feed's ETA and area parsing; may be null
 */
public record Subscription(String deliveryId, String trackingNumber, String phoneTail, String destination) {
}
