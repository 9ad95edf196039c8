package io.shipsync.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A tracking feed's data or a watch went wrong: one event per finding. Keyed by the tracking number, so it is
 * ordered with the number's {@link TrackingUpdated}.
 *
 * @param trackingNumber the carrier's tracking number
 * @param carrierCode    WeChat delivery_id of the carrier
 * @param orderId        platform order id, when the tracking number is linked to one
 * @param kind           what is wrong
 * @param finding        what was seen, in words an operator can act on
 * @param checkpointAt   the entry concerned, when the finding is about one
 */
public record TrackingAnomaly(String trackingNumber, String carrierCode,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String orderId, TrackingAnomalyKind kind,
                              String finding, @JsonInclude(JsonInclude.Include.NON_NULL) Instant checkpointAt)
        implements DomainEvent {

    public TrackingAnomaly {
        Checks.id(trackingNumber, "trackingNumber");
        Checks.id(carrierCode, "carrierCode");
        Checks.optionalId(orderId, "orderId");
        Checks.required(kind, "kind");
        Checks.id(finding, "finding");
        if (checkpointAt != null) {
            checkpointAt = Checks.time(checkpointAt, "checkpointAt");
        }
    }

    @Override
    public String aggregateId() {
        return trackingNumber;
    }
}
