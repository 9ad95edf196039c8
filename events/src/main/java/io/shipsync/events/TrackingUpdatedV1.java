package io.shipsync.events;

import java.time.Instant;

/**
 * {@link TrackingUpdated} as version 1 wrote it: one checkpoint, states before the normalised set of version 2.
 * Kept so that version 1 events stay readable; read them as {@link TrackingUpdated}, which upcasts the state
 * ({@link TrackingState#current()}) and makes the one checkpoint its list. Nothing produces version 1 any more.
 *
 * @param trackingNumber the carrier's tracking number
 * @param carrierCode    WeChat delivery_id of the carrier
 * @param orderId        platform order id, when the tracking number is linked to one
 * @param state          normalised state
 * @param carrierState   the feed's raw state code, e.g. kuaidi100 "0".."14" or "103", kept for audit
 * @param checkpointAt   when the carrier recorded the checkpoint
 * @param location       where, when the feed says
 * @param description    the checkpoint's text as the carrier wrote it
 */
public record TrackingUpdatedV1(String trackingNumber, String carrierCode, String orderId, TrackingState state,
                                String carrierState, Instant checkpointAt, String location, String description)
        implements DomainEvent {

    public TrackingUpdatedV1 {
        Checks.id(trackingNumber, "trackingNumber");
        Checks.id(carrierCode, "carrierCode");
        Checks.optionalId(orderId, "orderId");
        Checks.required(state, "state");
        Checks.id(carrierState, "carrierState");
        checkpointAt = Checks.time(checkpointAt, "checkpointAt");
        Checks.required(description, "description");
    }

    @Override
    public String aggregateId() {
        return trackingNumber;
    }
}
