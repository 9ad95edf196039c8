package io.shipsync.trackingfeed;

import io.shipsync.events.TrackingState;

import java.util.Objects;

/**
 * A feed's state code normalised.
 *
 * @param state           one of the ten states TrackingUpdated version 2 writes
 * @param exceptionReason the feed's name for the state when {@code state} is EXCEPTION (e.g. "疑难"); else null
 */
public record NormalisedState(TrackingState state, String exceptionReason) {

    public NormalisedState {
        Objects.requireNonNull(state, "state");
        if (state != TrackingState.EXCEPTION) {
            exceptionReason = null;
        }
    }

    static NormalisedState of(TrackingState state) {
        return new NormalisedState(state, null);
    }

    static NormalisedState exception(String reason) {
        return new NormalisedState(TrackingState.EXCEPTION, reason);
    }
}
