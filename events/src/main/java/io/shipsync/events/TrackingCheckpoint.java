package io.shipsync.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One entry of a parcel's carrier history (物流轨迹).
 *
 * @param at              when the carrier recorded it, in UTC (the feeds write Asia/Shanghai local time)
 * @param state           normalised state
 * @param carrierState    the feed's raw state code, e.g. kuaidi100 "1002" or "0", kept for audit
 * @param location        where, when the feed says (area name or city)
 * @param description     the entry's text as the carrier wrote it
 * @param exceptionReason why, when {@code state} is {@link TrackingState#EXCEPTION}
 */
public record TrackingCheckpoint(Instant at, TrackingState state, String carrierState,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) String location, String description,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) String exceptionReason) {

    public TrackingCheckpoint {
        at = Checks.time(at, "at");
        state = Checks.required(state, "state").current();
        Checks.id(carrierState, "carrierState");
        Checks.required(description, "description");
    }
}
