package io.shipsync.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;

/**
 * Backward compatibility of JSON Schemas: a newer schema must accept every document the older one
 * accepted, so that readers of the newer version can replay all history.
 * <p>
 * Checked rules, each reported with the data location it concerns ({@code /items/*}{@code /quantity}):
 * removed properties, changed or restricted types ({@code integer} to {@code number} is a widening and
 * allowed), newly required properties, narrowed or added enums, tightened lower and upper bounds
 * ({@code minimum}, {@code maxLength}, {@code minItems}, ...), added or changed {@code format} and
 * {@code pattern}, and closed {@code additionalProperties}. Local {@code $ref}s ({@code #/...}) are followed.
 * Keywords this check cannot reason about (combinators, {@code const}, conditionals, ...) must stay
 * literally unchanged, otherwise they are reported.
 * <p>
 * Properties that the older schema left to {@code additionalProperties} are not checked: adding an
 * optional property is the intended way to evolve an event.
 */
public final class SchemaCompatibility {

    private static final List<String> LOWER_BOUNDS =
            List.of("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties");
    private static final List<String> UPPER_BOUNDS =
            List.of("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties");
    private static final List<String> EXACT = List.of("format", "pattern");
    private static final List<String> UNCHECKED = List.of("allOf", "anyOf", "oneOf", "not", "if", "then", "else",
            "const", "multipleOf", "uniqueItems", "dependentRequired", "dependentSchemas", "patternProperties",
            "propertyNames", "prefixItems", "contains", "minContains", "maxContains", "unevaluatedProperties",
            "unevaluatedItems");
    /** Keywords that may sit beside a $ref without changing what the schema accepts. */
    private static final Set<String> NON_ASSERTIONS = Set.of("$ref", "$schema", "$id", "$anchor", "$defs",
            "$comment", "title", "description", "examples", "default", "deprecated");

    private SchemaCompatibility() {
    }

    /**
     * Why data valid under {@code older} could be rejected by, or lose information in, {@code newer};
     * empty when {@code newer} is backward compatible.
     */
    public static List<String> backwardViolations(JsonNode older, JsonNode newer) {
        List<String> out = new ArrayList<>();
        new Walk(older, newer, out).compare(older, newer, "", new HashSet<>());
        return out;
    }

    /**
     * Checks each consecutive pair of a schema's versions (v1 to v2, v2 to v3, ...), prefixing reasons with
     * {@code "<name> v1 -> v2: "}.
     */
    public static List<String> historyViolations(String name, SortedMap<Integer, JsonNode> versions) {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<Integer, JsonNode>> it = versions.entrySet().iterator();
        if (!it.hasNext()) {
            return out;
        }
        Map.Entry<Integer, JsonNode> previous = it.next();
        while (it.hasNext()) {
            Map.Entry<Integer, JsonNode> next = it.next();
            String prefix = name + " v" + previous.getKey() + " -> v" + next.getKey() + ": ";
            backwardViolations(previous.getValue(), next.getValue()).forEach(v -> out.add(prefix + v));
            previous = next;
        }
        return out;
    }

    private record Walk(JsonNode olderRoot, JsonNode newerRoot, List<String> out) {

        void compare(JsonNode older, JsonNode newer, String path, Set<String> refsInProgress) {
            String refPair = older.path("$ref").asText() + " | " + newer.path("$ref").asText();
            if (older.has("$ref") || newer.has("$ref")) {
                if (!refsInProgress.add(refPair)) {
                    return; // a recursive schema: this pair is already being compared further up
                }
                JsonNode o = resolve(older, olderRoot, path);
                JsonNode n = resolve(newer, newerRoot, path);
                if (o != null && n != null) {
                    compare(o, n, path, refsInProgress);
                }
                refsInProgress.remove(refPair);
                return;
            }
            checkTypes(older, newer, path);
            checkEnum(older, newer, path);
            checkBounds(older, newer, path);
            for (String keyword : EXACT) {
                if (newer.has(keyword) && !newer.get(keyword).equals(older.get(keyword))) {
                    out.add(keyword + " of " + where(path) + " changed from " + text(older.get(keyword)) + " to "
                            + text(newer.get(keyword)));
                }
            }
            for (String keyword : UNCHECKED) {
                if (!Objects.equals(older.get(keyword), newer.get(keyword))) {
                    out.add("'" + keyword + "' of " + where(path)
                            + " changed; it cannot be checked automatically, so it must stay unchanged");
                }
            }
            checkRequired(older, newer, path);
            checkProperties(older, newer, path, refsInProgress);
            checkAdditionalProperties(older, newer, path, refsInProgress);
            if (newer.has("items")) {
                if (older.has("items")) {
                    compare(older.get("items"), newer.get("items"), path + "/*", refsInProgress);
                } else if (!isOpen(newer.get("items"))) {
                    out.add("items of " + where(path) + " restricted where any item was accepted");
                }
            }
        }

        /** The target of a local $ref; a $ref beside assertions or pointing elsewhere cannot be judged. */
        private JsonNode resolve(JsonNode node, JsonNode root, String path) {
            if (!node.has("$ref")) {
                return node;
            }
            for (Map.Entry<String, JsonNode> keyword : node.properties()) {
                String name = keyword.getKey();
                if (!NON_ASSERTIONS.contains(name)) {
                    out.add(where(path) + " has '" + name + "' beside $ref; keep such a schema unchanged or "
                            + "move the keyword into the referenced schema");
                    return null;
                }
            }
            String ref = node.get("$ref").asText();
            JsonNode target = ref.startsWith("#") ? root.at(ref.substring(1)) : null;
            if (target == null || target.isMissingNode()) {
                out.add(where(path) + " refers to " + ref + ", which is not a schema in the same document");
                return null;
            }
            return target;
        }

        private void checkTypes(JsonNode older, JsonNode newer, String path) {
            Set<String> newerTypes = types(newer);
            if (newerTypes == null) {
                return;
            }
            Set<String> olderTypes = types(older);
            if (olderTypes == null) {
                out.add("type of " + where(path) + " restricted to " + newerTypes + " where any type was accepted");
                return;
            }
            for (String type : olderTypes) {
                boolean widenedToNumber = type.equals("integer") && newerTypes.contains("number");
                if (!newerTypes.contains(type) && !widenedToNumber) {
                    out.add("type of " + where(path) + " changed from " + olderTypes + " to " + newerTypes);
                    return;
                }
            }
        }

        private void checkEnum(JsonNode older, JsonNode newer, String path) {
            JsonNode newerEnum = newer.get("enum");
            if (newerEnum == null) {
                return;
            }
            JsonNode olderEnum = older.get("enum");
            if (olderEnum == null) {
                out.add("enum added to " + where(path) + ", which accepted any value");
                return;
            }
            List<String> dropped = new ArrayList<>();
            olderEnum.forEach(value -> {
                if (!contains(newerEnum, value)) {
                    dropped.add(value.toString());
                }
            });
            if (!dropped.isEmpty()) {
                out.add("enum of " + where(path) + " narrowed: dropped " + dropped);
            }
        }

        private void checkBounds(JsonNode older, JsonNode newer, String path) {
            for (String keyword : LOWER_BOUNDS) {
                checkBound(older, newer, path, keyword, +1);
            }
            for (String keyword : UPPER_BOUNDS) {
                checkBound(older, newer, path, keyword, -1);
            }
        }

        /** {@code direction} +1: a larger newer value is tighter (lower bounds); -1: a smaller one is. */
        private void checkBound(JsonNode older, JsonNode newer, String path, String keyword, int direction) {
            JsonNode n = newer.get(keyword);
            if (n == null || !n.isNumber()) {
                return;
            }
            JsonNode o = older.get(keyword);
            if (o == null || !o.isNumber()) {
                out.add(keyword + " of " + where(path) + " added: " + n);
            } else if (n.decimalValue().compareTo(o.decimalValue()) * direction > 0) {
                out.add(keyword + " of " + where(path) + " tightened from " + o + " to " + n);
            }
        }

        private void checkRequired(JsonNode older, JsonNode newer, String path) {
            Set<String> wasRequired = strings(older.get("required"));
            for (String name : strings(newer.get("required"))) {
                if (!wasRequired.contains(name)) {
                    out.add(path + "/" + name + " is newly required");
                }
            }
        }

        private void checkProperties(JsonNode older, JsonNode newer, String path, Set<String> refsInProgress) {
            JsonNode olderProperties = older.path("properties");
            JsonNode newerProperties = newer.path("properties");
            for (Map.Entry<String, JsonNode> property : olderProperties.properties()) {
                String propertyPath = path + "/" + property.getKey();
                JsonNode counterpart = newerProperties.get(property.getKey());
                if (counterpart == null) {
                    out.add("property " + propertyPath + " removed");
                } else {
                    compare(property.getValue(), counterpart, propertyPath, refsInProgress);
                }
            }
        }

        private void checkAdditionalProperties(JsonNode older, JsonNode newer, String path,
                                               Set<String> refsInProgress) {
            JsonNode n = newer.get("additionalProperties");
            if (n == null || isOpen(n)) {
                return;
            }
            JsonNode o = older.get("additionalProperties");
            if (o == null || isOpen(o)) {
                out.add("additionalProperties of " + where(path) + " closed or restricted where any was accepted");
            } else if (o.isObject() && n.isObject()) {
                compare(o, n, path + "/(additional)", refsInProgress);
            } else if (!o.equals(n)) {
                out.add("additionalProperties of " + where(path) + " restricted from " + o + " to " + n);
            }
        }

        private static boolean isOpen(JsonNode schema) {
            return schema.isBoolean() ? schema.booleanValue() : schema.isObject() && schema.isEmpty();
        }

        private static Set<String> types(JsonNode schema) {
            JsonNode type = schema.get("type");
            if (type == null) {
                return null;
            }
            return type.isArray() ? strings(type) : Set.of(type.asText());
        }

        private static Set<String> strings(JsonNode array) {
            Set<String> values = new LinkedHashSet<>();
            if (array != null) {
                array.forEach(value -> values.add(value.asText()));
            }
            return values;
        }

        /** Enum membership by JSON value, treating 1 and 1.0 as the same number as JSON Schema does. */
        private static boolean contains(JsonNode values, JsonNode value) {
            for (JsonNode candidate : values) {
                if (candidate.equals(value) || candidate.isNumber() && value.isNumber()
                        && candidate.decimalValue().compareTo(value.decimalValue()) == 0) {
                    return true;
                }
            }
            return false;
        }

        private static String where(String path) {
            return path.isEmpty() ? "the document" : path;
        }

        private static String text(JsonNode value) {
            return value == null ? "none" : value.toString();
        }
    }
}
