package io.shipsync.wechat;

/**
 * The buyer's name, phone and address as ShipSync keeps and shows them (张*, 138****1234, the street's start):
 * enough for an operator to recognise a parcel, never enough to contact or locate the buyer. Every service that
 * stores or prints a receiver masks through here.
 */
public final class Masking {

    private Masking() {
    }

    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        int first = name.codePointAt(0);
        return new String(Character.toChars(first)) + "*".repeat(Math.max(1, name.codePointCount(0, name.length()) - 1));
    }

    public static String phone(String phone) {
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

    public static String address(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        int keep = Math.min(4, address.codePointCount(0, address.length()) / 2);
        return address.substring(0, address.offsetByCodePoints(0, keep)) + "****";
    }
}
