package io.shipsync.carriers;

/**
 * One named rule a tracking number must satisfy. The description is a sentence an operator can read, because a
 * refusal quotes it.
 */
public interface TrackingNumberRule {

    /** What the rule demands, e.g. {@code "SF" followed by 13 digits}. */
    String description();

    boolean matches(String trackingNumber);

    /** The sentence shown when {@code trackingNumber} fails this rule: the description and what was given. */
    default String refusal(String trackingNumber) {
        return description() + "; got " + TrackingNumberRules.quote(trackingNumber);
    }
}
