package io.shipsync.events;

/** Why order-service holds an order at 待发货 (stops it being declared or printed). */
public enum HoldReason {
    /** Stock could not cover the order (缺货); released automatically once it does. */
    STOCK_SHORTAGE,
    /** Too many orders from one buyer or one IP in a short window (风控审核); released by an operator. */
    FRAUD_REVIEW
}
