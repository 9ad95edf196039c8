package io.shipsync.sim;

import java.time.Duration;

/**
 * The tracking feeds' settings. {@code stepEvery}: the time one nominal script step (4 carrier hours) takes on
 * the simulator's clock, so automatic pushes and checkpoint times are compressed alike; {@code automatic}: push
 * on that schedule (tests turn it off and push by hand). kuaidi100: the valid {@code key} and realtime-query
 * {@code customer}. 快递鸟: {@code EBusinessID}, {@code AppKey} and the push URL (set in 快递鸟's console, not per
 * request; null: pushes are recorded, not sent).
 */
public record TrackingConfig(Duration stepEvery, boolean automatic, String kuaidi100Key, String kuaidi100Customer,
                             String kdniaoEBusinessId, String kdniaoAppKey, String kdniaoCallbackUrl) {

    public TrackingConfig {
        Require.present(stepEvery, "stepEvery");
        Require.text(kuaidi100Key, "kuaidi100Key");
        Require.text(kuaidi100Customer, "kuaidi100Customer");
        Require.text(kdniaoEBusinessId, "kdniaoEBusinessId");
        Require.text(kdniaoAppKey, "kdniaoAppKey");
        if (stepEvery.isNegative() || stepEvery.isZero()) {
            throw new IllegalArgumentException("stepEvery must be positive");
        }
    }

    public static TrackingConfig defaults() {
        return new TrackingConfig(Duration.ofSeconds(20), true, "sim-kuaidi100-key", "sim-customer", "1234567",
                "sim-kdniao-appkey", null);
    }

    public TrackingConfig withStepEvery(Duration value) {
        return new TrackingConfig(value, automatic, kuaidi100Key, kuaidi100Customer, kdniaoEBusinessId, kdniaoAppKey,
                kdniaoCallbackUrl);
    }

    public TrackingConfig withAutomatic(boolean value) {
        return new TrackingConfig(stepEvery, value, kuaidi100Key, kuaidi100Customer, kdniaoEBusinessId, kdniaoAppKey,
                kdniaoCallbackUrl);
    }

    public TrackingConfig withKuaidi100(String key, String customer) {
        return new TrackingConfig(stepEvery, automatic, key, customer, kdniaoEBusinessId, kdniaoAppKey,
                kdniaoCallbackUrl);
    }

    public TrackingConfig withKdniao(String eBusinessId, String appKey, String callbackUrl) {
        return new TrackingConfig(stepEvery, automatic, kuaidi100Key, kuaidi100Customer, eBusinessId, appKey,
                callbackUrl);
    }

    /** Carrier time per simulator time: 1 when a step takes its nominal 4 h. */
    double scale() {
        return (double) stepEvery.toMillis() / TrackingJourney.NOMINAL_STEP.toMillis();
    }
}
