package io.shipsync.events;

import java.util.List;

/**
 * The aggregate types that events are grouped by. An aggregate type names the Kafka topic
 * ({@link Topics#forAggregateType(String)}), and the aggregate id is the record key, so all events of one
 * aggregate stay in one partition, in order.
 */
public final class AggregateTypes {

    /** A platform order; key = platform order id. */
    public static final String ORDER = "order";
    /** A waybill; key = the order id, so a waybill stays ordered with the order it ships. */
    public static final String WAYBILL = "waybill";
    /** A carrier tracking number; key = tracking number. */
    public static final String TRACKING = "tracking";
    /** A SKU's stock; key = SKU id. */
    public static final String STOCK = "stock";

    /** Every aggregate type, in a stable order (topic provisioning iterates it). */
    public static final List<String> ALL = List.of(ORDER, WAYBILL, TRACKING, STOCK);

    private AggregateTypes() {
    }
}
