package io.shipsync.alerting;

/** Settings a rule cannot run with, e.g. a window for a rule that has none. */
public class InvalidRuleSettings extends RuntimeException {

    public InvalidRuleSettings(Rule rule, String why) {
        super("Rule " + rule + ": " + why);
    }
}
