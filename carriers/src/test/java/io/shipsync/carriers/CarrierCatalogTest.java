package io.shipsync.carriers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CarrierCatalogTest {

    private final CarrierCatalog catalog = CarrierCatalog.standard();

    @Test
    void listsTheMainstreamCarriersThenOther() {
        assertThat(catalog.all()).extracting(Carrier::deliveryId)
                .containsExactly("SF", "ZTO", "YTO", "YUNDA", "STO", "JTSD", "JD", "EMS", "DBKD", "OTHER");
    }

    @ParameterizedTest
    @CsvSource({
            "SF, shunfeng, 顺丰速运",
            "ZTO, zhongtong, 中通快递",
            "YTO, yuantong, 圆通速递",
            "YUNDA, yunda, 韵达快递",
            "STO, shentong, 申通快递",
            "JTSD, jtexpress, 极兔速递",
            "JD, jd, 京东物流",
            "EMS, ems, 中国邮政 EMS",
            "DBKD, debangkuaidi, 德邦快递"})
    void mapsWeChatIdsToKuaidi100CodesBothWays(String deliveryId, String kuaidi100Code, String chineseName) {
        Carrier carrier = catalog.byDeliveryId(deliveryId).orElseThrow();

        assertThat(carrier.kuaidi100Code()).contains(kuaidi100Code);
        assertThat(carrier.chineseName()).isEqualTo(chineseName);
        assertThat(catalog.byKuaidi100Code(kuaidi100Code)).contains(carrier);
    }

    @Test
    void otherHasNoKuaidi100CodeAndNoFormats() {
        Carrier other = catalog.byDeliveryId("OTHER").orElseThrow();

        assertThat(other.kuaidi100Code()).isEmpty();
        assertThat(other.formats()).isEmpty();
        assertThat(other.formatRule()).isEmpty();
    }

    @Test
    void onlySfNeedsThePhoneForKuaidi100() {
        assertThat(catalog.all()).filteredOn(Carrier::kuaidi100NeedsPhone).extracting(Carrier::deliveryId).containsExactly("SF");
    }

    @Test
    void lookupsAreExact() {
        assertThat(catalog.byDeliveryId("YD")).isEmpty();
        assertThat(catalog.byDeliveryId("sf")).isEmpty();
        assertThat(catalog.byDeliveryId(null)).isEmpty();
        assertThat(catalog.byKuaidi100Code("SHUNFENG")).isEmpty();
        assertThat(catalog.byKuaidi100Code(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "SF, SF1342567604302",
            "SF, 288015637012",
            "ZTO, 78312345678901",
            "ZTO, 75098765432101",
            "ZTO, 768123456789",
            "ZTO, 010987654321",
            "YTO, YT9383342193097",
            "YTO, YT3410779063070",
            "YTO, 801234567890",
            "YTO, D01234567890",
            "YTO, 612345678901234567",
            "YTO, DD123456789",
            "YTO, JY123456789",
            "YUNDA, 4311159956248",
            "YUNDA, 3101234567890",
            "YUNDA, 431115995624812",
            "YUNDA, YD1234567890123",
            "YUNDA, YD123456789012345",
            "STO, 773039762404825",
            "STO, 3312345678901",
            "STO, 268123456789",
            "STO, STO1234567890",
            "JTSD, JT5012345678901",
            "JTSD, 61234567890123",
            "JTSD, 5512345678901234",
            "JD, JDVA46783539436",
            "JD, JD0012345678901",
            "EMS, EA123456785CN",
            "EMS, EA100000140CN",
            "EMS, EA100000025CN",
            "EMS, 1012345678901",
            "EMS, 9812345678901",
            "EMS, 98123456789012",
            "EMS, KA123456789",
            "EMS, PH12345678901",
            "DBKD, DPK123456789012",
            "OTHER, ABC123",
            "OTHER, SF12345678901",
            "OTHER, X1234567890123456789012345678901"})
    void acceptsEachCarriersForms(String deliveryId, String trackingNumber) {
        TrackingNumberCheck check = catalog.check(deliveryId, trackingNumber);

        assertThat(check).isEqualTo(new TrackingNumberCheck.Accepted(catalog.byDeliveryId(deliveryId).orElseThrow(), trackingNumber));
    }

    /** Numbers of the wrong shape are refused with the carrier's list of formats, quoting what was given. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "ZTO   | ZTO123456789012    | ZTO tracking numbers are one of: (1) 14 digits starting with 7 (the current form); (2) 12 digits starting with 010, 100,",
            "ZTO   | 123456789012       | ZTO tracking numbers are one of: (1) 14 digits starting with 7",
            "YTO   | YT123456789012     | YTO tracking numbers are one of: (1) \"YT\" followed by 13 digits (e.g. YT9383342193097)",
            "YUNDA | 5312345678901      | YUNDA tracking numbers are one of: (1) 13 digits starting with 30 to 39, 42, 43 or 46",
            "YUNDA | YD123456789012     | YUNDA tracking numbers are one of:",
            "STO   | STO123456789       | STO tracking numbers are one of: (1) 15 digits starting with 77 (e.g. 773039762404825)",
            "JTSD  | JT123456789012     | JTSD tracking numbers are one of: (1) \"JT\" followed by 13 digits",
            "JD    | JD123456789012345  | JD tracking numbers are \"JD\" followed by 2 letters or digits and 11 digits",
            "EMS   | EA12345678CN       | EMS tracking numbers are one of: (1) the international S10 form",
            "DBKD  | DB1234567890       | DBKD tracking numbers are \"DPK\" followed by digits"})
    void refusesOtherShapesQuotingTheCarriersFormats(String deliveryId, String trackingNumber, String reasonStart) {
        TrackingNumberCheck.Refused refused = (TrackingNumberCheck.Refused) catalog.check(deliveryId, trackingNumber);
        TrackingNumberRule formatRule = catalog.byDeliveryId(deliveryId).orElseThrow().formatRule().orElseThrow();

        assertThat(refused.reason()).startsWith(reasonStart)
                .isEqualTo(formatRule.description() + "; got \"" + trackingNumber + "\"");
        assertThat(refused.failedRule().orElseThrow().description()).isEqualTo(formatRule.description());
    }

    @Test
    void refusesAnS10NumberWithAWrongCheckDigit() {
        TrackingNumberCheck.Refused refused = (TrackingNumberCheck.Refused) catalog.check("EMS", "EA123456784CN");

        assertThat(refused.reason()).isEqualTo("the S10 check digit does not match (expected 5, got 4) in \"EA123456784CN\", "
                + "so a digit is probably mistyped; the 11th character of an S10 number (2 letters, 9 digits, 2 letters) "
                + "is its check digit, computed from the 8 digits before it");
    }

    @Test
    void s10CheckDigitMapsTenToZeroAndElevenToFive() {
        assertThat(TrackingNumberRules.s10CheckDigit("RB123456785US")).isEqualTo(5);
        assertThat(TrackingNumberRules.s10CheckDigit("EA100000140CN")).isZero();
        assertThat(TrackingNumberRules.s10CheckDigit("EA100000025CN")).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "' SF1342567604302'  | '\" SF1342567604302\" (whitespace at position 1)'",
            "'SF1342567604302 '  | '\"SF1342567604302 \" (whitespace at position 16)'",
            "'SF 1342567604302'  | '\"SF 1342567604302\" (whitespace at position 3)'"})
    void whitespaceIsRefusedNotTrimmed(String trackingNumber, String got) {
        TrackingNumberCheck.Refused refused = (TrackingNumberCheck.Refused) catalog.check("SF", trackingNumber);

        assertThat(refused.reason())
                .isEqualTo("tracking numbers contain no spaces or other whitespace (nothing is trimmed); got " + got);
        assertThat(refused.failedRule()).contains(TrackingNumberRules.NO_WHITESPACE);
    }

    @Test
    void invisibleWhitespaceIsSpelledOut() {
        assertThat(reason("SF", "SF1342567604302\t")).endsWith("got \"SF1342567604302\\t\" (whitespace at position 16)");
        assertThat(reason("SF", "SF1342567604302\u3000")).endsWith("got \"SF1342567604302\\u3000\" (whitespace at position 16)");
        assertThat(reason("SF", "\u00A0SF1342567604302")).endsWith("got \"\\u00A0SF1342567604302\" (whitespace at position 1)");
    }

    @Test
    void lengthIsSixToThirtyTwo() {
        assertThat(reason("OTHER", "AB123")).isEqualTo("tracking numbers are 6 to 32 characters long (kuaidi100 limit); got \"AB123\" (5 characters)");
        assertThat(reason("OTHER", "X12345678901234567890123456789012")).endsWith("(33 characters)");
        assertThat(reason("OTHER", "")).endsWith("got \"\" (0 characters)");
        assertThat(reason("OTHER", "A")).endsWith("got \"A\" (1 character)");
        assertThat(reason("SF", null)).isEqualTo("no tracking number given; tracking numbers are 6 to 32 characters long (kuaidi100 limit)");
    }

    @Test
    void otherCharactersAreRefusedNamingTheFirstOne() {
        assertThat(reason("SF", "SF-1342567604302")).isEqualTo(
                "tracking numbers contain only the letters A-Z and the digits 0-9; got \"SF-1342567604302\" (character \"-\" at position 3)");
        assertThat(reason("SF", "ＳＦ1342567604302")).endsWith("(character \"Ｓ\" at position 1)");
    }

    @Test
    void lowercaseIsRefusedForEveryCarrierIncludingOther() {
        TrackingNumberCheck.Refused refused = (TrackingNumberCheck.Refused) catalog.check("OTHER", "abc123456");

        assertThat(refused.reason()).isEqualTo(
                "letters in tracking numbers are uppercase; got \"abc123456\", which has lowercase letters (did you mean \"ABC123456\"?)");
        assertThat(refused.failedRule()).contains(TrackingNumberRules.UPPERCASE);
    }

    @Test
    void unknownCarrierListsTheKnownOnes() {
        TrackingNumberCheck.Refused refused = (TrackingNumberCheck.Refused) catalog.check("YD", "4311159956248");

        assertThat(refused.reason()).isEqualTo(
                "unknown carrier \"YD\"; use one of SF, ZTO, YTO, YUNDA, STO, JTSD, JD, EMS, DBKD, or OTHER for a carrier not listed");
        assertThat(refused.failedRule()).isEmpty();
    }

    @Test
    void unknownCarrierHintsAtTheIntendedId() {
        assertThat(reason("sf", "SF1342567604302")).startsWith(
                "unknown carrier \"sf\" (WeChat delivery ids are uppercase: did you mean \"SF\"?); use one of SF, ZTO,");
        assertThat(reason("jtexpress", "JT5012345678901")).startsWith(
                "unknown carrier \"jtexpress\" (that is the kuaidi100 code of 极兔速递; its WeChat delivery id is \"JTSD\"); use one of");
        assertThat(reason(null, "SF1342567604302")).startsWith("no carrier given; use one of SF,");
    }

    @Test
    void okTellsAcceptedFromRefused() {
        assertThat(catalog.check("SF", "SF1342567604302").ok()).isTrue();
        assertThat(catalog.check("SF", "SF1342567604303").ok()).isFalse();
    }

    private String reason(String deliveryId, String trackingNumber) {
        return ((TrackingNumberCheck.Refused) catalog.check(deliveryId, trackingNumber)).reason();
    }
}
