package io.shipsync.trackingfeed;

import io.shipsync.events.TrackingState;

import java.time.Instant;

/**
 * One entry of a pushed history, normalised.
 *
 * @param at              when the carrier recorded it, in UTC (the feeds write Asia/Shanghai local time)
 * @param text            the entry's text exactly as sent (kuaidi100 context, 快递鸟 AcceptStation)
 * @param rawState        the feed's own state code for the entry (kuaidi100 statusCode such as "1002", else the
 *                        basic state such as "0"; 快递鸟 StateEx, else State)
 * @param state           {@code rawState} normalised
 * @param exceptionReason why, when {@code state} is EXCEPTION (the feed's state name, e.g. "疑难", "拒签"); else null
 * @param area            the feed's area text, e.g. "广东,深圳市,南山区"; null when not sent
 * @param city            the city the entry happened in, parsed from the area, e.g. "深圳市"; null when unknown
 */
public record FeedEntry(Instant at, String text, String rawState, TrackingState state, String exceptionReason,
                        String area, String city) {
}
