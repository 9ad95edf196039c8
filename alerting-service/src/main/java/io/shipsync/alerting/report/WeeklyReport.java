package io.shipsync.alerting.report;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A stored weekly exception report (每周异常报告) of a shop: its HTML and CSV are fetched by id. A week may have several,
 * each as its data stood when generated; the schedule makes at most one per week.
 *
 * @param weekStart   the week's Monday (Asia/Shanghai); it runs to the Sunday, {@code weekEnd}
 * @param generatedAt by the clock
 * @param generatedBy the operator who asked for it, or {@code system} for the schedule
 * @param alerts      how many alerts it lists
 */
public record WeeklyReport(long id, String shopId, LocalDate weekStart, LocalDate weekEnd, Origin origin,
                           Instant generatedAt, String generatedBy, int alerts) {

    /** Why it was generated. */
    public enum Origin { SCHEDULE, REQUEST }
}
