package io.shipsync.inventory;

import io.shipsync.events.StockLevel;
import java.time.Instant;

/**
 * 库存 of one SKU in one warehouse: units on hand (在库), reserved (预占) for unshipped orders, and
 * available = on hand − reserved, which is what can still be sold.
 *
 * @param announcedLevel the level the last StockChanged carried; null before the first one
 * @param frozen         available is below the freeze level: the SKU should not be sold on the platform
 * @param version        bumped on every write
 */
public record Stock(StockKey key, String productId, long onHand, long reserved, StockLevel announcedLevel,
                    boolean frozen, Instant frozenSince, long version, Instant updatedAt) {

    /**
     * The most units one warehouse may hold of a SKU. Far above any real shelf, and far enough below the
     * {@code bigint} columns that sums and later adjustments cannot overflow.
     */
    public static final long MAX_ON_HAND = 1_000_000_000L;

    public long available() {
        return onHand - reserved;
    }
}
