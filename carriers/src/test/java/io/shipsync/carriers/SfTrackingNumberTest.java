package io.shipsync.carriers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SfTrackingNumberTest {

    private final CarrierCatalog catalog = CarrierCatalog.standard();

    /**
     * Real SF numbers: the 99 distinct ones subscribed in kuaidi100-api/java-demo BaseServiceTest.testSubscribe, and
     * the example of WeChat's delivery/send documentation (SF1342567604302).
     */
    static Stream<String> realSfNumbers() {
        return Stream.of("SF1342567604302",
            "SF2054080343671", "SF2054080343680", "SF2054080346277", "SF2074154248187", "SF2074154248196", "SF2084062704430",
            "SF3232170712064", "SF3232170789893", "SF3232174483598", "SF3232496096005", "SF3232498980986", "SF3232598114664",
            "SF3234073356761", "SF3234080237206", "SF3234120224998", "SF3234120285615", "SF3234120414110", "SF3234120437136",
            "SF3234120453760", "SF3234128969163", "SF3234147919817", "SF3234510206080", "SF3234518946621", "SF3237301501050",
            "SF3237316791330", "SF3237694938724", "SF3237694953409", "SF3237980824303", "SF3237987766891", "SF3238236636706",
            "SF3238249011596", "SF3238268333585", "SF3238268351766", "SF3238268367571", "SF3238615369562", "SF3238631176728",
            "SF3238639264281", "SF3238661496632", "SF3238936322747", "SF3238961355409", "SF3238964610192", "SF3239268530088",
            "SF3239476355586", "SF3239476367126", "SF3239476687643", "SF3281009121397", "SF3281216002224", "SF3281216032027",
            "SF3281216067212", "SF3281216470444", "SF3281216931412", "SF3281216950006", "SF3281453496318", "SF3281455920505",
            "SF3281455963192", "SF3281983496340", "SF3282149259934", "SF3282149858269", "SF3282352414250", "SF3282482124986",
            "SF3284080262528", "SF3284183845835", "SF3284187125250", "SF3284876592534", "SF3286182520665", "SF3286221747423",
            "SF3286250697575", "SF3286251606365", "SF3286559742699", "SF3286590038241", "SF3286678796967", "SF3288207493489",
            "SF3288302781640", "SF3288308170669", "SF3288369416338", "SF3288720504265", "SF3288721155930", "SF3288726483877",
            "SF3288763593578", "SF3288765758082", "SF3288768235528", "SF3288768899318", "SF3288901004900", "SF3288942730992",
            "SF3288995919407", "SF3297600200967", "SF3297600203430", "SF3297600239259", "SF3297600251646", "SF3297600257006",
            "SF3297600273507", "SF3297600285853", "SF3297600292321", "SF3297600897139", "SF3297600898503", "SF3297723964262",
            "SF3297728508511", "SF3297728540612", "SF3297728545402");
    }

    @Test
    void theSampleSetHasOneHundredDistinctNumbers() {
        assertThat(realSfNumbers().distinct()).hasSize(100);
    }

    @ParameterizedTest
    @MethodSource("realSfNumbers")
    void realNumbersPassTheCheckDigit(String number) {
        assertThat(catalog.check("SF", number).ok()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("realSfNumbers")
    void aChangedCheckDigitIsRefusedWithExpectedAndGot(String number) {
        int printed = number.charAt(14) - '0';
        int mistyped = (printed + 1) % 10;
        String mutated = number.substring(0, 14) + mistyped;

        TrackingNumberCheck check = catalog.check("SF", mutated);

        assertThat(check).isInstanceOf(TrackingNumberCheck.Refused.class);
        TrackingNumberCheck.Refused refused = (TrackingNumberCheck.Refused) check;
        assertThat(refused.reason())
                .startsWith("the SF check digit does not match (expected " + printed + ", got " + mistyped + ")")
                .contains("\"" + mutated + "\"")
                .contains(refused.failedRule().orElseThrow().description());
    }

    /** The digit next to the check digit has weight 1, so any change to it moves the check digit. */
    @ParameterizedTest
    @MethodSource("realSfNumbers")
    void aChangedDigitBeforeTheCheckDigitIsRefused(String number) {
        char changed = (char) ('0' + (number.charAt(13) - '0' + 5) % 10);
        String mutated = number.substring(0, 13) + changed + number.charAt(14);

        TrackingNumberCheck check = catalog.check("SF", mutated);

        assertThat(check.ok()).isFalse();
        assertThat(((TrackingNumberCheck.Refused) check).reason()).startsWith("the SF check digit does not match");
    }

    @Test
    void checkDigitAlgorithmMatchesTheWeChatExample() {
        assertThat(TrackingNumberRules.sfCheckDigit("1342567604302")).isEqualTo(2);
    }

    /** The widely copied ^SF[0-9]{11}$ and ^SF\d{12}$ forms are not SF numbers. */
    @ParameterizedTest
    @ValueSource(strings = {"SF12345678901", "SF123456789012", "SF13425676043021"})
    void sfWithOtherThan13DigitsIsRefusedQuotingTheFormats(String number) {
        TrackingNumberCheck.Refused refused = (TrackingNumberCheck.Refused) catalog.check("SF", number);

        assertThat(refused.reason())
                .startsWith("SF tracking numbers are one of: (1) \"SF\" followed by 13 digits (e.g. SF1342567604302); "
                        + "(2) 12 digits without \"SF\"")
                .endsWith("; got \"" + number + "\"");
        assertThat(refused.failedRule().orElseThrow().description()).startsWith("SF tracking numbers are one of:");
    }

    @Test
    void legacyTwelveDigitNumbersAreAcceptedWithoutACheckDigit() {
        assertThat(catalog.check("SF", "288015637012").ok()).isTrue();
        assertThat(catalog.check("SF", "288015637013").ok()).isTrue();
    }

    @Test
    void lowercaseIsRefusedWithTheUppercaseSuggested() {
        TrackingNumberCheck.Refused refused = (TrackingNumberCheck.Refused) catalog.check("SF", "sf1342567604302");

        assertThat(refused.reason()).isEqualTo("letters in tracking numbers are uppercase; got \"sf1342567604302\", "
                + "which has lowercase letters (did you mean \"SF1342567604302\"?)");
        assertThat(refused.failedRule()).contains(TrackingNumberRules.UPPERCASE);
    }
}
