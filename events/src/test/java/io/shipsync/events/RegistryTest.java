package io.shipsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryTest {

    /** Property names that would carry personal data; events carry region only, never a person. */
    private static final Pattern PERSONAL =
            Pattern.compile("(?i).*(phone|mobile|tel|address|street|detail|name|openid|unionid|idcard).*");

    @Test
    void everyEventRecordIsRegisteredExactlyOnce() {
        List<Class<?>> registered = EventTypes.all().stream().<Class<?>>map(EventType::recordClass).toList();
        assertThat(registered).containsExactlyInAnyOrder(DomainEvent.class.getPermittedSubclasses())
                .doesNotHaveDuplicates();
    }

    @Test
    void everyEventTypeHasASchemaASampleAndALockEntry() {
        List<String> lock = PublishedLock.lockedFileNames(TestFiles.SCHEMA_SOURCES);
        for (EventType type : EventTypes.all()) {
            assertThat(TestFiles.exists(type.schemaResource())).as("schema of " + type).isTrue();
            assertThat(TestFiles.exists(TestFiles.sampleName(type))).as("sample of " + type).isTrue();
            assertThat(lock).as("lock entry of " + type)
                    .contains(type.schemaResource().substring("schemas/".length()));
        }
        assertThat(lock).contains("envelope.v1.schema.json");
    }

    @Test
    void aggregateTypesAndTopicsFollowTheBrief() {
        assertThat(EventTypes.of(OrderPlaced.class).topic()).isEqualTo("shipsync.order");
        assertThat(EventTypes.of(OrderCancelled.class).aggregateType()).isEqualTo("order");
        assertThat(EventTypes.of(OrderShipped.class).aggregateType()).isEqualTo("order");
        assertThat(EventTypes.of(WaybillPrinted.class).topic()).isEqualTo("shipsync.waybill");
        assertThat(EventTypes.of(WaybillCancelled.class).topic()).isEqualTo("shipsync.waybill");
        assertThat(EventTypes.of(CarrierAccountChanged.class).topic()).isEqualTo("shipsync.carrier-account");
        assertThat(EventTypes.of(OrderHeld.class).topic()).isEqualTo("shipsync.order");
        assertThat(EventTypes.of(OrderReleased.class).topic()).isEqualTo("shipsync.order");
        assertThat(EventTypes.of(TrackingUpdated.class).topic()).isEqualTo("shipsync.tracking");
        assertThat(EventTypes.of(StockChanged.class).topic()).isEqualTo("shipsync.stock");
        assertThat(EventTypes.of(AlertRaised.class).topic()).isEqualTo("shipsync.alert");
        assertThat(EventTypes.of(AlertResolved.class).topic()).isEqualTo("shipsync.alert");
        assertThat(EventTypes.of(AlertEscalated.class).topic()).isEqualTo("shipsync.alert");
        assertThat(Topics.forEventType(EventTypes.of(StockShortage.class))).isEqualTo("shipsync.stock");
        assertThat(Topics.deadLetter("order-service")).isEqualTo("shipsync.dlq.order-service");
        assertThat(Topics.deadLetterService("shipsync.dlq.order-service")).contains("order-service");
        assertThat(Topics.deadLetterService("shipsync.order")).isEmpty();
        assertThatThrownBy(() -> Topics.forAggregateType("orders")).hasMessageContaining("unknown aggregate type");
        assertThatThrownBy(() -> Topics.deadLetter("Order Service")).hasMessageContaining("service name");
    }

    @Test
    void lookupByNameAndVersion() {
        assertThat(EventTypes.find("TrackingUpdated", 1)).map(EventType::recordClass).contains(TrackingUpdatedV1.class);
        assertThat(EventTypes.find("TrackingUpdated", 2)).map(EventType::recordClass).contains(TrackingUpdated.class);
        assertThat(EventTypes.find("TrackingUpdated", 3)).isEmpty();
        assertThat(EventTypes.find("WaybillPrinted", 1)).map(EventType::recordClass).contains(WaybillPrintedV1.class);
        assertThat(EventTypes.find("WaybillPrinted", 2)).map(EventType::recordClass).contains(WaybillPrinted.class);
        assertThat(EventTypes.find("Nope", 1)).isEmpty();
    }

    @Test
    void schemasDeclareDraft202012StayOpenAndCarryNoPersonalData() {
        for (EventType type : EventTypes.all()) {
            JsonNode schema = EventValidator.loadSchema(type.schemaResource());
            assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            List<String> names = new ArrayList<>();
            collectPropertyNames(schema, names);
            assertThat(names).as("property names of " + type).noneMatch(name -> PERSONAL.matcher(name).matches());
            assertThat(schema.path("additionalProperties").asBoolean(true)).as(type + " stays open").isTrue();
        }
    }

    @Test
    void payloadSchemasDescribeExactlyTheRecordComponents() {
        for (EventType type : EventTypes.all()) {
            JsonNode properties = EventValidator.loadSchema(type.schemaResource()).path("properties");
            List<String> schemaNames = new ArrayList<>();
            properties.properties().forEach(p -> schemaNames.add(p.getKey()));
            assertThat(schemaNames).as(type.toString()).containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(type.recordClass().getRecordComponents()).map(RecordComponent::getName).toList());
        }
    }

    private static void collectPropertyNames(JsonNode node, List<String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("properties")) {
                    field.getValue().properties().forEach(p -> into.add(p.getKey()));
                }
                collectPropertyNames(field.getValue(), into);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectPropertyNames(child, into));
        }
    }
}
