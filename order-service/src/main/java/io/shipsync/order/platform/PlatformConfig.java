package io.shipsync.order.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How order-service works with WeChat Shop ({@code shipsync.wechat.*}); the API host and timeout are the shared
 * client's ({@link io.shipsync.wechat.WeChatApiConfig}).
 */
@ConfigMapping(prefix = "shipsync.wechat")
public interface PlatformConfig {

    /** Threads for platform work started right after a commit (each holds connections while it calls out). */
    @WithDefault("4")
    int workers();

    /** Safety-net poll for stored pushes (new ones are processed at once). */
    @WithDefault("1s")
    Duration pushPollInterval();

    /** Safety-net poll for declarations due (new ones are sent at once). */
    @WithDefault("1s")
    Duration syncPollInterval();

    /** Pushes whose timestamp is further than this from our clock are refused as stale. */
    @WithDefault("5m")
    Duration pushMaxSkew();

    /** Accepted pushes processed (DONE or FAILED) are deleted this long after they arrived. */
    @WithDefault("30d")
    Duration pushRetention();

    /** How often nonces outside the {@link #pushMaxSkew()} window and expired pushes are pruned. */
    @WithDefault("10m")
    Duration pushPruneInterval();

    /** Refused callbacks are logged once per reason per interval, with their count. */
    @WithDefault("1m")
    Duration refusalReportInterval();
}
