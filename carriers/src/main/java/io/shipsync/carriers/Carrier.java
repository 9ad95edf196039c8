package io.shipsync.carriers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A carrier as ShipSync knows it.
 *
 * @param deliveryId          the WeChat Shop {@code delivery_id}, e.g. "SF", "YUNDA", "JTSD", or "OTHER"
 * @param kuaidi100Code       the kuaidi100 company code, e.g. "shunfeng"; empty for OTHER, which has no single code
 * @param chineseName         the carrier's name as shown to operators, e.g. 顺丰速运
 * @param kuaidi100NeedsPhone whether a kuaidi100 subscription or query must carry the receiver's phone (last 4 digits suffice)
 * @param formats             the forms its tracking numbers take; empty means only the generic rules apply
 */
public record Carrier(String deliveryId, Optional<String> kuaidi100Code, String chineseName, boolean kuaidi100NeedsPhone,
                      List<TrackingNumberFormat> formats) {

    public Carrier {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(kuaidi100Code, "kuaidi100Code");
        Objects.requireNonNull(chineseName, "chineseName");
        formats = List.copyOf(formats);
    }

    /** "The number has one of this carrier's formats"; empty when the carrier has none (OTHER). */
    public Optional<TrackingNumberRule> formatRule() {
        if (formats.isEmpty()) {
            return Optional.empty();
        }
        List<TrackingNumberRule> shapes = formats.stream().map(TrackingNumberFormat::shape).toList();
        String description;
        if (shapes.size() == 1) {
            description = deliveryId + " tracking numbers are " + shapes.get(0).description();
        } else {
            List<String> numbered = new ArrayList<>();
            for (int i = 0; i < shapes.size(); i++) {
                numbered.add("(" + (i + 1) + ") " + shapes.get(i).description());
            }
            description = deliveryId + " tracking numbers are one of: " + String.join("; ", numbered);
        }
        return Optional.of(TrackingNumberRules.anyOf(description, shapes));
    }

    /**
     * Checks {@code trackingNumber} against the generic rules, then this carrier's formats and the check digit of the
     * format it has. The number is taken exactly as given.
     */
    public TrackingNumberCheck check(String trackingNumber) {
        if (trackingNumber == null) {
            return refused("no tracking number given; " + TrackingNumberRules.LENGTH.description(), TrackingNumberRules.LENGTH);
        }
        for (TrackingNumberRule rule : TrackingNumberRules.GENERIC) {
            if (!rule.matches(trackingNumber)) {
                return refused(rule.refusal(trackingNumber), rule);
            }
        }
        Optional<TrackingNumberRule> formatRule = formatRule();
        if (formatRule.isEmpty()) {
            return new TrackingNumberCheck.Accepted(this, trackingNumber);
        }
        TrackingNumberRule failedCheckDigit = null;
        for (TrackingNumberFormat format : formats) {
            if (!format.shape().matches(trackingNumber)) {
                continue;
            }
            Optional<TrackingNumberRule> checkDigit = format.checkDigit();
            if (checkDigit.isEmpty() || checkDigit.get().matches(trackingNumber)) {
                return new TrackingNumberCheck.Accepted(this, trackingNumber);
            }
            if (failedCheckDigit == null) {
                failedCheckDigit = checkDigit.get();
            }
        }
        TrackingNumberRule failed = failedCheckDigit != null ? failedCheckDigit : formatRule.get();
        return refused(failed.refusal(trackingNumber), failed);
    }

    private static TrackingNumberCheck refused(String reason, TrackingNumberRule rule) {
        return new TrackingNumberCheck.Refused(reason, Optional.of(rule));
    }
}
