package io.shipsync.inventory.platform;

/** The shop's stock is being reconciled already: one run at a time per shop. */
public class ReconciliationRunning extends RuntimeException {

    /** @param runId the run in progress; null when it ended the moment it was looked for */
    public ReconciliationRunning(String shopId, Long runId) {
        super(runId == null
                ? "Shop " + shopId + " was being reconciled a moment ago; ask again."
                : "Shop " + shopId + " is being reconciled right now (run " + runId + "); ask again when run " + runId
                        + " has finished.");
    }
}
