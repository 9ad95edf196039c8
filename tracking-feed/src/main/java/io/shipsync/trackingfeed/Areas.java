package io.shipsync.trackingfeed;

/** Reads the city out of a feed's area text. */
final class Areas {

    private Areas() {
    }

    /**
     * "广东,深圳市,南山区" → "深圳市", "北京,北京市" → "北京市": the second part when there are several; a single part
     * only when it names a city (ends in 市); else null.
     */
    static String city(String area) {
        if (area == null || area.isBlank()) {
            return null;
        }
        String[] parts = area.split("[,，]");
        if (parts.length >= 2) {
            String city = parts[1].trim();
            return city.isEmpty() ? null : city;
        }
        String only = parts[0].trim();
        return only.endsWith("市") ? only : null;
    }
}
