package io.shipsync.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one JSON mapping of events. Wire rules:
 * <ul>
 *   <li>times are ISO-8601 UTC strings with exactly three fraction digits ("2026-11-25T10:00:00.123Z"),
 *       so they sort as text and match what every consumer language parses;</li>
 *   <li>absent optional values are omitted, never written as {@code null} (the schemas type them as
 *       non-null and leave them out of {@code required});</li>
 *   <li>unknown properties are ignored, so an old reader accepts a newer version that added optional
 *       fields;</li>
 *   <li>a JSON number is never accepted where a string is expected: ids are strings because they exceed
 *       2^53, and a number there means precision may already have been lost upstream.</li>
 * </ul>
 * Thread-safe; share one instance.
 */
public final class EventCodec {

    private static final DateTimeFormatter MILLIS_UTC = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("shipsync-instant-millis").addSerializer(new MillisInstantSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL))
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    /** The envelope as JSON text. */
    public String write(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write event " + envelope.eventId(), e);
        }
    }

    /**
     * Reads an envelope. Checks its shape (required metadata present, right types, payload an object),
     * not the payload against its schema: use {@link EventValidator#readValid} on untrusted input.
     *
     * @throws MalformedEventException with a readable reason when the text is not an envelope
     */
    public EventEnvelope read(String json) {
        return fromTree(parse(json));
    }

    /**
     * The payload as the given record. An envelope of an older schema version of the same event type is
     * accepted: the compatibility guard guarantees a newer record reads every older version.
     *
     * @throws MalformedEventException when the envelope holds another event type, a newer version than the
     *                                 record, or a payload the record cannot hold
     */
    public <T extends DomainEvent> T payload(EventEnvelope envelope, Class<T> recordClass) {
        EventType type = EventTypes.of(recordClass);
        if (!type.name().equals(envelope.eventType())) {
            throw new MalformedEventException(List.of("event is " + envelope.eventType() + " v"
                    + envelope.schemaVersion() + ", not " + type.name()));
        }
        if (envelope.schemaVersion() > type.schemaVersion()) {
            throw new MalformedEventException(List.of("event is " + envelope.eventType() + " v"
                    + envelope.schemaVersion() + ", newer than " + recordClass.getSimpleName() + " reads (v"
                    + type.schemaVersion() + ")"));
        }
        try {
            return mapper.treeToValue(envelope.payload(), recordClass);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("payload of " + envelope.eventType() + " v"
                    + envelope.schemaVersion() + ": " + describe(e), e);
        }
    }

    /**
     * The payload as the record registered for the envelope's event type and version.
     *
     * @throws MalformedEventException for an unregistered type or version, or an unreadable payload
     */
    public DomainEvent payload(EventEnvelope envelope) {
        EventType type = EventTypes.find(envelope.eventType(), envelope.schemaVersion())
                .orElseThrow(() -> new MalformedEventException(List.of(
                        unknownType(envelope.eventType(), envelope.schemaVersion()))));
        return payload(envelope, type.recordClass());
    }

    /**
     * Wraps an event in a new envelope with a random eventId. Type, version, aggregate type and aggregate
     * id come from the registry and the record.
     *
     * @param causationId eventId of the event that caused this one, or {@code null}
     */
    public EventEnvelope envelope(DomainEvent event, String shopId, UUID correlationId, UUID causationId,
                                  Instant occurredAt) {
        return envelope(UUID.randomUUID(), event, shopId, correlationId, causationId, occurredAt);
    }

    /**
     * Wraps an event in an envelope with a chosen eventId, for producers that derive it deterministically
     * (e.g. from a platform callback) so a retried write yields the same event.
     */
    public EventEnvelope envelope(UUID eventId, DomainEvent event, String shopId, UUID correlationId,
                                  UUID causationId, Instant occurredAt) {
        EventType type = event.eventType();
        return new EventEnvelope(eventId, type.name(), type.schemaVersion(), occurredAt, shopId,
                type.aggregateType(), event.aggregateId(), correlationId, causationId, payloadTree(event));
    }

    /**
     * The record as a tree, made through text rather than {@code valueToTree}: numbers then get the node
     * types a reader gets (an int-sized long becomes an int node), so an envelope equals its decoded copy.
     */
    private JsonNode payloadTree(DomainEvent event) {
        try {
            return mapper.readTree(mapper.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write payload of " + event.eventType(), e);
        }
    }

    /** Parses JSON text into a tree with this codec's settings. */
    JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException(List.of("not JSON: empty message"));
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Binds a parsed tree to an envelope. */
    EventEnvelope fromTree(JsonNode tree) {
        if (!tree.isObject()) {
            throw new MalformedEventException(List.of("not an event envelope: expected a JSON object, got "
                    + tree.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        try {
            return mapper.treeToValue(tree, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("envelope: " + describe(e), e);
        }
    }

    static String unknownType(String eventType, int schemaVersion) {
        return "unknown event type " + eventType + " version " + schemaVersion;
    }

    /** A Jackson failure as "field: problem", without Jackson's class names and source excerpts. */
    private static String describe(JsonProcessingException e) {
        String problem = e instanceof ValueInstantiationException && e.getCause() != null
                ? e.getCause().getMessage()
                : e.getOriginalMessage();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                    .collect(Collectors.joining("/", "/", ""));
            return path + ": " + problem;
        }
        return problem;
    }

    private static final class MillisInstantSerializer extends StdSerializer<Instant> {

        MillisInstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(MILLIS_UTC.format(value));
        }
    }
}
