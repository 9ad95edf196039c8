package io.shipsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static final String ORDER_ID = "3705115058471208928";

    private final EventCodec codec = new EventCodec();

    private static OrderPlaced orderPlaced() {
        return new OrderPlaced(ORDER_ID, Instant.parse("2026-11-25T09:59:58Z"), OrderPlaced.DELIVER_PHYSICAL,
                List.of(new OrderItem("10000123456789", "2100000987654321", null, 2, 4990)),
                new Region("广东省", "深圳市", null), 9980);
    }

    @Test
    void envelopeTakesTypeVersionAndKeyFromTheRegistryAndRecord() {
        UUID correlation = UUID.randomUUID();
        EventEnvelope envelope = codec.envelope(orderPlaced(), "shop-1", correlation, null,
                Instant.parse("2026-11-25T10:00:00.123Z"));

        assertThat(envelope.eventId()).isNotNull();
        assertThat(envelope.eventType()).isEqualTo("OrderPlaced");
        assertThat(envelope.schemaVersion()).isEqualTo(1);
        assertThat(envelope.aggregateType()).isEqualTo(AggregateTypes.ORDER);
        assertThat(envelope.aggregateId()).isEqualTo(ORDER_ID);
        assertThat(envelope.correlationId()).isEqualTo(correlation);
        assertThat(envelope.causationId()).isNull();
        assertThat(codec.envelope(orderPlaced(), "shop-1", correlation, null, Instant.now()).eventId())
                .isNotEqualTo(envelope.eventId());
    }

    @Test
    void waybillIsKeyedByItsOrderSoItStaysOrderedWithIt() {
        WaybillPrinted printed = new WaybillPrinted("14629104658812345678", ORDER_ID, "SF", "SF1342567604302",
                List.of(new PackageItem("10000123456789", "2100000987654321", 2)),
                Instant.parse("2026-11-25T14:00:11.930Z"), false);
        WaybillCancelled cancelled = new WaybillCancelled("14629104658812345678", ORDER_ID, "SF", "SF1342567604302",
                Instant.parse("2026-11-25T14:05:02.250Z"), "Reprinted with another carrier");

        for (DomainEvent event : List.of(printed, cancelled)) {
            EventEnvelope envelope = codec.envelope(event, "shop-1", UUID.randomUUID(), null, Instant.now());
            assertThat(envelope.aggregateType()).isEqualTo(AggregateTypes.WAYBILL);
            assertThat(envelope.aggregateId()).isEqualTo(ORDER_ID);
            assertThat(event.eventType().topic()).isEqualTo("shipsync.waybill");
        }
        assertThat(codec.envelope(printed, "shop-1", UUID.randomUUID(), null, Instant.now()).schemaVersion()).isEqualTo(2);
    }

    @Test
    void aVersion1WaybillReadsAsTheCurrentRecordWithoutItems() {
        EventEnvelope v1 = codec.read(TestFiles.resource("samples/WaybillPrinted.v1.json"));

        assertThat(codec.payload(v1)).isInstanceOf(WaybillPrintedV1.class);
        WaybillPrinted read = codec.payload(v1, WaybillPrinted.class);

        assertThat(read.trackingNumber()).isEqualTo("SF1342567604302");
        assertThat(read.items()).isEmpty();
        EventEnvelope rewritten = codec.envelope(read, "shop-1", UUID.randomUUID(), null, Instant.now());
        assertThat(rewritten.payload().has("items")).as("unknown items are omitted, never written empty").isFalse();
        assertThat(new EventValidator(codec).validate(codec.write(rewritten))).isEmpty();
    }

    @Test
    void aVersion1TrackingUpdateIsUpcastToTheNormalisedStatesWithItsCheckpointAsTheList() {
        String v1Problem = TestFiles.resource("samples/TrackingUpdated.v1.json").replace("\"PICKED_UP\"", "\"PROBLEM\"");
        EventEnvelope v1 = codec.read(v1Problem);

        assertThat(codec.payload(v1)).isInstanceOf(TrackingUpdatedV1.class);
        TrackingUpdated read = codec.payload(v1, TrackingUpdated.class);

        assertThat(read.state()).isEqualTo(TrackingState.EXCEPTION);
        assertThat(read.checkpoints()).singleElement().satisfies(checkpoint -> {
            assertThat(checkpoint.at()).isEqualTo(Instant.parse("2026-11-25T18:40:00Z"));
            assertThat(checkpoint.state()).isEqualTo(TrackingState.EXCEPTION);
            assertThat(checkpoint.carrierState()).isEqualTo("1");
            assertThat(checkpoint.description()).isEqualTo("顺丰速运 已收取快件");
        });
        EventEnvelope rewritten = codec.envelope(read, "shop-1", UUID.randomUUID(), null, Instant.now());
        assertThat(rewritten.schemaVersion()).isEqualTo(2);
        assertThat(new EventValidator(codec).validate(codec.write(rewritten))).isEmpty();
    }

    @Test
    void newEventsRoundTripThroughTheCodec() {
        Instant at = Instant.parse("2026-11-25T14:10:00.080123Z");
        List<DomainEvent> events = List.of(
                new WaybillPrinted("1", ORDER_ID, "ZTO", "73100012345678", List.of(new PackageItem("p", "s", 1),
                        new PackageItem("p", "s2", 3)), at, true),
                new WaybillCancelled("18446744073709551615", ORDER_ID, "ZTO", "73100012345678", at, "order cancelled"),
                new CarrierAccountChanged("ZTO", "2000000012345678", CarrierAccountState.NOT_AUTHORIZED, null, null, 50, at),
                new CarrierAccountChanged("ZTO", "2000000012345678", CarrierAccountState.BALANCE_LOW,
                        CarrierAccountState.AUTHORIZED, 0L, 50, at),
                new OrderHeld(ORDER_ID, HoldReason.STOCK_SHORTAGE, "SKU s: 3 needed, 1 available", at),
                new OrderReleased(ORDER_ID, HoldReason.STOCK_SHORTAGE, at, "stock returned"));
        EventValidator validator = new EventValidator(codec);

        for (DomainEvent event : events) {
            String json = codec.write(codec.envelope(event, "shop-1", UUID.randomUUID(), null, at));

            assertThat(validator.validate(json)).as(event.toString()).isEmpty();
            assertThat(codec.payload(validator.readValid(json))).isEqualTo(event);
        }
    }

    @Test
    void carrierAccountsHaveATopicOfTheirOwnKeyedByAccount() {
        CarrierAccountChanged changed = new CarrierAccountChanged("SF", "0123456789", CarrierAccountState.AUTHORIZED,
                CarrierAccountState.PLATFORM_UNREACHABLE, 800L, 50, Instant.now());
        EventEnvelope envelope = codec.envelope(changed, "shop-1", UUID.randomUUID(), null, Instant.now());

        assertThat(envelope.aggregateType()).isEqualTo(AggregateTypes.CARRIER_ACCOUNT);
        assertThat(envelope.aggregateId()).isEqualTo("0123456789");
        assertThat(changed.eventType().topic()).isEqualTo("shipsync.carrier-account");
        assertThat(codec.write(codec.envelope(new CarrierAccountChanged("SF", "0123456789",
                CarrierAccountState.PLATFORM_UNREACHABLE, null, null, 50, Instant.now()), "shop-1", UUID.randomUUID(),
                null, Instant.now()))).as("absent balance and previous state are omitted")
                .doesNotContain("balance").doesNotContain("previousState");
    }

    @Test
    void alertsHaveATopicOfTheirOwnKeyedByAlertAndNameTheirOperatorOnlyWhenOneResolved() {
        AlertResolved cleared = new AlertResolved("1042", "STOCK_FROZEN", "SKU", "2100000987654321@default",
                AlertResolution.CONDITION_CLEARED, null, 3, Instant.now());
        EventEnvelope envelope = codec.envelope(cleared, "shop-1", UUID.randomUUID(), null, Instant.now());

        assertThat(envelope.aggregateType()).isEqualTo(AggregateTypes.ALERT);
        assertThat(envelope.aggregateId()).isEqualTo("1042");
        assertThat(cleared.eventType().topic()).isEqualTo("shipsync.alert");
        assertThat(codec.write(envelope)).doesNotContain("resolvedBy");
        assertThatThrownBy(() -> new AlertResolved("1042", "STOCK_FROZEN", "SKU", "s@default", AlertResolution.OPERATOR,
                null, 1, Instant.now())).hasMessageContaining("resolvedBy names the operator");
        assertThatThrownBy(() -> new AlertResolved("1042", "STOCK_FROZEN", "SKU", "s@default",
                AlertResolution.CONDITION_CLEARED, "ops-1", 1, Instant.now())).hasMessageContaining("resolvedBy names the operator");
        assertThatThrownBy(() -> new AlertRaised("1042", "stock frozen", "SKU", "s@default", AlertSeverity.WARNING, "s",
                Instant.now())).hasMessageContaining("rule must match");
        assertThatThrownBy(() -> new AlertEscalated("1043", "NO_FIRST_SCAN", "PARCEL", "SF1", AlertSeverity.WARNING, 0,
                "CONTACT_CARRIER", Instant.now())).hasMessage("step must be >= 1, got 0");
    }

    @Test
    void writesMillisecondUtcTimesOmitsNullsAndKeepsLongIdsExact() throws Exception {
        EventEnvelope envelope = codec.envelope(orderPlaced(), "shop-1", UUID.randomUUID(), null,
                Instant.parse("2026-11-25T10:00:00Z"));

        String json = codec.write(envelope);
        JsonNode tree = new ObjectMapper().readTree(json);

        assertThat(tree.get("occurredAt").textValue()).isEqualTo("2026-11-25T10:00:00.000Z");
        assertThat(tree.at("/payload/paidAt").textValue()).isEqualTo("2026-11-25T09:59:58.000Z");
        assertThat(tree.has("causationId")).isFalse();
        assertThat(tree.at("/payload/items/0").has("skuCode")).isFalse();
        assertThat(tree.at("/payload/receiverRegion").has("county")).isFalse();
        assertThat(json).contains("\"orderId\":\"" + ORDER_ID + "\"")
                .contains("\"aggregateId\":\"" + ORDER_ID + "\"");
        assertThat(tree.get("payload").has("aggregateId")).as("derived key is not payload data").isFalse();
        assertThat(tree.get("payload").has("eventType")).isFalse();
    }

    @Test
    void timesAreCutToTheWirePrecisionSoARecordEqualsItsDecodedCopy() {
        Instant withMicros = Instant.parse("2026-11-25T10:00:00.123456789Z");
        OrderShipped shipped = new OrderShipped(ORDER_ID, List.of(new ShippedPackage("SF", "SF1342567604302",
                List.of(new PackageItem("1", "2", 1)))), withMicros, true, false);
        EventEnvelope envelope = codec.envelope(shipped, "shop-1", UUID.randomUUID(), null, withMicros);

        assertThat(envelope.occurredAt()).isEqualTo("2026-11-25T10:00:00.123Z");
        assertThat(codec.payload(codec.read(codec.write(envelope)), OrderShipped.class)).isEqualTo(shipped);
    }

    @Test
    void aProducedEnvelopeEqualsItsDecodedCopy() {
        StockChanged changed = new StockChanged("2100000987654321", "10000123456789", "wh-sz-01", 40, 12, 28,
                StockLevel.OK, 5, StockMovementReason.RESERVE, ORDER_ID, Instant.parse("2026-11-25T10:00:00.4Z"));
        EventEnvelope envelope = codec.envelope(changed, "shop-1", UUID.randomUUID(), UUID.randomUUID(),
                Instant.parse("2026-11-25T10:00:00.456789Z"));

        assertThat(codec.read(codec.write(envelope))).isEqualTo(envelope);
    }

    @Test
    void readsPayloadAsTheRegisteredRecord() {
        EventEnvelope envelope = codec.read(TestFiles.resource("samples/OrderPlaced.v1.json"));

        DomainEvent event = codec.payload(envelope);

        assertThat(event).isInstanceOf(OrderPlaced.class);
        assertThat(((OrderPlaced) event).orderId()).isEqualTo(ORDER_ID);
        assertThat(((OrderPlaced) event).items()).hasSize(2);
    }

    @Test
    void refusesToReadAPayloadAsAnotherEventType() {
        EventEnvelope envelope = codec.read(TestFiles.resource("samples/OrderPlaced.v1.json"));

        assertThatThrownBy(() -> codec.payload(envelope, OrderCancelled.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("event is OrderPlaced v1, not OrderCancelled");
    }

    @Test
    void refusesAVersionNewerThanTheRecordReads() {
        EventEnvelope v1 = codec.read(TestFiles.resource("samples/OrderPlaced.v1.json"));
        EventEnvelope v2 = new EventEnvelope(v1.eventId(), v1.eventType(), 2, v1.occurredAt(), v1.shopId(),
                v1.aggregateType(), v1.aggregateId(), v1.correlationId(), v1.causationId(), v1.payload());

        assertThatThrownBy(() -> codec.payload(v2, OrderPlaced.class))
                .hasMessageContaining("event is OrderPlaced v2, newer than OrderPlaced reads (v1)");
        assertThatThrownBy(() -> codec.payload(v2))
                .hasMessageContaining("unknown event type OrderPlaced version 2");
    }

    @Test
    void toleratesUnknownPropertiesSoOldReadersAcceptAddedOptionalFields() {
        String json = TestFiles.resource("samples/OrderPlaced.v1.json")
                .replace("\"totalFen\": 11480", "\"totalFen\": 11480, \"couponFen\": 500")
                .replace("\"shopId\": \"shop-1\",", "\"shopId\": \"shop-1\", \"tenant\": \"t\",");

        EventEnvelope envelope = codec.read(json);

        assertThat(codec.payload(envelope, OrderPlaced.class).totalFen()).isEqualTo(11480);
    }

    @Test
    void explainsTextThatIsNotAnEnvelope() {
        assertThatThrownBy(() -> codec.read("not json at all"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("malformed event: not JSON:");
        assertThatThrownBy(() -> codec.read(""))
                .hasMessage("malformed event: not JSON: empty message");
        assertThatThrownBy(() -> codec.read("[1, 2]"))
                .hasMessage("malformed event: not an event envelope: expected a JSON object, got array");
    }

    @Test
    void explainsAMissingOrMistypedEnvelopeField() {
        String sample = TestFiles.resource("samples/OrderPlaced.v1.json");

        assertThatThrownBy(() -> codec.read(sample.replace("\"shopId\": \"shop-1\",", "")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("shopId is required");
        assertThatThrownBy(() -> codec.read(sample.replace("\"0b8f6a52-3c1e-4d7a-9f55-2a6f1e0c7d01\"", "\"x\"")))
                .hasMessageContaining("/eventId");
        assertThatThrownBy(() -> codec.read(sample.replace("\"payload\": {", "\"payload\": [], \"p\": {")))
                .hasMessageContaining("payload must be a JSON object");
    }

    @Test
    void rejectsAnIdSentAsAJsonNumberBecauseItsPrecisionMayBeGone() {
        String sample = TestFiles.resource("samples/OrderPlaced.v1.json")
                .replace("\"orderId\": \"3705115058471208928\"", "\"orderId\": 3705115058471208928");
        EventEnvelope envelope = codec.read(sample);

        assertThatThrownBy(() -> codec.payload(envelope, OrderPlaced.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("payload of OrderPlaced v1: /orderId:");
    }

    @Test
    void explainsAPayloadThatBreaksARecordInvariant() {
        String sample = TestFiles.resource("samples/OrderPlaced.v1.json").replace("\"quantity\": 2", "\"quantity\": 0");
        EventEnvelope envelope = codec.read(sample);

        assertThatThrownBy(() -> codec.payload(envelope, OrderPlaced.class))
                .hasMessage("malformed event: payload of OrderPlaced v1: /items/0: quantity must be >= 1, got 0");
    }

    @Test
    void recordsRejectWhatTheirSchemaRejects() {
        assertThatThrownBy(() -> new OrderItem("p", "s", null, 0, 100)).hasMessageContaining("quantity");
        assertThatThrownBy(() -> new OrderPlaced(" ", Instant.now(), 0, List.of(), null, 0))
                .hasMessage("orderId is required");
        assertThatThrownBy(() -> new OrderCancelled("1", 9, true, Instant.now(),
                List.of(new OrderItem("p", "s", null, 1, 1)))).hasMessage("cancelType has unknown value 9");
        assertThatThrownBy(() -> new WaybillPrinted("EW-1", "1", "SF", "SF1", List.of(), Instant.now(), false))
                .hasMessageContaining("waybillId must be a Uint64");
        assertThatThrownBy(() -> new WaybillPrinted("1", "1", "SF", "SF1", Arrays.asList((PackageItem) null),
                Instant.now(), false)).hasMessage("items must not contain null");
        assertThatThrownBy(() -> new WaybillCancelled("1", "1", "SF", "SF1", Instant.now(), " "))
                .hasMessage("reason is required");
        assertThatThrownBy(() -> new CarrierAccountChanged("SF", "a", CarrierAccountState.BALANCE_LOW, null, null, 50,
                Instant.now())).hasMessage("balance is required when the state is BALANCE_LOW");
        assertThatThrownBy(() -> new CarrierAccountChanged("SF", "a", CarrierAccountState.AUTHORIZED,
                CarrierAccountState.AUTHORIZED, 80L, 50, Instant.now())).hasMessageContaining("must differ");
        assertThatThrownBy(() -> new CarrierAccountChanged("SF", "a", CarrierAccountState.AUTHORIZED, null, -1L, 50,
                Instant.now())).hasMessage("balance must be >= 0, got -1");
        assertThatThrownBy(() -> new OrderHeld("1", null, "d", Instant.now())).hasMessage("reason is required");
        assertThatThrownBy(() -> new OrderReleased("1", HoldReason.FRAUD_REVIEW, Instant.now(), ""))
                .hasMessage("releasedBy is required");
        assertThatThrownBy(() -> new OrderShipped("1", List.of(), Instant.now(), true, false))
                .hasMessage("packages must not be empty");
    }

    @Test
    void envelopeDoesNotShareItsPayloadTree() {
        EventEnvelope envelope = codec.read(TestFiles.resource("samples/OrderPlaced.v1.json"));

        ((ObjectNode) envelope.payload()).put("orderId", "changed");

        assertThat(envelope.payload().get("orderId").textValue()).isEqualTo(ORDER_ID);
    }
}
