package io.shipsync.events;

/**
 * An event payload. Each implementation is an immutable record registered in {@link EventTypes}; the
 * record's JSON form is the envelope's {@code payload}.
 */
public sealed interface DomainEvent
        permits OrderPlaced, OrderCancelled, OrderShipped, WaybillPrintedV1, TrackingUpdated, StockChanged,
        StockShortage, DriftDetected, StockLevelCrossed, StockFrozen, StockUnfrozen, StockDiscrepancy, OrderCreated,
        WaybillPrinted, WaybillCancelled, CarrierAccountChanged, OrderHeld, OrderReleased, AlertRaised, AlertResolved,
        AlertEscalated, TrackingUpdatedV1, TrackingAnomaly, CarrierSwitched, DeclarationSettled {

    /** The id of the aggregate this event belongs to; it is the Kafka record key. */
    String aggregateId();

    /** This event's registered type: name, schema version, aggregate type, schema. */
    default EventType eventType() {
        return EventTypes.of(getClass());
    }
}
