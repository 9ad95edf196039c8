package io.shipsync.events;

/**
 * The receiver's region, coarse on purpose: events never carry a street address, a name or a phone number.
 *
 * @param province province (省), required
 * @param city     city (市), required
 * @param county   county or district (区/县); absent where the platform gives none
 */
public record Region(String province, String city, String county) {

    public Region {
        Checks.id(province, "province");
        Checks.id(city, "city");
        Checks.optionalId(county, "county");
    }
}
