package io.shipsync.alerting.report;

import io.shipsync.alerting.Alert;
import io.shipsync.alerting.AlertAction;
import io.shipsync.alerting.kpi.Kpis;
import io.shipsync.alerting.kpi.Kpis.Latency;
import io.shipsync.alerting.kpi.Kpis.RuleAlerts;
import io.shipsync.alerting.kpi.Period;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The weekly exception report (每周异常报告) as it reads, every value already put into words (zh-CN, times in
 * Asia/Shanghai): what the HTML template and the CSV both show, so the two never disagree.
 *
 * @param kpis   this week's KPIs against the previous week's
 * @param alerts every alert of the week: raised in it, or raised before and still unresolved when it began
 */
public record ReportView(String shopId, String week, String previousWeek, String generatedAt, long raised,
                         long carriedOver, long unresolved, List<KpiRow> kpis, List<AlertRow> alerts) {

    /** One KPI this week and the week before, and the change. */
    public record KpiRow(String name, String thisWeek, String previousWeek, String change) {
    }

    /**
     * One alert: what it was about, and how it went.
     *
     * @param carriedOver raised before the week and still unresolved when it began (上周遗留)
     * @param timeline    its actions, oldest first: time, what, who, and the note
     */
    public record AlertRow(long id, String rule, String subjectType, String subject, String severity, String raisedAt,
                           String lastSeenAt, int repeats, boolean carriedOver, String state, String acknowledgedAt,
                           String acknowledgedBy, String assignee, String resolvedAt, String resolution,
                           String resolvedBy, String summary, List<String> timeline) {
    }

    static ReportView of(String shopId, Kpis week, Kpis previous, List<Alert> alerts,
                         Map<Long, List<AlertAction>> actions, Instant generatedAt) {
        List<AlertRow> rows = alerts.stream().map(alert -> row(alert, actions.getOrDefault(alert.id(), List.of()),
                week.period())).toList();
        long carriedOver = rows.stream().filter(AlertRow::carriedOver).count();
        long unresolved = alerts.stream().filter(a -> a.resolvedAt() == null).count();
        return new ReportView(shopId, ReportText.period(week.period()), ReportText.period(previous.period()),
                ReportText.time(generatedAt), week.alerts().raised(), carriedOver, unresolved, kpiRows(week, previous),
                rows);
    }

    private static List<KpiRow> kpiRows(Kpis now, Kpis before) {
        List<KpiRow> rows = new ArrayList<>();
        latency(rows, "付款 → 发货", now.paidToDeclared(), before.paidToDeclared());
        latency(rows, "打单 → 平台确认发货", now.printedToAcknowledged(), before.printedToAcknowledged());
        latency(rows, "发货 → 首次揽收", now.declaredToFirstScan(), before.declaredToFirstScan());
        rows.add(new KpiRow("24 小时内发货率（目标 ≥ " + ReportText.percent(Kpis.SHIPPED_WITHIN_24H_TARGET) + "）",
                share(now.shippedWithin24h().share(), now.shippedWithin24h().within(), now.shippedWithin24h().orders()),
                share(before.shippedWithin24h().share(), before.shippedWithin24h().within(), before.shippedWithin24h().orders()),
                ReportText.percentChange(now.shippedWithin24h().share(), before.shippedWithin24h().share())));
        rows.add(new KpiRow("异常订单率",
                share(now.abnormalOrders().rate(), now.abnormalOrders().abnormal(), now.abnormalOrders().orders()),
                share(before.abnormalOrders().rate(), before.abnormalOrders().abnormal(), before.abnormalOrders().orders()),
                ReportText.percentChange(now.abnormalOrders().rate(), before.abnormalOrders().rate())));
        rows.add(new KpiRow("库存准确率（无平台库存差异的 SKU）",
                accuracy(now.inventoryAccuracy()), accuracy(before.inventoryAccuracy()),
                ReportText.percentChange(now.inventoryAccuracy().accuracy(), before.inventoryAccuracy().accuracy())));
        rows.add(new KpiRow("告警数", String.valueOf(now.alerts().raised()), String.valueOf(before.alerts().raised()),
                ReportText.countChange(now.alerts().raised(), before.alerts().raised())));
        rows.add(new KpiRow("平均确认时长", ReportText.duration(now.alerts().meanSecondsToAcknowledge()),
                ReportText.duration(before.alerts().meanSecondsToAcknowledge()),
                ReportText.durationChange(now.alerts().meanSecondsToAcknowledge(), before.alerts().meanSecondsToAcknowledge())));
        rows.add(new KpiRow("平均解决时长", ReportText.duration(now.alerts().meanSecondsToResolve()),
                ReportText.duration(before.alerts().meanSecondsToResolve()),
                ReportText.durationChange(now.alerts().meanSecondsToResolve(), before.alerts().meanSecondsToResolve())));
        // Every rule that raised in either week, so a rule gone quiet shows its drop.
        Map<String, RuleAlerts> nowByRule = byRule(now);
        Map<String, RuleAlerts> beforeByRule = byRule(before);
        TreeSet<String> rules = new TreeSet<>(nowByRule.keySet());
        rules.addAll(beforeByRule.keySet());
        for (String rule : rules) {
            long n = nowByRule.containsKey(rule) ? nowByRule.get(rule).raised() : 0;
            long b = beforeByRule.containsKey(rule) ? beforeByRule.get(rule).raised() : 0;
            rows.add(new KpiRow("告警数 · " + ReportText.rule(rule), String.valueOf(n), String.valueOf(b),
                    ReportText.countChange(n, b)));
        }
        return List.copyOf(rows);
    }

    private static void latency(List<KpiRow> rows, String name, Latency now, Latency before) {
        rows.add(new KpiRow(name + " P50", ReportText.duration(now.p50Seconds()), ReportText.duration(before.p50Seconds()),
                ReportText.durationChange(now.p50Seconds(), before.p50Seconds())));
        rows.add(new KpiRow(name + " P90", ReportText.duration(now.p90Seconds()), ReportText.duration(before.p90Seconds()),
                ReportText.durationChange(now.p90Seconds(), before.p90Seconds())));
        rows.add(new KpiRow(name + " 样本数", String.valueOf(now.count()), String.valueOf(before.count()),
                ReportText.countChange(now.count(), before.count())));
    }

    private static String share(Double ratio, long part, long whole) {
        return ratio == null ? ReportText.NONE : ReportText.percent(ratio) + "（" + part + "/" + whole + "）";
    }

    private static String accuracy(Kpis.InventoryAccuracy accuracy) {
        return accuracy.accuracy() == null ? ReportText.NONE
                : ReportText.percent(accuracy.accuracy()) + "（" + accuracy.discrepant() + "/" + accuracy.skus() + " 有差异）";
    }

    private static Map<String, RuleAlerts> byRule(Kpis kpis) {
        return kpis.alerts().byRule().stream().collect(Collectors.toMap(RuleAlerts::rule, Function.identity()));
    }

    private static AlertRow row(Alert alert, List<AlertAction> actions, Period week) {
        List<String> timeline = actions.stream().map(action -> ReportText.time(action.at()) + " "
                + ReportText.action(action.kind().name()) + " · " + action.actor()
                + (action.note() == null || action.note().isBlank() ? "" : "：" + action.note())).toList();
        return new AlertRow(alert.id(), ReportText.rule(alert.rule().name()), ReportText.subjectType(alert.subject().type().name()),
                alert.subject().id(), ReportText.severity(alert.severity().name()), ReportText.time(alert.raisedAt()),
                ReportText.time(alert.lastSeenAt()), alert.repeats(), alert.raisedAt().isBefore(week.from()),
                ReportText.state(alert.state().name()), ReportText.time(alert.acknowledgedAt()),
                alert.acknowledgedBy() == null ? "" : alert.acknowledgedBy(), alert.assignee() == null ? "" : alert.assignee(),
                ReportText.time(alert.resolvedAt()),
                ReportText.resolution(alert.resolution() == null ? null : alert.resolution().name()),
                alert.resolvedBy() == null ? "" : alert.resolvedBy(), alert.summary(), timeline);
    }
}
