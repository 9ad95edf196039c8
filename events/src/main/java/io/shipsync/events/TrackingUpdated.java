package io.shipsync.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A carrier moved a parcel (物流轨迹更新): one event per push that brought something new, never for a repeat.
 * The top-level fields describe the parcel's status after the push, which is its newest checkpoint's;
 * {@code checkpoints} lists what was new, oldest first.
 * <p>
 * Version 2 adds {@code checkpoints} and {@code exceptionReason} and writes only the normalised states. A version 1
 * event read as this record is upcast here: its state through {@link TrackingState#current()}, its one checkpoint
 * as the list.
 *
 * @param trackingNumber  the carrier's tracking number
 * @param carrierCode     WeChat delivery_id of the carrier
 * @param orderId         platform order id, when the tracking number is linked to one
 * @param state           normalised status after the push
 * @param carrierState    the feed's raw state code of the newest checkpoint, kept for audit
 * @param checkpointAt    when the carrier recorded the newest checkpoint: the parcel's last movement
 * @param location        where, when the feed says
 * @param description     the newest checkpoint's text as the carrier wrote it
 * @param checkpoints     the entries this push added, oldest first; never empty
 * @param exceptionReason why, when {@code state} is {@link TrackingState#EXCEPTION}
 */
public record TrackingUpdated(String trackingNumber, String carrierCode, String orderId, TrackingState state,
                              String carrierState, Instant checkpointAt, String location, String description,
                              List<TrackingCheckpoint> checkpoints,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String exceptionReason)
        implements DomainEvent {

    public TrackingUpdated {
        Checks.id(trackingNumber, "trackingNumber");
        Checks.id(carrierCode, "carrierCode");
        Checks.optionalId(orderId, "orderId");
        state = Checks.required(state, "state").current();
        Checks.id(carrierState, "carrierState");
        checkpointAt = Checks.time(checkpointAt, "checkpointAt");
        Checks.required(description, "description");
        checkpoints = Checks.optionalList(checkpoints, "checkpoints");
        if (checkpoints.isEmpty()) {
            checkpoints = List.of(new TrackingCheckpoint(checkpointAt, state, carrierState, location, description,
                    exceptionReason));
        }
    }

    @Override
    public String aggregateId() {
        return trackingNumber;
    }
}
