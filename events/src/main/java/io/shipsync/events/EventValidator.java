package io.shipsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks raw messages against the envelope schema, then the payload against the schema registered for its
 * (eventType, schemaVersion), then that the envelope's aggregate type and id agree with the payload.
 * Every schema is loaded and compiled once, in the constructor; afterwards the validator is immutable and
 * safe to share between consumer threads.
 */
public final class EventValidator {

    private final EventCodec codec;
    private final JsonSchema envelopeSchema;
    private final Map<EventType, JsonSchema> payloadSchemas;

    public EventValidator() {
        this(new EventCodec());
    }

    public EventValidator(EventCodec codec) {
        this.codec = codec;
        // Draft 2020-12 treats "format" as an annotation by default; ids and times must be enforced.
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        this.envelopeSchema = compile(factory, config, EventTypes.ENVELOPE_SCHEMA);
        Map<EventType, JsonSchema> compiled = new HashMap<>();
        for (EventType type : EventTypes.all()) {
            compiled.put(type, compile(factory, config, type.schemaResource()));
        }
        this.payloadSchemas = Map.copyOf(compiled);
    }

    /**
     * Every reason the message is not a valid event; empty when it is. Reasons name the JSON location,
     * e.g. {@code "/payload/items/0/quantity: must have a minimum value of 1"}.
     */
    public List<String> validate(String rawJson) {
        return check(rawJson).reasons();
    }

    /**
     * The envelope of a valid message.
     *
     * @throws MalformedEventException carrying every reason when the message is not valid
     */
    public EventEnvelope readValid(String rawJson) {
        Checked checked = check(rawJson);
        if (!checked.reasons().isEmpty()) {
            throw new MalformedEventException(checked.reasons());
        }
        return checked.envelope();
    }

    private Checked check(String rawJson) {
        JsonNode tree;
        try {
            tree = codec.parse(rawJson);
        } catch (MalformedEventException e) {
            return new Checked(e.reasons(), null);
        }
        List<String> reasons = new ArrayList<>();
        describe(envelopeSchema.validate(tree), "", reasons);
        JsonNode eventType = tree.path("eventType");
        JsonNode version = tree.path("schemaVersion");
        if (!eventType.isTextual() || !version.canConvertToExactIntegral() || !version.canConvertToInt()) {
            return new Checked(reasons, null);
        }
        EventType type = EventTypes.find(eventType.textValue(), version.intValue()).orElse(null);
        if (type == null) {
            reasons.add(EventCodec.unknownType(eventType.textValue(), version.intValue()));
            return new Checked(reasons, null);
        }
        JsonNode payload = tree.path("payload");
        if (payload.isObject()) {
            describe(payloadSchemas.get(type).validate(payload), "/payload", reasons);
        }
        if (!reasons.isEmpty()) {
            return new Checked(reasons, null);
        }
        return checkAgreement(tree, type);
    }

    /** Schema-valid so far: the envelope must also route the event where its payload says it belongs. */
    private Checked checkAgreement(JsonNode tree, EventType type) {
        try {
            EventEnvelope envelope = codec.fromTree(tree);
            DomainEvent event = codec.payload(envelope, type.recordClass());
            List<String> reasons = new ArrayList<>();
            if (!type.aggregateType().equals(envelope.aggregateType())) {
                reasons.add("/aggregateType: " + type + " belongs to aggregate type '" + type.aggregateType()
                        + "', not '" + envelope.aggregateType() + "'");
            }
            if (!event.aggregateId().equals(envelope.aggregateId())) {
                reasons.add("/aggregateId: '" + envelope.aggregateId() + "' does not match the payload's key '"
                        + event.aggregateId() + "'");
            }
            return new Checked(reasons, reasons.isEmpty() ? envelope : null);
        } catch (MalformedEventException e) {
            return new Checked(e.reasons(), null);
        }
    }

    private static void describe(Collection<ValidationMessage> messages, String prefix, List<String> out) {
        for (ValidationMessage message : messages) {
            String location = prefix + message.getInstanceLocation();
            out.add((location.isEmpty() ? "envelope" : location) + ": " + message.getError());
        }
    }

    private static JsonSchema compile(JsonSchemaFactory factory, SchemaValidatorsConfig config, String resource) {
        JsonSchema schema = factory.getSchema(loadSchema(resource), config);
        // Compile eagerly so no consumer thread pays for, or races on, lazy initialisation.
        schema.initializeValidators();
        return schema;
    }

    /** A schema resource from this module's classpath, as a JSON tree. */
    public static JsonNode loadSchema(String resource) {
        try (InputStream in = EventValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " is missing from the classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }

    private record Checked(List<String> reasons, EventEnvelope envelope) {
    }
}
