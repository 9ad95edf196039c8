package io.shipsync.trackingfeed;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tracking feed (物流轨迹订阅推送): it watches tracking numbers we subscribe and pushes each number's full history
 * to our callback. kuaidi100 and 快递鸟 implement it; {@code shipsync.tracking-feed.provider} picks one.
 * Carriers are named by their WeChat {@code delivery_id} ("SF", "ZTO", ...) on this side of the interface; each
 * implementation maps them to its own codes.
 */
public interface TrackingFeed {

    /** "kuaidi100" or "kdniao": the path segment of its push callback, and what the watch rows record. */
    String provider();

    /**
     * Asks the feed to watch a number and push to our callback.
     *
     * @throws FeedUnavailable when the feed cannot be reached, times out, or answers a server error: retry later
     */
    SubscribeAnswer subscribe(Subscription subscription);

    /**
     * Checks a push's signature over its raw payload, before anything is parsed, and returns that payload.
     *
     * @param form the push's form fields as received
     * @throws PushRefused when a field is missing or the signature does not match; nothing may be stored then
     */
    String verifiedPayload(Map<String, String> form);

    /**
     * Reads a payload {@link #verifiedPayload} returned.
     *
     * @throws PushRefused when it is not a push this feed sends
     */
    FeedPush parsePush(String payload);

    /**
     * Reads a payload {@link #verifiedPayload} returned, every number it carries: a 快递鸟 push may carry several,
     * a kuaidi100 push carries one.
     *
     * @throws PushRefused when it is not a push this feed sends
     */
    default List<FeedPush> parsePushes(String payload) {
        return List.of(parsePush(payload));
    }

    /** What the feed expects back for a push it should not send again. */
    PushReply acknowledgement();

    /**
     * The number's history as the feed holds it now (实时查询), for a number that has had no push.
     *
     * @return empty when the feed has no record of the number yet
     * @throws FeedUnavailable when the feed cannot be reached or asks us to slow down
     * @throws FeedRefusal     when it refuses the number or our key
     */
    Optional<FeedPush> query(String deliveryId, String trackingNumber, String phoneTail);

    /**
     * The carriers the feed thinks a bare number belongs to (单号识别), most likely first, as WeChat delivery ids.
     *
     * @throws FeedUnavailable when the feed cannot be reached
     */
    List<String> recognize(String trackingNumber);
}
