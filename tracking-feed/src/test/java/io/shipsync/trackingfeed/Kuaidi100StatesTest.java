package io.shipsync.trackingfeed;

import static org.assertj.core.api.Assertions.assertThat;

import io.shipsync.events.TrackingState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Kuaidi100StatesTest {

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(nullValues = "null", value = {
            // basic state
            "0, IN_TRANSIT, null",
            "1, PICKED_UP, null",
            "2, EXCEPTION, 疑难",
            "3, DELIVERED, null",
            "4, RETURNED, null",
            "5, OUT_FOR_DELIVERY, null",
            "6, RETURNING, null",
            "7, IN_TRANSIT, null",
            "8, IN_TRANSIT, null",
            "10, IN_TRANSIT, null",
            "11, IN_TRANSIT, null",
            "12, IN_TRANSIT, null",
            "13, EXCEPTION, 清关异常",
            "14, EXCEPTION, 拒签",
            // advanced statusCode (resultv2=4)
            "101, INFO_RECEIVED, null",
            "102, INFO_RECEIVED, null",
            "103, PICKED_UP, null",
            "1001, IN_TRANSIT, null",
            "1002, IN_TRANSIT, null",
            "1003, IN_TRANSIT, null",
            "501, AT_PICKUP_POINT, null",
            "301, DELIVERED, null",
            "302, DELIVERED, null",
            "303, DELIVERED, null",
            "304, DELIVERED, null",
            "401, CANCELLED, null",
            // unknown advanced codes without a basic state: only unambiguous families decide
            "201, EXCEPTION, 疑难",
            "299, EXCEPTION, 疑难",
            "305, DELIVERED, null",
            "1004, IN_TRANSIT, null",
            "104, EXCEPTION, 未知状态",
            "402, EXCEPTION, 未知状态",
            "502, EXCEPTION, 未知状态",
            "9, EXCEPTION, 未知状态",
            "abc, EXCEPTION, 未知状态",
            "null, EXCEPTION, 未知状态"})
    void everyCodeHasItsState(String code, TrackingState state, String reason) {
        NormalisedState normalised = Kuaidi100States.of(code, null);
        assertThat(normalised.state()).isEqualTo(state);
        assertThat(normalised.exceptionReason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} with basic {1} → {2}")
    @CsvSource(nullValues = "null", value = {
            "402, 退签, RETURNED, null",
            "402, 4, RETURNED, null",
            "502, 派件, OUT_FOR_DELIVERY, null",
            "104, 揽收, PICKED_UP, null",
            "205, 疑难, EXCEPTION, 疑难",
            // a known code is not overridden by the basic state
            "501, 派件, AT_PICKUP_POINT, null",
            "401, 退签, CANCELLED, null",
            // an unknown name does not help
            "104, 干线, EXCEPTION, 未知状态"})
    void anUnknownAdvancedCodeFallsBackOnTheBasicState(String code, String basic, TrackingState state, String reason) {
        NormalisedState normalised = Kuaidi100States.of(code, basic);
        assertThat(normalised.state()).isEqualTo(state);
        assertThat(normalised.exceptionReason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource({"在途, 0", "揽收, 1", "疑难, 2", "签收, 3", "退签, 4", "派件, 5", "退回, 6", "转投, 7", "清关, 8",
            "待清关, 10", "清关中, 11", "已清关, 12", "清关异常, 13", "拒签, 14", "0, 0", "14, 14"})
    void basicNamesAndCodesAreRead(String basic, String code) {
        assertThat(Kuaidi100States.basicCode(basic)).isEqualTo(code);
    }
}
