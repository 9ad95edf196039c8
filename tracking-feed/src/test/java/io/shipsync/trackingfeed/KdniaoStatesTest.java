package io.shipsync.trackingfeed;

import static org.assertj.core.api.Assertions.assertThat;

import io.shipsync.events.TrackingState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KdniaoStatesTest {

    @ParameterizedTest(name = "State {0} → {1} {2}")
    @CsvSource(nullValues = "null", value = {
            "0, INFO_RECEIVED, null",
            "1, PICKED_UP, null",
            "2, IN_TRANSIT, null",
            "3, DELIVERED, null",
            "4, EXCEPTION, 问题件",
            "5, IN_TRANSIT, null",
            "6, IN_TRANSIT, null",
            "10, INFO_RECEIVED, null",
            "9, EXCEPTION, 未知状态",
            "null, EXCEPTION, 未知状态"})
    void everyStateHasItsState(String state, TrackingState expected, String reason) {
        NormalisedState normalised = KdniaoStates.of(state, null);
        assertThat(normalised.state()).isEqualTo(expected);
        assertThat(normalised.exceptionReason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "StateEx {0} → {1} {2}")
    @CsvSource(nullValues = "null", value = {
            "201, IN_TRANSIT, null",
            "202, OUT_FOR_DELIVERY, null",
            "204, IN_TRANSIT, null",
            "205, IN_TRANSIT, null",
            "206, IN_TRANSIT, null",
            "211, AT_PICKUP_POINT, null",
            "301, DELIVERED, null",
            "302, DELIVERED, null",
            "304, DELIVERED, null",
            "311, DELIVERED, null",
            "401, EXCEPTION, 发货无信息",
            "402, EXCEPTION, 超时未签收",
            "403, EXCEPTION, 超时未更新",
            "404, RETURNING, null",
            "405, EXCEPTION, 派件异常",
            "406, RETURNED, null",
            "407, RETURNING, null",
            "412, EXCEPTION, 快递柜或驿站超时未取",
            "413, EXCEPTION, 单号已拦截",
            "414, EXCEPTION, 破损",
            "415, CANCELLED, null",
            "416, EXCEPTION, 无法联系",
            "417, EXCEPTION, 配送延迟",
            "418, EXCEPTION, 快件取出",
            "419, EXCEPTION, 重新派送",
            "420, EXCEPTION, 收货地址不详细",
            "421, EXCEPTION, 收件人电话错误",
            "422, EXCEPTION, 错分件",
            "423, EXCEPTION, 超区件",
            "601, IN_TRANSIT, null",
            "602, IN_TRANSIT, null",
            "603, IN_TRANSIT, null",
            "604, EXCEPTION, 清关异常"})
    void everyStateExHasItsStateWhateverTheState(String stateEx, TrackingState expected, String reason) {
        for (String state : new String[] {null, "2", "4"}) {
            NormalisedState normalised = KdniaoStates.of(state, stateEx);
            assertThat(normalised.state()).isEqualTo(expected);
            assertThat(normalised.exceptionReason()).isEqualTo(reason);
        }
    }

    @ParameterizedTest(name = "State {0}, StateEx {1} → {2} {3}")
    @CsvSource(nullValues = "null", value = {
            // an unknown StateEx: the State when sent, else the State its first digit names
            "3, 399, DELIVERED, null",
            "null, 203, IN_TRANSIT, null",
            "null, 399, DELIVERED, null",
            "null, 499, EXCEPTION, 问题件",
            "null, 605, IN_TRANSIT, null",
            "null, 799, EXCEPTION, 未知状态",
            // a trace's Action may be a basic State
            "null, 1, PICKED_UP, null",
            "null, 10, INFO_RECEIVED, null"})
    void anUnknownStateExFallsBack(String state, String stateEx, TrackingState expected, String reason) {
        NormalisedState normalised = KdniaoStates.of(state, stateEx);
        assertThat(normalised.state()).isEqualTo(expected);
        assertThat(normalised.exceptionReason()).isEqualTo(reason);
    }
}
