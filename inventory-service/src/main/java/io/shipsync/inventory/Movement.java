package io.shipsync.inventory;

import io.shipsync.events.StockMovementReason;
import java.util.UUID;

/**
 * One line of the ledger (库存流水): what moved, why, and on whose behalf.
 *
 * @param orderId the order it was for, or null
 * @param eventId the event that caused it, or null for an API call
 * @param actor   the caller's name for an API call, {@code event:<type>} for an event
 * @param note    the operator's reason for an adjustment or stocktake
 */
public record Movement(StockKey key, StockMovementReason reason, long onHandDelta, long reservedDelta,
                       String orderId, UUID eventId, String actor, String note) {

    /** A movement caused by an event rather than a person. */
    public static String eventActor(String eventType) {
        return "event:" + eventType;
    }
}
