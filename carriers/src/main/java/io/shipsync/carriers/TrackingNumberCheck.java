package io.shipsync.carriers;

import java.util.Objects;
import java.util.Optional;

/** The verdict on one tracking number for one carrier: accepted, or refused with a reason an operator can act on. */
public sealed interface TrackingNumberCheck {

    boolean ok();

    /** The number may be declared to the platform for {@code carrier}. */
    record Accepted(Carrier carrier, String trackingNumber) implements TrackingNumberCheck {
        public Accepted {
            Objects.requireNonNull(carrier, "carrier");
            Objects.requireNonNull(trackingNumber, "trackingNumber");
        }

        @Override
        public boolean ok() {
            return true;
        }
    }

    /**
     * The number must not be declared.
     *
     * @param reason     one sentence naming the rule that failed and what was given
     * @param failedRule the rule that failed; empty when the carrier itself is unknown
     */
    record Refused(String reason, Optional<TrackingNumberRule> failedRule) implements TrackingNumberCheck {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(failedRule, "failedRule");
        }

        @Override
        public boolean ok() {
            return false;
        }
    }
}
