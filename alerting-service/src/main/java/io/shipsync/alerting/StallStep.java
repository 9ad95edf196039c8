package io.shipsync.alerting;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The steps of the stall ladder (the seed's SOP for a parcel whose tracking stopped moving), in order. Each is reached
 * at its threshold of time without movement; the shop may set the thresholds ({@link Rule#TRACKING_STALLED}).
 */
public enum StallStep {
    /** 联系快递: a task to ask the carrier where the parcel is. */
    CONTACT_CARRIER(Duration.ofHours(1), "contact the carrier (联系快递)"),
    /** 提醒买家: tell the buyer, by SMS and in WeChat, that the parcel is delayed. */
    REMIND_BUYER(Duration.ofHours(2), "remind the buyer by SMS and in WeChat (提醒买家)"),
    /** 建议切换备用快递: send the items with the backup carrier, one click on the alert (through logistics-service). */
    SWITCH_CARRIER(Duration.ofHours(4), "switch to the backup carrier (建议切换备用快递), one click: the alert's switch-carrier"),
    /** 赔付: open a compensation case with the carrier and for the buyer. */
    COMPENSATION_CASE(Duration.ofHours(24), "open a compensation case (赔付)");

    private final Duration threshold;
    private final String todo;

    StallStep(Duration threshold, String todo) {
        this.threshold = threshold;
        this.todo = todo;
    }

    /** The step a ladder reaches as its {@code number}th, 1 for the first. */
    public static StallStep number(int number) {
        return values()[number - 1];
    }

    /** 1 for the first step. */
    public int number() {
        return ordinal() + 1;
    }

    /** What the step asks of the operator, in words. */
    public String todo() {
        return todo;
    }

    static List<Duration> defaultLadder() {
        return Arrays.stream(values()).map(step -> step.threshold).toList();
    }
}
