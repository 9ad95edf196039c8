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
 * kuaidi100's states normalised: the basic {@code state} (0 在途 … 14 拒签) and, with resultv2=4, the advanced
 * {@code statusCode} (101 已下单 … 1003 转递).
 *
 * <p>An advanced code not in the table takes the entry's basic state when the push gave one. Without it, the code's
 * family decides only where it is unambiguous: 2xx is 疑难 (EXCEPTION), 3xx 签收 (DELIVERED, as 301–304 all are),
 * 10xx 在途 (IN_TRANSIT, as 1001–1003 all are). 1xx (已下单 vs 已揽收), 4xx (已销单 vs 退签) and 5xx (派件 vs 投柜)
 * are split, and no other family has a known member; such a code, like any other unknown one, is EXCEPTION
 * "未知状态" so that someone looks at it.
 */
public final class Kuaidi100States {

    /** Named so that an entry's status name (resultv2 sends "在途", not "0") can stand in for its basic code. */
    private static final Map<String, String> BASIC_BY_NAME = Map.ofEntries(
            Map.entry("在途", "0"), Map.entry("揽收", "1"), Map.entry("疑难", "2"), Map.entry("签收", "3"),
            Map.entry("退签", "4"), Map.entry("派件", "5"), Map.entry("退回", "6"), Map.entry("转投", "7"),
            Map.entry("清关", "8"), Map.entry("待清关", "10"), Map.entry("清关中", "11"), Map.entry("已清关", "12"),
            Map.entry("清关异常", "13"), Map.entry("拒签", "14"));

    private static final Map<String, NormalisedState> BASIC = Map.ofEntries(
            Map.entry("0", NormalisedState.of(IN_TRANSIT)),
            Map.entry("1", NormalisedState.of(PICKED_UP)),
            Map.entry("2", NormalisedState.exception("疑难")),
            Map.entry("3", NormalisedState.of(DELIVERED)),
            Map.entry("4", NormalisedState.of(RETURNED)),
            Map.entry("5", NormalisedState.of(OUT_FOR_DELIVERY)),
            Map.entry("6", NormalisedState.of(RETURNING)),
            Map.entry("7", NormalisedState.of(IN_TRANSIT)),
            Map.entry("8", NormalisedState.of(IN_TRANSIT)),
            Map.entry("10", NormalisedState.of(IN_TRANSIT)),
            Map.entry("11", NormalisedState.of(IN_TRANSIT)),
            Map.entry("12", NormalisedState.of(IN_TRANSIT)),
            Map.entry("13", NormalisedState.exception("清关异常")),
            Map.entry("14", NormalisedState.exception("拒签")));

    private static final Map<String, NormalisedState> ADVANCED = Map.ofEntries(
            Map.entry("101", NormalisedState.of(INFO_RECEIVED)),
            Map.entry("102", NormalisedState.of(INFO_RECEIVED)),
            Map.entry("103", NormalisedState.of(PICKED_UP)),
            Map.entry("1001", NormalisedState.of(IN_TRANSIT)),
            Map.entry("1002", NormalisedState.of(IN_TRANSIT)),
            Map.entry("1003", NormalisedState.of(IN_TRANSIT)),
            Map.entry("501", NormalisedState.of(AT_PICKUP_POINT)),
            Map.entry("301", NormalisedState.of(DELIVERED)),
            Map.entry("302", NormalisedState.of(DELIVERED)),
            Map.entry("303", NormalisedState.of(DELIVERED)),
            Map.entry("304", NormalisedState.of(DELIVERED)),
            Map.entry("401", NormalisedState.of(CANCELLED)));

    private static final NormalisedState UNKNOWN = NormalisedState.exception("未知状态");

    private Kuaidi100States() {
    }

    /**
     * @param code  the entry's statusCode, or a basic state
     * @param basic the entry's basic state, as a code ("0") or as resultv2 names it ("在途"); null when not sent
     */
    public static NormalisedState of(String code, String basic) {
        String trimmed = code == null ? "" : code.trim();
        NormalisedState known = BASIC.containsKey(trimmed) ? BASIC.get(trimmed) : ADVANCED.get(trimmed);
        if (known != null) {
            return known;
        }
        String basicCode = basicCode(basic);
        return basicCode != null ? BASIC.get(basicCode) : byFamily(trimmed);
    }

    /** The basic code {@code basic} names: itself when it is a code, the code of its name, else null. */
    static String basicCode(String basic) {
        if (basic == null) {
            return null;
        }
        String trimmed = basic.trim();
        return BASIC.containsKey(trimmed) ? trimmed : BASIC_BY_NAME.get(trimmed);
    }

    private static NormalisedState byFamily(String code) {
        if (!code.matches("\\d+")) {
            return UNKNOWN;
        }
        if (code.length() == 4 && code.startsWith("10")) {
            return NormalisedState.of(IN_TRANSIT);
        }
        if (code.length() != 3) {
            return UNKNOWN;
        }
        switch (code.charAt(0)) {
            case '2':
                return BASIC.get("2");
            case '3':
                return NormalisedState.of(DELIVERED);
            default:
                return UNKNOWN;
        }
    }
}
