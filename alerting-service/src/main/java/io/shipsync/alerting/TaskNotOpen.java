package io.shipsync.alerting;

/** A task already done, or made obsolete by the parcel moving, cannot be done again. */
public class TaskNotOpen extends RuntimeException {

    public TaskNotOpen(LadderTask task) {
        super("Task " + task.id() + " is " + task.state() + " since " + task.closedAt() + " and cannot be done again.");
    }
}
