package io.shipsync.trackingfeed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The tracking feed's configuration ({@code shipsync.tracking-feed.*}). Secrets (keys, salt) have no defaults and
 * are never logged.
 */
@ConfigMapping(prefix = "shipsync.tracking-feed")
public interface TrackingFeedConfig {

    /** The feed new numbers are subscribed with: "kuaidi100" or "kdniao". */
    @WithDefault("kuaidi100")
    String provider();

    /**
     * Where the feed pushes: logistics-service's public URL and push path. A {@code {provider}} in it is replaced by
     * the feed's provider, so one value serves both feeds. kuaidi100 needs it to subscribe; 快递鸟 takes its push URL
     * from the merchant console instead.
     */
    Optional<String> callbackUrl();

    /** Per request, connecting included. */
    @WithDefault("5s")
    Duration timeout();

    Kuaidi100 kuaidi100();

    Kdniao kdniao();

    /** kuaidi100 (快递100). */
    interface Kuaidi100 {

        /** The subscribe and realtime query host. */
        @WithDefault("https://poll.kuaidi100.com")
        String url();

        /** The number recognition (智能单号识别) host. */
        @WithDefault("http://www.kuaidi100.com")
        String autonumberUrl();

        /** The authorisation key (授权key). */
        Optional<String> key();

        /** The customer id (customer), for realtime queries. */
        Optional<String> customer();

        /** The salt we give with each subscription; kuaidi100 signs its pushes with it. */
        Optional<String> salt();
    }

    /** 快递鸟 (kdniao). */
    interface Kdniao {

        @WithDefault("https://api.kdniao.com")
        String url();

        /** The merchant id (EBusinessID). */
        Optional<String> businessId();

        /** The API key (AppKey) every request and push is signed with. */
        Optional<String> appKey();
    }
}
