package io.shipsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSIONED_SCHEMA = Pattern.compile("(.+)\\.v(\\d+)\\.schema\\.json");

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> violations(String older, String newer) {
        return SchemaCompatibility.backwardViolations(json(older), json(newer));
    }

    // --- one positive and one negative case per rule ---

    @Test
    void addingAnOptionalPropertyIsCompatible() {
        assertThat(violations("{'type':'object','properties':{'a':{'type':'string'}}}",
                "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'integer'}}}")).isEmpty();
    }

    @Test
    void removingAPropertyIsNot() {
        assertThat(violations("{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'string'}}}",
                "{'type':'object','properties':{'a':{'type':'string'}}}"))
                .containsExactly("property /b removed");
    }

    @Test
    void keepingOrWideningATypeIsCompatible() {
        assertThat(violations("{'properties':{'a':{'type':'integer'}}}", "{'properties':{'a':{'type':'number'}}}"))
                .isEmpty();
        assertThat(violations("{'properties':{'a':{'type':'string'}}}",
                "{'properties':{'a':{'type':['string','null']}}}")).isEmpty();
        assertThat(violations("{'properties':{'a':{'type':'string'}}}", "{'properties':{'a':{}}}")).isEmpty();
    }

    @Test
    void changingOrRestrictingATypeIsNot() {
        assertThat(violations("{'properties':{'a':{'type':'string'}}}", "{'properties':{'a':{'type':'integer'}}}"))
                .containsExactly("type of /a changed from [string] to [integer]");
        assertThat(violations("{'properties':{'a':{'type':'number'}}}", "{'properties':{'a':{'type':'integer'}}}"))
                .containsExactly("type of /a changed from [number] to [integer]");
        assertThat(violations("{'properties':{'a':{}}}", "{'properties':{'a':{'type':'string'}}}"))
                .containsExactly("type of /a restricted to [string] where any type was accepted");
    }

    @Test
    void keepingOrDroppingARequirementIsCompatible() {
        assertThat(violations("{'required':['a','b'],'properties':{'a':{},'b':{}}}",
                "{'required':['a'],'properties':{'a':{},'b':{}}}")).isEmpty();
    }

    @Test
    void newlyRequiringAPropertyIsNot() {
        assertThat(violations("{'required':['a'],'properties':{'a':{},'b':{}}}",
                "{'required':['a','b'],'properties':{'a':{},'b':{}}}"))
                .containsExactly("/b is newly required");
        assertThat(violations("{'properties':{'a':{}}}", "{'required':['c'],'properties':{'a':{},'c':{}}}"))
                .containsExactly("/c is newly required");
    }

    @Test
    void wideningAnEnumIsCompatible() {
        assertThat(violations("{'properties':{'s':{'enum':['A','B']}}}",
                "{'properties':{'s':{'enum':['A','B','C']}}}")).isEmpty();
        assertThat(violations("{'properties':{'n':{'enum':[1,2]}}}", "{'properties':{'n':{'enum':[1.0,2,3]}}}"))
                .isEmpty();
        assertThat(violations("{'properties':{'s':{'enum':['A']}}}", "{'properties':{'s':{}}}")).isEmpty();
    }

    @Test
    void narrowingOrAddingAnEnumIsNot() {
        assertThat(violations("{'properties':{'s':{'enum':['A','B','C']}}}", "{'properties':{'s':{'enum':['A']}}}"))
                .containsExactly("enum of /s narrowed: dropped [\"B\", \"C\"]");
        assertThat(violations("{'properties':{'s':{'type':'string'}}}",
                "{'properties':{'s':{'type':'string','enum':['A']}}}"))
                .containsExactly("enum added to /s, which accepted any value");
    }

    @Test
    void looseningBoundsIsCompatible() {
        assertThat(violations("{'properties':{'q':{'minimum':1,'maximum':10,'maxLength':5}}}",
                "{'properties':{'q':{'minimum':0,'maximum':100}}}")).isEmpty();
    }

    @Test
    void tighteningOrAddingBoundsIsNot() {
        assertThat(violations("{'properties':{'q':{'minimum':0,'maximum':100}}}",
                "{'properties':{'q':{'minimum':1,'maximum':10}}}"))
                .containsExactly("minimum of /q tightened from 0 to 1", "maximum of /q tightened from 100 to 10");
        assertThat(violations("{'properties':{'q':{'type':'integer'}}}",
                "{'properties':{'q':{'type':'integer','minimum':1}}}"))
                .containsExactly("minimum of /q added: 1");
        assertThat(violations("{'properties':{'l':{'type':'array','minItems':0}}}",
                "{'properties':{'l':{'type':'array','minItems':1}}}"))
                .containsExactly("minItems of /l tightened from 0 to 1");
        assertThat(violations("{'properties':{'s':{'maxLength':10}}}", "{'properties':{'s':{'maxLength':5}}}"))
                .containsExactly("maxLength of /s tightened from 10 to 5");
    }

    @Test
    void keepingOrDroppingAFormatIsCompatibleChangingItIsNot() {
        assertThat(violations("{'properties':{'t':{'format':'date-time'}}}", "{'properties':{'t':{}}}")).isEmpty();
        assertThat(violations("{'properties':{'t':{'type':'string'}}}",
                "{'properties':{'t':{'type':'string','format':'date-time'}}}"))
                .containsExactly("format of /t changed from none to \"date-time\"");
        assertThat(violations("{'properties':{'w':{'pattern':'^[0-9]+$'}}}", "{'properties':{'w':{'pattern':'^[0-9]{1,5}$'}}}"))
                .containsExactly("pattern of /w changed from \"^[0-9]+$\" to \"^[0-9]{1,5}$\"");
    }

    @Test
    void closingAdditionalPropertiesIsNot() {
        assertThat(violations("{'type':'object'}", "{'type':'object','additionalProperties':true}")).isEmpty();
        assertThat(violations("{'type':'object','additionalProperties':true}",
                "{'type':'object','additionalProperties':false}"))
                .containsExactly("additionalProperties of the document closed or restricted where any was accepted");
    }

    @Test
    void changedKeywordsItCannotReasonAboutAreReported() {
        assertThat(violations("{'oneOf':[{'type':'string'}]}", "{'oneOf':[{'type':'string'}]}")).isEmpty();
        assertThat(violations("{'oneOf':[{'type':'string'}]}", "{'oneOf':[{'type':'string'},{'type':'null'}]}"))
                .containsExactly("'oneOf' of the document changed; it cannot be checked automatically, "
                        + "so it must stay unchanged");
    }

    @Test
    void followsRefsAndArrayItemsIntoNestedObjects() {
        String older = "{'properties':{'items':{'type':'array','items':{'$ref':'#/$defs/Item'}}},"
                + "'$defs':{'Item':{'type':'object','required':['q'],'properties':{'q':{'type':'integer','minimum':1}}}}}";
        String compatible = "{'properties':{'items':{'type':'array','items':{'$ref':'#/$defs/Line'}}},"
                + "'$defs':{'Line':{'type':'object','required':['q'],'properties':{'q':{'type':'integer','minimum':1},"
                + "'note':{'type':'string'}}}}}";
        String inlinedAndTightened = "{'properties':{'items':{'type':'array','items':{'type':'object',"
                + "'required':['q','sku'],'properties':{'q':{'type':'integer','minimum':2},'sku':{'type':'string'}}}}}}";

        assertThat(violations(older, compatible)).isEmpty();
        assertThat(violations(older, inlinedAndTightened))
                .containsExactlyInAnyOrder("minimum of /items/*/q tightened from 1 to 2", "/items/*/sku is newly required");
    }

    @Test
    void refusesToJudgeRefsItCannotFollow() {
        assertThat(violations("{'properties':{'a':{'$ref':'other.json#/X'}}}",
                "{'properties':{'a':{'$ref':'other.json#/X'}}}"))
                .containsExactly("/a refers to other.json#/X, which is not a schema in the same document",
                        "/a refers to other.json#/X, which is not a schema in the same document");
        assertThat(violations("{'properties':{'a':{'$ref':'#/$defs/A'}},'$defs':{'A':{}}}",
                "{'properties':{'a':{'$ref':'#/$defs/A','minimum':1}},'$defs':{'A':{}}}"))
                .containsExactly("/a has 'minimum' beside $ref; keep such a schema unchanged or move the keyword "
                        + "into the referenced schema");
    }

    @Test
    void terminatesOnRecursiveSchemas() {
        String tree = "{'$ref':'#/$defs/Node','$defs':{'Node':{'type':'object','properties':{"
                + "'children':{'type':'array','items':{'$ref':'#/$defs/Node'}}}}}}";
        assertThat(violations(tree, tree)).isEmpty();
    }

    // --- the guard over real schema histories ---

    @Test
    void aV2AddingAnOptionalFieldPassesAndOneAddingARequiredFieldFails() {
        JsonNode v1 = EventValidator.loadSchema("schemas/OrderPlaced.v1.schema.json");

        assertThat(SchemaCompatibility.historyViolations("OrderPlaced", new TreeMap<>(Map.of(
                1, v1, 2, EventValidator.loadSchema("compat/OrderPlaced.v2-adds-optional-field.schema.json")))))
                .isEmpty();
        assertThat(SchemaCompatibility.historyViolations("OrderPlaced", new TreeMap<>(Map.of(
                1, v1, 2, EventValidator.loadSchema("compat/OrderPlaced.v2-adds-required-field.schema.json")))))
                .containsExactly("OrderPlaced v1 -> v2: /couponFen is newly required");
    }

    @Test
    void everyConsecutivePairOfPublishedVersionsIsBackwardCompatible() throws IOException {
        Map<String, SortedMap<Integer, JsonNode>> histories = new TreeMap<>();
        try (Stream<Path> files = Files.list(TestFiles.schemasOnClasspath())) {
            for (Path file : files.toList()) {
                Matcher m = VERSIONED_SCHEMA.matcher(file.getFileName().toString());
                if (m.matches()) {
                    histories.computeIfAbsent(m.group(1), name -> new TreeMap<>())
                            .put(Integer.parseInt(m.group(2)), JSON.readTree(file.toFile()));
                }
            }
        }
        assertThat(histories).containsKeys("envelope", "OrderPlaced", "StockShortage");

        List<String> violations = new ArrayList<>();
        histories.forEach((name, versions) -> {
            assertThat(versions.firstKey()).as(name + " versions start at 1").isEqualTo(1);
            assertThat(versions.lastKey()).as(name + " versions have no gaps").isEqualTo(versions.size());
            violations.addAll(SchemaCompatibility.historyViolations(name, versions));
        });
        assertThat(violations).isEmpty();
    }
}
