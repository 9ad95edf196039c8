package io.shipsync.alerting.report;

import io.shipsync.alerting.kpi.Period;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** How the weekly report says things in zh-CN: names of rules, subjects, states and actions; times and figures. */
final class ReportText {

    /** Shown where there is nothing to measure or compare. */
    static final String NONE = "—";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(Period.ZONE);

    // By name, not by enum: a rule added later still shows (by its code) before it gets a Chinese name here.
    private static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("PRINTED_NOT_DECLARED", "打单未发货"),
            Map.entry("DUPLICATE_TRACKING", "自动发货规则冲突"),
            Map.entry("DRIFT_DETECTED", "订单不同步"),
            Map.entry("FRAUD_HOLD", "风控审核"),
            Map.entry("STOCK_LOW", "库存预警"),
            Map.entry("STOCK_FROZEN", "库存冻结"),
            Map.entry("STOCK_SHORTAGE", "缺货"),
            Map.entry("STOCK_DISCREPANCY", "库存未及时更新"),
            Map.entry("CARRIER_ACCOUNT_PROBLEM", "电子面单账号异常"),
            Map.entry("NO_FIRST_SCAN", "物流单号未同步"),
            Map.entry("TRACKING_ANOMALY", "物流轨迹异常"),
            Map.entry("TRACKING_STALLED", "物流停滞"));
    private static final Map<String, String> SUBJECTS = Map.of(
            "ORDER", "订单", "SKU", "库存（SKU@仓库）", "CARRIER_ACCOUNT", "电子面单账号", "TRACKING_NUMBER", "运单号");
    private static final Map<String, String> SEVERITIES = Map.of("CRITICAL", "严重", "WARNING", "警告", "INFO", "提示");
    private static final Map<String, String> STATES = Map.of("OPEN", "未处理", "ACKNOWLEDGED", "已确认", "RESOLVED", "已解决");
    private static final Map<String, String> RESOLUTIONS = Map.of("CONDITION_CLEARED", "条件消除（自动）", "OPERATOR", "人工处理");
    private static final Map<String, String> ACTIONS = Map.of("RAISED", "告警", "REPEATED", "再次出现", "ESCALATED", "升级",
            "ACKNOWLEDGED", "确认", "ASSIGNED", "指派", "RESOLVED", "解决", "SWITCH_CARRIER", "切换备用快递");

    private ReportText() {
    }

    /** 打单未发货 (PRINTED_NOT_DECLARED): the Chinese name for people, the code for searching. */
    static String rule(String rule) {
        String name = RULES.get(rule);
        return name == null ? rule : name + " (" + rule + ")";
    }

    static String subjectType(String type) {
        return SUBJECTS.getOrDefault(type, type);
    }

    static String severity(String severity) {
        return SEVERITIES.getOrDefault(severity, severity);
    }

    static String state(String state) {
        return STATES.getOrDefault(state, state);
    }

    static String resolution(String resolution) {
        return resolution == null ? "" : RESOLUTIONS.getOrDefault(resolution, resolution);
    }

    static String action(String action) {
        return ACTIONS.getOrDefault(action, action);
    }

    /** An instant on China's wall clock (北京时间); empty for none. */
    static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    static String period(Period period) {
        return period.firstDay() + " 至 " + period.lastDay();
    }

    /** A duration in seconds, to the second: 45 秒, 12 分 30 秒, 3 小时 5 分, 2 天 4 小时. */
    static String duration(Double seconds) {
        if (seconds == null) {
            return NONE;
        }
        long s = Math.round(Math.abs(seconds));
        String sign = seconds < 0 && s > 0 ? "-" : "";
        if (s < 60) {
            return sign + s + " 秒";
        }
        if (s < 3600) {
            return sign + s / 60 + " 分 " + s % 60 + " 秒";
        }
        if (s < 86_400) {
            return sign + s / 3600 + " 小时 " + s % 3600 / 60 + " 分";
        }
        return sign + s / 86_400 + " 天 " + s % 86_400 / 3600 + " 小时";
    }

    /** A ratio as a percentage with two decimals: 0.975 → 97.50%. */
    static String percent(Double ratio) {
        return ratio == null ? NONE : String.format(Locale.ROOT, "%.2f%%", ratio * 100);
    }

    // Changes are said in words (增加/减少, 上升/下降, 持平), never with a leading + or -: Excel takes a CSV cell starting
    // with one for a formula, and "-1 天 2 小时" would open as #NAME?.

    static String durationChange(Double now, Double before) {
        if (now == null || before == null) {
            return NONE;
        }
        long change = Math.round(now - before);
        return change == 0 ? "持平" : (change > 0 ? "增加 " : "减少 ") + duration((double) Math.abs(change));
    }

    /** A ratio's change in percentage points (个百分点), to two decimals. */
    static String percentChange(Double now, Double before) {
        if (now == null || before == null) {
            return NONE;
        }
        String points = String.format(Locale.ROOT, "%.2f", Math.abs(now - before) * 100);
        return points.equals("0.00") ? "持平" : (now > before ? "上升 " : "下降 ") + points + " 个百分点";
    }

    static String countChange(long now, long before) {
        return now == before ? "持平" : (now > before ? "增加 " : "减少 ") + Math.abs(now - before);
    }
}
