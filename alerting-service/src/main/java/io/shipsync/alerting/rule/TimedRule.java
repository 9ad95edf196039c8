package io.shipsync.alerting.rule;

import io.shipsync.alerting.Rule;
import java.time.Instant;

/** A rule that acts when a deadline passes, not only when an event arrives. */
public interface TimedRule {

    Rule rule();

    /**
     * The timer's due time has passed by the clock ({@code now}): act on it, in a transaction of its own. It may have
     * been settled or fired since the sweep found it, so the rule takes it with {@link TimerRepository#claim} first.
     */
    void due(Timer timer, Instant now);
}
