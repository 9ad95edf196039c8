package io.shipsync.inventory.platform;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Over-shown unit-seconds: how many units the platform offered beyond what we have, and for how long, so buyers
 * could order goods we cannot ship (超卖). Whenever a reading of the platform (a push that had to read it, a
 * reconciliation) finds more than {@code shouldShow}, it adds (platform − shouldShow) × the seconds since the SKU
 * was last known in step. That is an estimate: the difference is taken to have begun right after that moment and to
 * have stayed at the figure read; a SKU never known in step counts nothing for its first reading. The reading ends
 * the span it counted, so no second counts twice. Kept per SKU ({@code platform_stock.overshown_unit_seconds}) and
 * as the counter {@code shipsync_inventory_platform_overshown_unit_seconds_total{shop}}.
 */
@ApplicationScoped
class OvershowMeter {

    private static final String COUNTER = "shipsync_inventory_platform_overshown_unit_seconds_total";

    private final MeterRegistry metrics;

    OvershowMeter(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** The unit-seconds the reading {@code seen} at {@code at} adds for a SKU last known in step at {@code inStepAt}. */
    double observed(String shopId, Instant inStepAt, long seen, long shouldShow, Instant at) {
        if (seen <= shouldShow || inStepAt == null || !at.isAfter(inStepAt)) {
            return 0;
        }
        double unitSeconds = (seen - shouldShow) * (Duration.between(inStepAt, at).toMillis() / 1000.0);
        metrics.counter(COUNTER, "shop", shopId).increment(unitSeconds);
        return unitSeconds;
    }
}
