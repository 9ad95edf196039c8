package io.shipsync.sim;

import java.util.Random;

/**
 * Tracking numbers (运单号) in each carrier's observed format (reference §4): SF {@code SF}+13 digits whose last
 * digit is SF's check digit, YTO {@code YT}+13, ZTO 14 digits from 75/76/78, STO 15 from 77, YUNDA 13 from 43/46,
 * JTSD {@code JT}+13, JD {@code JDV}+letter+11, EMS 13 from 11, DBKD {@code DPK}+12. Carriers §4 does not cover
 * get {@code <delivery_id>}+12 digits, plainly synthetic.
 */
public final class WaybillNumbers {

    private WaybillNumbers() {
    }

    public static String next(String deliveryId, Random random) {
        return switch (deliveryId) {
            case "SF" -> {
                String body = (1 + random.nextInt(3)) + digits(random, 11);
                yield "SF" + body + sfCheckDigit(body + "0");
            }
            case "YTO" -> "YT" + digits(random, 13);
            case "ZTO" -> "7" + "568".charAt(random.nextInt(3)) + digits(random, 12);
            case "STO" -> "77" + digits(random, 13);
            case "YUNDA" -> (random.nextBoolean() ? "43" : "46") + digits(random, 11);
            case "JTSD" -> "JT" + digits(random, 13);
            case "JD" -> "JDV" + (char) ('A' + random.nextInt(26)) + digits(random, 11);
            case "EMS" -> "11" + digits(random, 11);
            case "DBKD" -> "DPK" + digits(random, 12);
            default -> deliveryId + digits(random, 12);
        };
    }

    /** Whether {@code waybillId} is {@code SF} + 13 digits with a correct check digit. */
    public static boolean isValidSf(String waybillId) {
        if (waybillId == null || !waybillId.matches("SF[0-9]{13}")) {
            return false;
        }
        String digits = waybillId.substring(2);
        return sfCheckDigit(digits) == digits.charAt(12) - '0';
    }

    /**
     * SF's check digit over the 13 digits after "SF" (check digit included, ignored): skip the first 3
     * digits (area code) and the last; from the right, weights 1, 3, 5, …; each product adds its tens digit
     * and units digit; the check is (10 − sum mod 10) mod 10.
     */
    static int sfCheckDigit(String digits) {
        String core = digits.substring(3, digits.length() - 1);
        int sum = 0;
        int weight = 1;
        for (int i = core.length() - 1; i >= 0; i--, weight += 2) {
            int product = (core.charAt(i) - '0') * weight;
            sum += product / 10 % 10 + product % 10;
        }
        return (10 - sum % 10) % 10;
    }

    private static String digits(Random random, int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }
}
