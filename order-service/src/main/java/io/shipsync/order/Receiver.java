package io.shipsync.order;

/**
 * The receiver of an order, masked before it is stored: enough for an operator to recognise a parcel
 * (张*, 138****1234, the street's start), never enough to contact or locate the buyer. It never leaves
 * order-service: events carry the region only.
 */
public record Receiver(String name, String phone, String address) {

    public static Receiver masked(String name, String phone, String address) {
        return new Receiver(maskName(name), maskPhone(phone), maskAddress(address));
    }

    static String maskName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        int first = name.codePointAt(0);
        return new String(Character.toChars(first)) + "*".repeat(Math.max(1, name.codePointCount(0, name.length()) - 1));
    }

    static String maskPhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9*]", "");
        if (digits.length() <= 4) {
            return "*".repeat(digits.length());
        }
        String head = digits.length() >= 11 ? digits.substring(0, 3) : "";
        return head + "*".repeat(digits.length() - head.length() - 4) + digits.substring(digits.length() - 4);
    }

    static String maskAddress(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        int keep = Math.min(4, address.codePointCount(0, address.length()) / 2);
        return address.substring(0, address.offsetByCodePoints(0, keep)) + "****";
    }
}
