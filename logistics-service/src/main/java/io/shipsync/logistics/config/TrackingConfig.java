package io.shipsync.logistics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How numbers are watched ({@code shipsync.tracking.*}); the feed itself is {@code shipsync.tracking-feed.*}. */
@ConfigMapping(prefix = "shipsync.tracking")
public interface TrackingConfig {

    /**
     * A subscribed number with no push after this long is queried in real time (实时查询). kuaidi100 pushes first
     * 15 min to 4 h after subscribing.
     */
    @WithDefault("4h")
    Duration silenceAfter();

    /** The wait between realtime queries of a silent number doubles from {@link #silenceAfter()} up to this. */
    @WithDefault("24h")
    Duration maxQueryInterval();

    /** Realtime queries of one silent number before it is left to the feed's abort (3 days without a record). */
    @WithDefault("6")
    int maxQueries();

    /** kuaidi100 takes at most 4 subscriptions per carrier and number in a calendar month. */
    @WithDefault("4")
    int subscriptionsPerMonth();

    /** After the feed refused our key (600/601), subscriptions wait this long before they try again. */
    @WithDefault("1h")
    Duration keyRefusedRetry();

    /** Processed pushes are kept this long for audit; the history they carried stays in tracking_checkpoints. */
    @WithDefault("30d")
    Duration pushRetention();
}
