package io.shipsync.order.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Thresholds of the shop rules order-service applies ({@code shipsync.orders.*}). */
@ConfigMapping(prefix = "shipsync.orders")
public interface OrderRulesConfig {

    /** Fraud review: more than this many orders from one openid or buyer IP within the window are held. */
    @WithDefault("3")
    int fraudMaxOrders();

    @WithDefault("10m")
    Duration fraudWindow();

    /** Delay of the "after 30 minutes" auto-ship mode. */
    @WithDefault("30m")
    Duration autoShipShortDelay();

    /** Delay of the "after 24 hours" (presale) auto-ship mode. */
    @WithDefault("24h")
    Duration autoShipLongDelay();

    /** How often every shop is reconciled (read by the scheduler; declared so overrides are validated). */
    @WithDefault("10m")
    Duration reconcileInterval();

    /** How often due auto-ship declarations are looked for. */
    @WithDefault("1s")
    Duration autoShipPollInterval();

    /** How far back each scheduled reconciliation looks. */
    @WithDefault("24h")
    Duration reconcileLookBack();
}
