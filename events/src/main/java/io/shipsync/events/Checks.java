package io.shipsync.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Invariants shared by the event records, so a producer cannot build an event its own schema rejects.
 * Times are cut to milliseconds because that is the wire precision: a record then equals its decoded copy.
 */
final class Checks {

    private static final Pattern UINT64 = Pattern.compile("[0-9]{1,20}");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");

    private Checks() {
    }

    static String id(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** An optional id: absent is fine, blank is not (blank would be a half-filled value). */
    static String optionalId(String value, String field) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    /** A platform Uint64 id (e.g. ewaybill_order_id) carried as a decimal string, because it exceeds 2^53. */
    static String uint64(String value, String field) {
        if (value == null || !UINT64.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a Uint64 in decimal, got '" + value + "'");
        }
        return value;
    }

    /**
     * An open-ended code in upper snake case (an alert's rule or subject type): a string rather than an enum, so a
     * new rule needs no new schema version, but still one spelling per code.
     */
    static String code(String value, String field) {
        if (value == null || !CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must match " + CODE + ", got '" + value + "'");
        }
        return value;
    }

    static Instant time(Instant value, String field) {
        return required(value, field).truncatedTo(ChronoUnit.MILLIS);
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static <T> List<T> nonEmpty(List<T> values, String field) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        // Not values.contains(null): immutable lists throw on a null query.
        if (values.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(field + " must not contain null");
        }
        return List.copyOf(values);
    }

    /** An optional list: absent reads as empty, so readers never meet {@code null}. */
    static <T> List<T> optionalList(List<T> values, String field) {
        return values == null || values.isEmpty() ? List.of() : nonEmpty(values, field);
    }

    static long atLeast(long value, long min, String field) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    static int oneOf(int value, String field, int... allowed) {
        for (int a : allowed) {
            if (a == value) {
                return value;
            }
        }
        throw new IllegalArgumentException(field + " has unknown value " + value);
    }
}
