package io.shipsync.wechat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a service reaches the WeChat Shop API ({@code shipsync.wechat.api-url}, {@code shipsync.wechat.timeout}). */
@ConfigMapping(prefix = "shipsync.wechat")
public interface WeChatApiConfig {

    /** The API host; platform-sim's URL locally and in tests. */
    @WithDefault("https://api.weixin.qq.com")
    String apiUrl();

    /** Per request; a push must be answered within 5 s, API calls get the same budget. */
    @WithDefault("5s")
    Duration timeout();
}
