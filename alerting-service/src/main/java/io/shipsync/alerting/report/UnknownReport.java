package io.shipsync.alerting.report;

/** The shop has no weekly report with that id. */
public class UnknownReport extends RuntimeException {

    public UnknownReport(String shopId, long reportId) {
        super("Shop " + shopId + " has no weekly report " + reportId + ".");
    }
}
