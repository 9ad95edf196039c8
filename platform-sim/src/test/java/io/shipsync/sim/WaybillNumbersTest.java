package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WaybillNumbersTest {

    /** Real SF numbers from kuaidi100's public java-demo tests (reference §4). */
    private static final String[] PUBLISHED_SF = {
        "SF1342567604302", "SF3237301501050", "SF2054080346277", "SF3239476687643", "SF3288901004900",
        "SF3284080262528", "SF3286251606365", "SF3237694953409", "SF3234080237206", "SF3238249011596"};

    @Test
    void publishedSfNumbersPassTheCheckDigit() {
        for (String number : PUBLISHED_SF) {
            assertThat(WaybillNumbers.isValidSf(number)).as(number).isTrue();
            String wrong = number.substring(0, 14) + (char) ('0' + (number.charAt(14) - '0' + 1) % 10);
            assertThat(WaybillNumbers.isValidSf(wrong)).as(wrong).isFalse();
        }
    }

    @Test
    void generatedNumbersFollowEachCarriersFormat() {
        Map<String, String> formats = Map.of(
                "SF", "SF[0-9]{13}", "YTO", "YT[0-9]{13}", "ZTO", "7[568][0-9]{12}", "STO", "77[0-9]{13}",
                "YUNDA", "4[36][0-9]{11}", "JTSD", "JT[0-9]{13}", "JD", "JD[A-Z]{2}[0-9]{11}",
                "EMS", "11[0-9]{11}", "DBKD", "DPK[0-9]{12}", "ZJS", "ZJS[0-9]{12}");
        Random random = new Random(7);
        formats.forEach((carrier, format) -> {
            for (int i = 0; i < 200; i++) {
                assertThat(WaybillNumbers.next(carrier, random)).matches(format);
            }
        });
        for (int i = 0; i < 1000; i++) {
            assertThat(WaybillNumbers.isValidSf(WaybillNumbers.next("SF", random))).isTrue();
        }
    }
}
