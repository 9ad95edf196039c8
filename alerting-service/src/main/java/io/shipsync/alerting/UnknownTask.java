package io.shipsync.alerting;

/** The shop has no ladder task with that id. */
public class UnknownTask extends RuntimeException {

    public UnknownTask(String shopId, long taskId) {
        super("Shop " + shopId + " has no task " + taskId + ".");
    }
}
