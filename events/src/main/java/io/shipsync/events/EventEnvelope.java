package io.shipsync.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * What travels on Kafka: metadata plus the event's payload as JSON. The record key is {@code aggregateId}.
 * Build one with {@link EventCodec#envelope}; read one with {@link EventCodec#read} or
 * {@link EventValidator#readValid}.
 *
 * @param eventId       unique per event; consumers deduplicate on it
 * @param eventType     registered name, e.g. "OrderShipped"
 * @param schemaVersion version of the payload schema
 * @param occurredAt    when the change happened (UTC, millisecond precision)
 * @param shopId        the shop the event belongs to; every event has one
 * @param aggregateType one of {@link AggregateTypes}; names the topic
 * @param aggregateId   order id, tracking number or SKU id; the record key
 * @param correlationId shared by every event of one business flow (e.g. one order's journey)
 * @param causationId   eventId of the event that caused this one; absent for events caused from outside
 * @param payload       the event record as a JSON object
 */
public record EventEnvelope(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String shopId,
                            String aggregateType, String aggregateId, UUID correlationId, UUID causationId,
                            JsonNode payload) {

    public EventEnvelope {
        Checks.required(eventId, "eventId");
        Checks.id(eventType, "eventType");
        Checks.atLeast(schemaVersion, 1, "schemaVersion");
        occurredAt = Checks.time(occurredAt, "occurredAt");
        Checks.id(shopId, "shopId");
        Checks.id(aggregateType, "aggregateType");
        Checks.id(aggregateId, "aggregateId");
        Checks.required(correlationId, "correlationId");
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("payload must be a JSON object");
        }
        payload = payload.deepCopy();
    }

    /** The payload as held by this envelope; a copy, so the envelope stays immutable. */
    @Override
    public JsonNode payload() {
        return payload.deepCopy();
    }
}
