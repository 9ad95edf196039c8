package io.shipsync.alerting.report;

import io.shipsync.alerting.report.ReportView.AlertRow;
import io.shipsync.alerting.report.ReportView.KpiRow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The weekly report as CSV (RFC 4180) that Excel opens as it is: UTF-8 with a byte order mark (without it Excel reads
 * a CSV in the system's ANSI code page, GBK on a Chinese Windows, and garbles the text), CRLF between records, a field
 * quoted when it holds a comma, quote, CR or LF, its quotes doubled. Two tables one under the other, the KPIs and then
 * the alerts, each with its header row, with an empty row between; every row has the same number of fields.
 */
final class ReportCsv {

    static final String BOM = "\uFEFF";
    static final List<String> ALERT_HEADER = List.of("告警编号", "规则", "对象类型", "对象", "级别", "告警时间", "最近出现",
            "出现次数", "上周遗留", "状态", "确认时间", "确认人", "指派给", "解决时间", "处理结果", "解决人", "摘要", "处理时间线");
    private static final int WIDTH = ALERT_HEADER.size();

    private ReportCsv() {
    }

    static byte[] write(ReportView report) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("指标", "本周（" + report.week() + "）", "上周（" + report.previousWeek() + "）", "变化"));
        for (KpiRow kpi : report.kpis()) {
            rows.add(List.of(kpi.name(), kpi.thisWeek(), kpi.previousWeek(), kpi.change()));
        }
        rows.add(List.of());
        rows.add(ALERT_HEADER);
        for (AlertRow alert : report.alerts()) {
            rows.add(List.of(String.valueOf(alert.id()), alert.rule(), alert.subjectType(), text(alert.subject()),
                    alert.severity(), alert.raisedAt(), alert.lastSeenAt(), String.valueOf(alert.repeats()),
                    alert.carriedOver() ? "是" : "否", alert.state(), alert.acknowledgedAt(), text(alert.acknowledgedBy()),
                    text(alert.assignee()), alert.resolvedAt(), alert.resolution(), text(alert.resolvedBy()),
                    text(alert.summary()), text(String.join("\n", alert.timeline()))));
        }
        StringBuilder csv = new StringBuilder(BOM);
        for (List<String> row : rows) {
            List<String> fields = new ArrayList<>(row);
            fields.addAll(Collections.nCopies(WIDTH - row.size(), ""));
            for (int i = 0; i < fields.size(); i++) {
                csv.append(i == 0 ? "" : ",").append(field(fields.get(i)));
            }
            csv.append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /**
     * Text that came from outside (summaries, notes, ids, names): one starting with = + - @ or a tab would be taken by
     * Excel for a formula (CSV injection), so it is kept text by a leading apostrophe.
     */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
