package io.shipsync.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** A request body of a WeChat Shop API call, with the platform's strictness about field types. */
record Body(JsonNode json) {

    static final Body EMPTY = new Body(MissingNode.getInstance());

    static Body parse(String raw) {
        if (raw.isBlank()) {
            throw ApiError.dataFormat("empty body");
        }
        try {
            JsonNode json = Json.MAPPER.readTree(raw);
            if (!json.isObject()) {
                throw ApiError.dataFormat("body is not a JSON object");
            }
            return new Body(json);
        } catch (JsonProcessingException e) {
            throw ApiError.dataFormat("invalid json: " + e.getOriginalMessage());
        }
    }

    JsonNode node(String field) {
        return json.path(field);
    }

    /** A string field, or null when absent or not a string. */
    String text(String field) {
        JsonNode node = json.path(field);
        return node.isTextual() ? node.asText() : null;
    }

    /** A required string field; a number is refused, since the platform's ids exceed 2^53. */
    String requireText(String field) {
        String value = text(field);
        if (value == null || value.isEmpty()) {
            throw ApiError.dataFormat(field + " must be a non-empty string");
        }
        return value;
    }

    /** An integral number field, or null when absent or not an integer. */
    Long integer(String field) {
        return integer(json.path(field));
    }

    static Long integer(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong() ? node.asLong() : null;
    }
}
