package io.shipsync.carriers;

import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/** The rules every carrier shares, and the building blocks of the per-carrier rules. */
public final class TrackingNumberRules {

    /** kuaidi100 accepts tracking numbers of 6 to 32 characters. */
    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 32;

    /** Nothing is trimmed: a stray space usually means a copy-paste went wrong, so the operator looks again. */
    public static final TrackingNumberRule NO_WHITESPACE = new TrackingNumberRule() {
        @Override
        public String description() {
            return "tracking numbers contain no spaces or other whitespace (nothing is trimmed)";
        }

        @Override
        public boolean matches(String trackingNumber) {
            return firstIndex(trackingNumber, TrackingNumberRules::isWhitespace) < 0;
        }

        @Override
        public String refusal(String trackingNumber) {
            return TrackingNumberRule.super.refusal(trackingNumber) + " (whitespace at position "
                    + (firstIndex(trackingNumber, TrackingNumberRules::isWhitespace) + 1) + ")";
        }
    };

    public static final TrackingNumberRule LENGTH = new TrackingNumberRule() {
        @Override
        public String description() {
            return "tracking numbers are " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long (kuaidi100 limit)";
        }

        @Override
        public boolean matches(String trackingNumber) {
            return trackingNumber.length() >= MIN_LENGTH && trackingNumber.length() <= MAX_LENGTH;
        }

        @Override
        public String refusal(String trackingNumber) {
            int length = trackingNumber.length();
            return TrackingNumberRule.super.refusal(trackingNumber) + " (" + length + (length == 1 ? " character)" : " characters)");
        }
    };

    /** Checked before the character set so a lowercase number gets its own, fixable, reason. */
    public static final TrackingNumberRule UPPERCASE = new TrackingNumberRule() {
        @Override
        public String description() {
            return "letters in tracking numbers are uppercase";
        }

        @Override
        public boolean matches(String trackingNumber) {
            return firstIndex(trackingNumber, c -> c >= 'a' && c <= 'z') < 0;
        }

        @Override
        public String refusal(String trackingNumber) {
            return description() + "; got " + quote(trackingNumber) + ", which has lowercase letters (did you mean "
                    + quote(trackingNumber.toUpperCase(Locale.ROOT)) + "?)";
        }
    };

    public static final TrackingNumberRule CHARSET = new TrackingNumberRule() {
        @Override
        public String description() {
            return "tracking numbers contain only the letters A-Z and the digits 0-9";
        }

        @Override
        public boolean matches(String trackingNumber) {
            return firstIndex(trackingNumber, c -> !isUpperAlphanumeric(c)) < 0;
        }

        @Override
        public String refusal(String trackingNumber) {
            int at = firstIndex(trackingNumber, c -> !isUpperAlphanumeric(c));
            return TrackingNumberRule.super.refusal(trackingNumber) + " (character "
                    + quote(new String(Character.toChars(trackingNumber.codePointAt(at)))) + " at position " + (at + 1) + ")";
        }
    };

    /** Checked for every carrier, in this order, before the carrier's own formats. */
    public static final List<TrackingNumberRule> GENERIC = List.of(NO_WHITESPACE, LENGTH, UPPERCASE, CHARSET);

    private static final int[] S10_WEIGHTS = {8, 6, 4, 2, 3, 5, 9, 7};

    private TrackingNumberRules() {
    }

    /** A rule that holds when the whole number matches {@code regex}. */
    static TrackingNumberRule pattern(String regex, String description) {
        return new PatternRule(Pattern.compile(regex), description);
    }

    /** A rule that holds when any of {@code rules} holds; its description is the caller's sentence. */
    static TrackingNumberRule anyOf(String description, List<TrackingNumberRule> rules) {
        List<TrackingNumberRule> alternatives = List.copyOf(rules);
        return new TrackingNumberRule() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public boolean matches(String trackingNumber) {
                return alternatives.stream().anyMatch(rule -> rule.matches(trackingNumber));
            }
        };
    }

    /**
     * SF Express check digit over "SF" + 13 digits. Source: a public checksums.ts (see README); it holds for all
     * distinct SF numbers in kuaidi100's java-demo tests.
     */
    static TrackingNumberRule sfCheckDigit() {
        return new CheckDigitRule("SF", Pattern.compile("^SF\\d{13}$"),
                "the last of the 13 digits after \"SF\" is a check digit, computed from the 4th to 12th of those digits",
                number -> sfCheckDigit(number.substring(2)), number -> number.length() - 1);
    }

    /** UPU S10 check digit of an international postal item number such as EA123456785CN. */
    static TrackingNumberRule s10CheckDigit() {
        return new CheckDigitRule("S10", Pattern.compile("^[A-Z]{2}\\d{9}[A-Z]{2}$"),
                "the 11th character of an S10 number (2 letters, 9 digits, 2 letters) is its check digit, computed from the 8 digits before it",
                TrackingNumberRules::s10CheckDigit, number -> 10);
    }

    /**
     * {@code digits}: the 13 digits after "SF", check digit last. The 3-digit area code and the check digit are
     * skipped; the rest is weighted 1, 3, 5, … from the right, and each product adds its tens and units digits.
     */
    static int sfCheckDigit(String digits) {
        int sum = 0;
        int weight = 1;
        for (int i = digits.length() - 2; i >= 3; i--, weight += 2) {
            int product = (digits.charAt(i) - '0') * weight;
            sum += product / 10 % 10 + product % 10;
        }
        return (10 - sum % 10) % 10;
    }

    /** {@code number}: a whole S10 number; weights 8,6,4,2,3,5,9,7 over its 8 serial digits, 11 - sum % 11, 10→0, 11→5. */
    static int s10CheckDigit(String number) {
        int sum = 0;
        for (int i = 0; i < S10_WEIGHTS.length; i++) {
            sum += (number.charAt(2 + i) - '0') * S10_WEIGHTS[i];
        }
        int check = 11 - sum % 11;
        return check == 10 ? 0 : check == 11 ? 5 : check;
    }

    /** The number in double quotes, with invisible characters spelled out so the operator can see them. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\t' -> quoted.append("\\t");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '"' -> quoted.append("\\\"");
                default -> {
                    if (c != ' ' && (isWhitespace(c) || Character.isISOControl(c))) {
                        quoted.append(String.format("\\u%04X", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }

    /** "a, b or c", for the prefix lists in rule descriptions. */
    static String oneOf(List<String> items) {
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }

    /** Covers the full-width space (U+3000) and no-break spaces that come with text copied from web pages. */
    private static boolean isWhitespace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isUpperAlphanumeric(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static int firstIndex(String text, IntPredicate test) {
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            if (test.test(text.codePointAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private record PatternRule(Pattern pattern, String description) implements TrackingNumberRule {
        @Override
        public boolean matches(String trackingNumber) {
            return pattern.matcher(trackingNumber).matches();
        }
    }

    /** Holds when the number has {@code shape} and the digit at {@code position} equals the computed one. */
    private record CheckDigitRule(String name, Pattern shape, String description, ToIntFunction<String> expected,
                                  ToIntFunction<String> position) implements TrackingNumberRule {
        @Override
        public boolean matches(String trackingNumber) {
            return shape.matcher(trackingNumber).matches() && expected.applyAsInt(trackingNumber) == actual(trackingNumber);
        }

        @Override
        public String refusal(String trackingNumber) {
            if (!shape.matcher(trackingNumber).matches()) {
                return TrackingNumberRule.super.refusal(trackingNumber);
            }
            return "the " + name + " check digit does not match (expected " + expected.applyAsInt(trackingNumber) + ", got "
                    + actual(trackingNumber) + ") in " + quote(trackingNumber) + ", so a digit is probably mistyped; " + description;
        }

        private int actual(String trackingNumber) {
            return trackingNumber.charAt(position.applyAsInt(trackingNumber)) - '0';
        }
    }
}
