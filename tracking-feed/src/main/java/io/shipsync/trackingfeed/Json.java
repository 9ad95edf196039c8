package io.shipsync.trackingfeed;

import com.fasterxml.jackson.databind.JsonNode;

/** Field reads that tolerate what the feeds mix up: numbers sent as strings and the other way round. */
final class Json {

    private Json() {
    }

    /** The field as text, numbers and booleans included; null when absent, null or blank. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    /** The field as a boolean: true, "true" or "1". */
    static boolean flag(JsonNode node, String field) {
        String text = text(node, field);
        return "true".equalsIgnoreCase(text) || "1".equals(text);
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
