package io.shipsync.logistics;

import io.shipsync.events.OrderItem;
import io.shipsync.events.Region;
import java.time.Instant;
import java.util.List;

/**
 * An order in the print queue (待打单): paid, physical, and what became of it since.
 *
 * @param hold          why it must not be printed yet, or null
 * @param carrierCode   the carrier of its live waybill, or null while it has none
 * @param trackingNumber the number its live waybill took, or null
 */
public record QueuedOrder(String shopId, String orderId, Instant paidAt, Region region, List<OrderItem> items,
                          State state, Hold hold, String carrierCode, String trackingNumber, Instant updatedAt) {

    /** Where the order stands in 打单. */
    public enum State {
        /** Needs a waybill. */
        WAITING,
        /** In a print run that is taking its number. */
        TAKING,
        /** Has a number; waits to be printed and declared. */
        TAKEN,
        /** Declared to the platform (发货): done here. */
        SHIPPED,
        /** Cancelled on the platform: must not be printed. */
        CANCELLED
    }

    /** A hold named to the operator: fraud review or stock short (order-service), or the platform's risk answer. */
    public record Hold(String reason, String detail) {
    }

    public QueuedOrder {
        items = List.copyOf(items);
    }

    public boolean held() {
        return hold != null;
    }
}
