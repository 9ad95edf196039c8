package io.shipsync.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every registered event has a full sample envelope that validates and survives the codec unchanged. */
class SamplesTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final EventValidator VALIDATOR = new EventValidator(CODEC);
    private static final String REAL_ORDER_ID = "3705115058471208928";

    static List<EventType> eventTypes() {
        return EventTypes.all();
    }

    static List<EventType> eventTypesWithAnOrderId() {
        return EventTypes.all().stream().filter(type -> Arrays.stream(type.recordClass().getRecordComponents())
                .anyMatch(component -> component.getName().equals("orderId"))).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void sampleValidates(EventType type) {
        assertThat(VALIDATOR.validate(TestFiles.resource(TestFiles.sampleName(type)))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void sampleRoundTripsThroughTheCodec(EventType type) throws Exception {
        String sample = TestFiles.resource(TestFiles.sampleName(type));
        EventEnvelope read = VALIDATOR.readValid(sample);
        assertThat(read.eventType()).isEqualTo(type.name());
        assertThat(read.schemaVersion()).isEqualTo(type.schemaVersion());

        DomainEvent payload = CODEC.payload(read, type.recordClass());
        EventEnvelope rebuilt = CODEC.envelope(read.eventId(), payload, read.shopId(), read.correlationId(),
                read.causationId(), read.occurredAt());
        String written = CODEC.write(rebuilt);

        assertThat(CODEC.read(written)).isEqualTo(read);
        assertThat(VALIDATOR.validate(written)).isEmpty();
        ObjectMapper plain = new ObjectMapper();
        assertThat(plain.readTree(written)).as("no field lost, renamed or reformatted")
                .isEqualTo(plain.readTree(sample));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypesWithAnOrderId")
    void orderIdsAreRealSizeAndStayExact(EventType type) throws Exception {
        String sample = TestFiles.resource(TestFiles.sampleName(type));
        EventEnvelope read = CODEC.read(sample);

        DomainEvent payload = CODEC.payload(read, type.recordClass());

        Object orderId = type.recordClass().getMethod("orderId").invoke(payload);
        assertThat(orderId).as("samples use a real-size order id, beyond 2^53").isEqualTo(REAL_ORDER_ID);
        assertThat(CODEC.write(read)).contains("\"orderId\":\"" + REAL_ORDER_ID + "\"");
    }
}
