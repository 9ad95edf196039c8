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
    /**
     * A shop's e-waybill account at a carrier (电子面单账号); key = account id. Not {@link #WAYBILL}: that topic
     * is keyed by order id and read by order-service for every waybill, and an account belongs to no order.
     */
    public static final String CARRIER_ACCOUNT = "carrier-account";
    /** An alert raised by alerting-service (告警); key = the alert's id. */
    public static final String ALERT = "alert";

    /** Every aggregate type, in a stable order (topic provisioning iterates it). */
    public static final List<String> ALL = List.of(ORDER, WAYBILL, TRACKING, STOCK, CARRIER_ACCOUNT, ALERT);

    private AggregateTypes() {
    }
}
