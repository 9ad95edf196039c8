package io.shipsync.carriers;

import static io.shipsync.carriers.TrackingNumberFormat.of;
import static io.shipsync.carriers.TrackingNumberFormat.withCheckDigit;
import static io.shipsync.carriers.TrackingNumberRules.oneOf;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The carriers ShipSync ships with and the tracking-number rules order-service applies before declaring a shipment
 * (发货). The formats and their sources are listed in the module README; no carrier publishes an official format, so
 * the patterns are the ones seen on real numbers and in public rule tables.
 */
public final class CarrierCatalog {

    private static final List<String> ZTO_OLD_PREFIXES = List.of("010", "100", "118", "128", "200", "205", "358", "359",
            "518", "528", "618", "628", "660", "680", "688", "689", "701", "717", "718", "719", "728", "738", "751", "757",
            "761", "762", "763", "765", "768", "778", "779", "805", "828", "852", "880", "988");
    private static final List<String> STO_OLD_PREFIXES = List.of("268", "368", "468", "568", "588", "668", "688", "768",
            "868", "888", "968");
    private static final List<String> POST_PARCEL_PREFIXES = List.of("60", "91", "92", "95", "96", "97", "98", "99");
    private static final List<String> POST_PARCEL_LETTERS = List.of("GA", "KA", "KQ", "PA", "PH", "SA", "XA", "XB");

    private static final CarrierCatalog STANDARD = new CarrierCatalog(List.of(
            new Carrier("SF", Optional.of("shunfeng"), "顺丰速运", true, List.of(
                    withCheckDigit("^SF\\d{13}$", "\"SF\" followed by 13 digits (e.g. SF1342567604302)",
                            TrackingNumberRules.sfCheckDigit()),
                    of("^\\d{12}$", "12 digits without \"SF\" (the legacy form, which has no check digit)"))),
            new Carrier("ZTO", Optional.of("zhongtong"), "中通快递", false, List.of(
                    of("^7\\d{13}$", "14 digits starting with 7 (the current form)"),
                    of("^" + alternatives(ZTO_OLD_PREFIXES) + "\\d{9}$",
                            "12 digits starting with " + oneOf(ZTO_OLD_PREFIXES) + " (the older form)"))),
            new Carrier("YTO", Optional.of("yuantong"), "圆通速递", false, List.of(
                    of("^YT\\d{13}$", "\"YT\" followed by 13 digits (e.g. YT9383342193097)"),
                    of("^(80|81|82|[A-Z]\\d)\\d{10}$", "12 characters: 80, 81, 82 or a letter and a digit, then 10 digits"),
                    of("^[6-8]\\d{17}$", "18 digits starting with 6, 7 or 8"),
                    of("^(DD|JY)\\d{9}$", "\"DD\" or \"JY\" followed by 9 digits"))),
            new Carrier("YUNDA", Optional.of("yunda"), "韵达快递", false, List.of(
                    of("^(3\\d|42|43|46)\\d{11}$", "13 digits starting with 30 to 39, 42, 43 or 46 (e.g. 4311159956248)"),
                    of("^(31|42|43|46)\\d{13}$", "15 digits starting with 31, 42, 43 or 46"),
                    of("^YD(\\d{13}|\\d{15})$", "\"YD\" followed by 13 or 15 digits"))),
            new Carrier("STO", Optional.of("shentong"), "申通快递", false, List.of(
                    of("^77\\d{13}$", "15 digits starting with 77 (e.g. 773039762404825)"),
                    of("^(33|37|66|77)\\d{11}$", "13 digits starting with 33, 37, 66 or 77"),
                    of("^" + alternatives(STO_OLD_PREFIXES) + "\\d{9}$", "12 digits starting with " + oneOf(STO_OLD_PREFIXES)),
                    of("^STO\\d{10}$", "\"STO\" followed by 10 digits"))),
            new Carrier("JTSD", Optional.of("jtexpress"), "极兔速递", false, List.of(
                    of("^JT\\d{13}$", "\"JT\" followed by 13 digits"),
                    of("^6\\d{13}$", "14 digits starting with 6"),
                    of("^(55|56|58|59)\\d{14}$", "16 digits starting with 55, 56, 58 or 59"))),
            new Carrier("JD", Optional.of("jd"), "京东物流", false, List.of(
                    of("^JD[A-Z0-9]{2}\\d{11}$",
                            "\"JD\" followed by 2 letters or digits and 11 digits (e.g. JDVA46783539436 or JD + 13 digits)"))),
            new Carrier("EMS", Optional.of("ems"), "中国邮政 EMS", false, List.of(
                    withCheckDigit("^[A-Z]{2}\\d{9}[A-Z]{2}$",
                            "the international S10 form: 2 letters, 9 digits, 2 letters (e.g. EA123456785CN)",
                            TrackingNumberRules.s10CheckDigit()),
                    of("^(10|11|12)\\d{11}$", "13 digits starting with 10, 11 or 12 (domestic EMS)"),
                    of("^" + alternatives(POST_PARCEL_PREFIXES) + "\\d{11,12}$",
                            "13 or 14 digits starting with " + oneOf(POST_PARCEL_PREFIXES) + " (邮政包裹)"),
                    of("^" + alternatives(POST_PARCEL_LETTERS) + "\\d{9,11}$",
                            oneOf(POST_PARCEL_LETTERS) + " followed by 9 to 11 digits (邮政包裹)"))),
            new Carrier("DBKD", Optional.of("debangkuaidi"), "德邦快递", false, List.of(
                    of("^DPK\\d+$", "\"DPK\" followed by digits (e.g. DPK + 12 digits)"))),
            new Carrier("OTHER", Optional.empty(), "其他快递", false, List.of())));

    /**
     * Carriers whose e-waybills take sub-waybills (子母件, ewaybill {@code order/addsuborder}): 顺丰, 德邦, 京东, 顺心捷达
     * and 韵达快运 — the last two by delivery_id only, as ShipSync does not catalogue them.
     */
    private static final Set<String> SUB_WAYBILL_CARRIERS = Set.of("SF", "DBKD", "JD", "SXJD", "YDKY");

    private final List<Carrier> carriers;
    private final Map<String, Carrier> byDeliveryId;
    private final Map<String, Carrier> byKuaidi100Code;

    private CarrierCatalog(List<Carrier> carriers) {
        this.carriers = List.copyOf(carriers);
        this.byDeliveryId = carriers.stream().collect(Collectors.toUnmodifiableMap(Carrier::deliveryId, Function.identity()));
        this.byKuaidi100Code = carriers.stream().filter(c -> c.kuaidi100Code().isPresent())
                .collect(Collectors.toUnmodifiableMap(c -> c.kuaidi100Code().orElseThrow(), Function.identity()));
    }

    /** The one catalog every service uses. */
    public static CarrierCatalog standard() {
        return STANDARD;
    }

    /** Exact match on the WeChat {@code delivery_id}, which is uppercase ("SF", not "sf"). */
    public Optional<Carrier> byDeliveryId(String deliveryId) {
        return Optional.ofNullable(deliveryId).map(byDeliveryId::get);
    }

    /** Exact match on the kuaidi100 company code, which is lowercase ("shunfeng"). */
    public Optional<Carrier> byKuaidi100Code(String kuaidi100Code) {
        return Optional.ofNullable(kuaidi100Code).map(byKuaidi100Code::get);
    }

    /** Whether one e-waybill of this carrier can carry several parcels (子母件). */
    public boolean takesSubWaybills(String deliveryId) {
        return SUB_WAYBILL_CARRIERS.contains(deliveryId);
    }

    /** All carriers, mainstream ones first and OTHER last. */
    public List<Carrier> all() {
        return carriers;
    }

    /** Whether {@code trackingNumber} may be declared for the carrier with WeChat id {@code deliveryId}. */
    public TrackingNumberCheck check(String deliveryId, String trackingNumber) {
        return byDeliveryId(deliveryId)
                .map(carrier -> carrier.check(trackingNumber))
                .orElseGet(() -> new TrackingNumberCheck.Refused(unknownCarrier(deliveryId), Optional.empty()));
    }

    private String unknownCarrier(String deliveryId) {
        String known = carriers.stream().map(Carrier::deliveryId).filter(id -> !id.equals("OTHER")).collect(Collectors.joining(", "));
        String given = deliveryId == null ? "no carrier given" : "unknown carrier " + TrackingNumberRules.quote(deliveryId);
        return given + hint(deliveryId) + "; use one of " + known + ", or OTHER for a carrier not listed";
    }

    /** Names the likely intended id when the caller sent a lowercase id or a kuaidi100 code. */
    private String hint(String deliveryId) {
        if (deliveryId == null) {
            return "";
        }
        Carrier byCase = byDeliveryId.get(deliveryId.toUpperCase(Locale.ROOT));
        if (byCase != null) {
            return " (WeChat delivery ids are uppercase: did you mean \"" + byCase.deliveryId() + "\"?)";
        }
        return byKuaidi100Code(deliveryId)
                .map(c -> " (that is the kuaidi100 code of " + c.chineseName() + "; its WeChat delivery id is \"" + c.deliveryId() + "\")")
                .orElse("");
    }

    private static String alternatives(List<String> prefixes) {
        return "(" + String.join("|", prefixes) + ")";
    }
}
