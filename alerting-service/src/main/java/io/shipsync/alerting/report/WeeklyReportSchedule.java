package io.shipsync.alerting.report;

import io.quarkus.scheduler.Scheduled;
import io.shipsync.alerting.kpi.Period;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Generates last week's reports on {@code shipsync.alerting.report-cron} (default Monday 03:30), read on China's wall
 * clock: the week is over there, and late events of Sunday evening have had the night to arrive.
 */
@ApplicationScoped
class WeeklyReportSchedule {

    private final WeeklyReports reports;
    private final Clock clock;

    WeeklyReportSchedule(WeeklyReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    @Scheduled(identity = "weekly-reports", cron = "${shipsync.alerting.report-cron}", timeZone = Period.ZONE_ID,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void lastWeek() {
        reports.generateWeekBefore(clock.instant());
    }
}
