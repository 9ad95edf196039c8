package io.shipsync.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one registry of event types: (event type name, schema version) to payload record, aggregate type
 * and JSON Schema. A new schema version is a new entry (and usually a new record class); published
 * entries are never removed, because replay reads old events forever.
 */
public final class EventTypes {

    /** Classpath resource of the envelope's JSON Schema. */
    public static final String ENVELOPE_SCHEMA = "schemas/envelope.v1.schema.json";

    private static final List<EventType> ALL = List.of(
            new EventType("OrderPlaced", 1, OrderPlaced.class, AggregateTypes.ORDER),
            new EventType("OrderCancelled", 1, OrderCancelled.class, AggregateTypes.ORDER),
            new EventType("OrderShipped", 1, OrderShipped.class, AggregateTypes.ORDER),
            new EventType("WaybillPrinted", 1, WaybillPrintedV1.class, AggregateTypes.WAYBILL),
            new EventType("TrackingUpdated", 1, TrackingUpdatedV1.class, AggregateTypes.TRACKING),
            new EventType("StockChanged", 1, StockChanged.class, AggregateTypes.STOCK),
            new EventType("StockShortage", 1, StockShortage.class, AggregateTypes.STOCK),
            new EventType("DriftDetected", 1, DriftDetected.class, AggregateTypes.ORDER),
            new EventType("StockLevelCrossed", 1, StockLevelCrossed.class, AggregateTypes.STOCK),
            new EventType("StockFrozen", 1, StockFrozen.class, AggregateTypes.STOCK),
            new EventType("StockUnfrozen", 1, StockUnfrozen.class, AggregateTypes.STOCK),
            new EventType("StockDiscrepancy", 1, StockDiscrepancy.class, AggregateTypes.STOCK),
            new EventType("OrderCreated", 1, OrderCreated.class, AggregateTypes.ORDER),
            new EventType("WaybillPrinted", 2, WaybillPrinted.class, AggregateTypes.WAYBILL),
            new EventType("WaybillCancelled", 1, WaybillCancelled.class, AggregateTypes.WAYBILL),
            new EventType("CarrierAccountChanged", 1, CarrierAccountChanged.class, AggregateTypes.CARRIER_ACCOUNT),
            new EventType("OrderHeld", 1, OrderHeld.class, AggregateTypes.ORDER),
            new EventType("OrderReleased", 1, OrderReleased.class, AggregateTypes.ORDER),
            new EventType("AlertRaised", 1, AlertRaised.class, AggregateTypes.ALERT),
            new EventType("AlertResolved", 1, AlertResolved.class, AggregateTypes.ALERT),
            new EventType("AlertEscalated", 1, AlertEscalated.class, AggregateTypes.ALERT),
            new EventType("TrackingUpdated", 2, TrackingUpdated.class, AggregateTypes.TRACKING),
            new EventType("TrackingAnomaly", 1, TrackingAnomaly.class, AggregateTypes.TRACKING),
            new EventType("CarrierSwitched", 1, CarrierSwitched.class, AggregateTypes.WAYBILL),
            new EventType("DeclarationSettled", 1, DeclarationSettled.class, AggregateTypes.ORDER));

    private static final Map<Class<?>, EventType> BY_CLASS = new HashMap<>();
    private static final Map<String, EventType> BY_NAME_AND_VERSION = new HashMap<>();

    static {
        for (EventType type : ALL) {
            if (BY_CLASS.put(type.recordClass(), type) != null
                    || BY_NAME_AND_VERSION.put(key(type.name(), type.schemaVersion()), type) != null) {
                throw new ExceptionInInitializerError("event type registered twice: " + type);
            }
        }
    }

    private EventTypes() {
    }

    /** Every registered event type and version. */
    public static List<EventType> all() {
        return ALL;
    }

    /** The event type of a payload record class. */
    public static EventType of(Class<? extends DomainEvent> recordClass) {
        EventType type = BY_CLASS.get(recordClass);
        if (type == null) {
            throw new IllegalArgumentException(recordClass.getName() + " is not a registered event type");
        }
        return type;
    }

    /** The event type registered for this name and version, if any. */
    public static Optional<EventType> find(String name, int schemaVersion) {
        return Optional.ofNullable(BY_NAME_AND_VERSION.get(key(name, schemaVersion)));
    }

    /** Where the payload schema of {@code name} at {@code schemaVersion} lives on the classpath. */
    public static String schemaResource(String name, int schemaVersion) {
        return "schemas/" + name + ".v" + schemaVersion + ".schema.json";
    }

    private static String key(String name, int schemaVersion) {
        return name + "\u0000" + schemaVersion;
    }
}
