package io.shipsync.carriers;

import java.util.Objects;
import java.util.Optional;

/**
 * One form a carrier's tracking numbers take.
 *
 * @param shape      the characters and length of the form
 * @param checkDigit the check digit the form carries, if it has a known one
 */
public record TrackingNumberFormat(TrackingNumberRule shape, Optional<TrackingNumberRule> checkDigit) {

    public TrackingNumberFormat {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(checkDigit, "checkDigit");
    }

    static TrackingNumberFormat of(String regex, String description) {
        return new TrackingNumberFormat(TrackingNumberRules.pattern(regex, description), Optional.empty());
    }

    static TrackingNumberFormat withCheckDigit(String regex, String description, TrackingNumberRule checkDigit) {
        return new TrackingNumberFormat(TrackingNumberRules.pattern(regex, description), Optional.of(checkDigit));
    }
}
