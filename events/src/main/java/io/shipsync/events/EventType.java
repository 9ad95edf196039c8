package io.shipsync.events;

import java.util.Objects;

/**
 * Static metadata of one event type at one schema version: the payload record class, the aggregate type
 * (and so the topic), and the JSON Schema that describes the payload.
 *
 * @param name           event type name as it appears in the envelope, e.g. {@code "OrderPlaced"}
 * @param schemaVersion  payload schema version, starting at 1
 * @param recordClass    payload record
 * @param aggregateType  one of {@link AggregateTypes}
 * @param schemaResource classpath resource of the payload's JSON Schema
 */
public record EventType(String name, int schemaVersion, Class<? extends DomainEvent> recordClass,
                        String aggregateType, String schemaResource) {

    public EventType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(recordClass, "recordClass");
        Objects.requireNonNull(schemaResource, "schemaResource");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1");
        }
        if (!AggregateTypes.ALL.contains(aggregateType)) {
            throw new IllegalArgumentException("unknown aggregate type " + aggregateType);
        }
    }

    /** An event type whose schema sits at the conventional place, {@code schemas/<name>.v<N>.schema.json}. */
    public EventType(String name, int schemaVersion, Class<? extends DomainEvent> recordClass,
                     String aggregateType) {
        this(name, schemaVersion, recordClass, aggregateType, EventTypes.schemaResource(name, schemaVersion));
    }

    /** The topic this event type is published to. */
    public String topic() {
        return Topics.forAggregateType(aggregateType);
    }

    @Override
    public String toString() {
        return name + " v" + schemaVersion;
    }
}
