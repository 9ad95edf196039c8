package io.shipsync.inventory;

/** Settings whose warning levels do not decrease from the first to the third. */
public class InvalidThresholds extends RuntimeException {

    public InvalidThresholds(Thresholds.Levels levels) {
        super("Warning levels must decrease: firstWarning > secondWarning > thirdWarning (got "
                + levels.firstWarning() + ", " + levels.secondWarning() + ", " + levels.thirdWarning() + ").");
    }
}
