package io.shipsync.events;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventValidatorTest {

    private static final EventValidator VALIDATOR = new EventValidator();
    private static final String PLACED = TestFiles.resource("samples/OrderPlaced.v1.json");

    @Test
    void acceptsAValidEvent() {
        assertThat(VALIDATOR.validate(PLACED)).isEmpty();
        assertThat(VALIDATOR.readValid(PLACED).aggregateId()).isEqualTo("3705115058471208928");
    }

    @Test
    void rejectsAMissingRequiredPayloadField() {
        String json = PLACED.replace("\"totalFen\": 11480", "\"couponFen\": 0");

        assertThat(VALIDATOR.validate(json)).containsExactly("/payload: required property 'totalFen' not found");
    }

    @Test
    void rejectsAMissingRequiredEnvelopeField() {
        String json = PLACED.replace("\"shopId\": \"shop-1\",", "");

        assertThat(VALIDATOR.validate(json)).containsExactly("envelope: required property 'shopId' not found");
    }

    @Test
    void rejectsAWrongType() {
        String json = PLACED.replace("\"quantity\": 2", "\"quantity\": \"2\"");

        assertThat(VALIDATOR.validate(json)).containsExactly("/payload/items/0/quantity: string found, integer expected");
    }

    @Test
    void rejectsAnOrderIdSentAsANumber() {
        String json = PLACED.replace("\"orderId\": \"3705115058471208928\"", "\"orderId\": 3705115058471208928");

        assertThat(VALIDATOR.validate(json)).containsExactly("/payload/orderId: integer found, string expected");
    }

    @Test
    void rejectsQuantityBelowOneAndBadFormats() {
        String json = PLACED.replace("\"quantity\": 2", "\"quantity\": 0")
                .replace("\"2026-11-25T10:00:00.123Z\"", "\"25/11/2026 10:00\"")
                .replace("\"5d1c9e7a-8b2f-4f6e-a1c3-7e9d0b4a6f12\"", "\"not-a-uuid\"");

        assertThat(VALIDATOR.validate(json)).containsExactlyInAnyOrder(
                "/occurredAt: does not match the date-time pattern must be a valid RFC 3339 date-time",
                "/correlationId: does not match the uuid pattern must be a valid RFC 4122 UUID",
                "/payload/items/0/quantity: must have a minimum value of 1");
    }

    @Test
    void rejectsAnUnknownEventTypeOrVersion() {
        assertThat(VALIDATOR.validate(PLACED.replace("\"OrderPlaced\"", "\"OrderTeleported\"")))
                .containsExactly("unknown event type OrderTeleported version 1");
        assertThat(VALIDATOR.validate(PLACED.replace("\"schemaVersion\": 1", "\"schemaVersion\": 7")))
                .containsExactly("unknown event type OrderPlaced version 7");
    }

    @Test
    void rejectsTextThatIsNotJson() {
        assertThat(VALIDATOR.validate("{\"eventId\": ")).singleElement().asString().startsWith("not JSON:");
        assertThat(VALIDATOR.validate("hello")).singleElement().asString().startsWith("not JSON:");
        assertThat(VALIDATOR.validate("   ")).containsExactly("not JSON: empty message");
        assertThat(VALIDATOR.validate("42")).containsExactly("envelope: integer found, object expected");
    }

    @Test
    void rejectsAnEnvelopeThatWouldRouteTheEventWrongly() {
        String wrongKey = PLACED.replace("\"aggregateId\": \"3705115058471208928\"", "\"aggregateId\": \"42\"");
        String wrongTopic = PLACED.replace("\"aggregateType\": \"order\"", "\"aggregateType\": \"stock\"");

        assertThat(VALIDATOR.validate(wrongKey))
                .containsExactly("/aggregateId: '42' does not match the payload's key '3705115058471208928'");
        assertThat(VALIDATOR.validate(wrongTopic))
                .containsExactly("/aggregateType: OrderPlaced v1 belongs to aggregate type 'order', not 'stock'");
    }

    @Test
    void readValidCarriesEveryReason() {
        String json = PLACED.replace("\"shopId\": \"shop-1\",", "").replace("\"quantity\": 2", "\"quantity\": -1");

        assertThatThrownBy(() -> VALIDATOR.readValid(json))
                .isInstanceOfSatisfying(MalformedEventException.class, e -> assertThat(e.reasons())
                        .containsExactlyInAnyOrder("envelope: required property 'shopId' not found",
                                "/payload/items/0/quantity: must have a minimum value of 1"))
                .hasMessageContaining("shopId").hasMessageContaining("quantity");
    }

    @Test
    void isSafeToShareBetweenConsumerThreads() throws Exception {
        String invalid = PLACED.replace("\"quantity\": 2", "\"quantity\": 0");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = IntStream.range(0, 400)
                    .mapToObj(i -> pool.submit(() -> VALIDATOR.validate(i % 2 == 0 ? PLACED : invalid)))
                    .toList();
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).hasSize(i % 2 == 0 ? 0 : 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
