package io.shipsync.trackingfeed;

import static io.shipsync.events.TrackingState.AT_PICKUP_POINT;
import static io.shipsync.events.TrackingState.CANCELLED;
import static io.shipsync.events.TrackingState.DELIVERED;
import static io.shipsync.events.TrackingState.INFO_RECEIVED;
import static io.shipsync.events.TrackingState.IN_TRANSIT;
import static io.shipsync.events.TrackingState.OUT_FOR_DELIVERY;
import static io.shipsync.events.TrackingState.PICKED_UP;
import static io.shipsync.events.TrackingState.RETURNED;
import static io.shipsync.events.TrackingState.RETURNING;

import java.util.Map;

/**
 * 快递鸟's states normalised: the detailed {@code StateEx} (201 到达派件城市 … 604 清关异常) when it is known, else the
 * basic {@code State} (0 暂无轨迹 … 10 待揽件). The table comes from secondary sources (see the module README).
 */
public final class KdniaoStates {

    private static final Map<String, NormalisedState> STATE = Map.ofEntries(
            Map.entry("0", NormalisedState.of(INFO_RECEIVED)),
            Map.entry("1", NormalisedState.of(PICKED_UP)),
            Map.entry("2", NormalisedState.of(IN_TRANSIT)),
            Map.entry("3", NormalisedState.of(DELIVERED)),
            Map.entry("4", NormalisedState.exception("问题件")),
            Map.entry("5", NormalisedState.of(IN_TRANSIT)),
            Map.entry("6", NormalisedState.of(IN_TRANSIT)),
            Map.entry("10", NormalisedState.of(INFO_RECEIVED)));

    private static final Map<String, NormalisedState> STATE_EX = Map.ofEntries(
            Map.entry("201", NormalisedState.of(IN_TRANSIT)),
            Map.entry("202", NormalisedState.of(OUT_FOR_DELIVERY)),
            Map.entry("204", NormalisedState.of(IN_TRANSIT)),
            Map.entry("205", NormalisedState.of(IN_TRANSIT)),
            Map.entry("206", NormalisedState.of(IN_TRANSIT)),
            Map.entry("211", NormalisedState.of(AT_PICKUP_POINT)),
            Map.entry("301", NormalisedState.of(DELIVERED)),
            Map.entry("302", NormalisedState.of(DELIVERED)),
            Map.entry("304", NormalisedState.of(DELIVERED)),
            Map.entry("311", NormalisedState.of(DELIVERED)),
            Map.entry("401", NormalisedState.exception("发货无信息")),
            Map.entry("402", NormalisedState.exception("超时未签收")),
            Map.entry("403", NormalisedState.exception("超时未更新")),
            // 拒收 sends the parcel back: the exception is the return itself.
            Map.entry("404", NormalisedState.of(RETURNING)),
            Map.entry("405", NormalisedState.exception("派件异常")),
            Map.entry("406", NormalisedState.of(RETURNED)),
            Map.entry("407", NormalisedState.of(RETURNING)),
            Map.entry("412", NormalisedState.exception("快递柜或驿站超时未取")),
            Map.entry("413", NormalisedState.exception("单号已拦截")),
            Map.entry("414", NormalisedState.exception("破损")),
            Map.entry("415", NormalisedState.of(CANCELLED)),
            Map.entry("416", NormalisedState.exception("无法联系")),
            Map.entry("417", NormalisedState.exception("配送延迟")),
            Map.entry("418", NormalisedState.exception("快件取出")),
            Map.entry("419", NormalisedState.exception("重新派送")),
            Map.entry("420", NormalisedState.exception("收货地址不详细")),
            Map.entry("421", NormalisedState.exception("收件人电话错误")),
            Map.entry("422", NormalisedState.exception("错分件")),
            Map.entry("423", NormalisedState.exception("超区件")),
            Map.entry("601", NormalisedState.of(IN_TRANSIT)),
            Map.entry("602", NormalisedState.of(IN_TRANSIT)),
            Map.entry("603", NormalisedState.of(IN_TRANSIT)),
            Map.entry("604", NormalisedState.exception("清关异常")));

    private static final NormalisedState UNKNOWN = NormalisedState.exception("未知状态");

    private KdniaoStates() {
    }

    /**
     * StateEx when it is in the table, else State; else a StateEx that is itself a basic code (a trace's Action may
     * be either); else the basic State its first digit names, as 快递鸟 numbers each StateEx under its State (2xx 在途,
     * 3xx 签收, 4xx 问题件, 6xx 清关, …); else EXCEPTION "未知状态".
     *
     * @param state   the basic State; may be null
     * @param stateEx the detailed StateEx, or a trace's Action; may be null
     */
    public static NormalisedState of(String state, String stateEx) {
        String ex = stateEx == null ? "" : stateEx.trim();
        NormalisedState known = STATE_EX.get(ex);
        if (known == null && state != null) {
            known = STATE.get(state.trim());
        }
        if (known == null) {
            known = STATE.get(ex);
        }
        if (known == null && ex.matches("[2-6]\\d\\d")) {
            known = STATE.get(ex.substring(0, 1));
        }
        return known != null ? known : UNKNOWN;
    }

    /** The code a number's state is read by, for FeedEntry.rawState: StateEx when it is known, else State. */
    static String rawCode(String state, String stateEx) {
        if (stateEx != null && STATE_EX.containsKey(stateEx.trim())) {
            return stateEx.trim();
        }
        if (state != null && !state.isBlank()) {
            return state.trim();
        }
        return stateEx == null || stateEx.isBlank() ? null : stateEx.trim();
    }
}
