package io.shipsync.sim;

/** Argument checks for the scenario API; a failure is the caller's mistake (HTTP 400). */
final class Require {

    private Require() {
    }

    static String text(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    static <T> T present(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    /** Platform order ids are decimal Uint64s: pushes carry them as bare JSON numbers. */
    static String orderId(String value) {
        text(value, "orderId");
        if (!value.matches("[1-9][0-9]{0,19}")) {
            throw new IllegalArgumentException("orderId must be a decimal number (pushes carry it as a JSON number)");
        }
        return value;
    }
}
