package io.shipsync.alerting.operations;

import io.shipsync.events.TrackingState;
import java.time.Instant;

/**
 * A tracking number as its carrier reports it (物流轨迹), from {@code ops_tracking}.
 *
 * @param orderId          the order it is linked to, when the feed says
 * @param state            the status of its newest checkpoint
 * @param firstScanAt      its earliest scanned checkpoint (揽收 or later); null before any scan
 * @param lastCheckpointAt its newest checkpoint: the last movement
 * @param location         where the newest checkpoint was, when the feed says
 */
public record Tracking(String trackingNumber, String carrierCode, String orderId, TrackingState state, Instant firstScanAt,
                       Instant lastCheckpointAt, String location) {

    /** Where and when it last moved, for an operator. */
    public String lastMovement() {
        return state + (location == null ? "" : " at " + location) + " " + lastCheckpointAt;
    }
}
