package io.shipsync.events;

/** Where available stock stands against the SKU's warning thresholds, from healthy to none left. */
public enum StockLevel {
    OK,
    BELOW_FIRST_WARNING,
    BELOW_SECOND_WARNING,
    BELOW_THIRD_WARNING,
    OUT
}
