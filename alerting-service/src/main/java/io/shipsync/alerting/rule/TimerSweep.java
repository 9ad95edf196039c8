package io.shipsync.alerting.rule;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.shipsync.alerting.Rule;
import io.shipsync.eventing.failure.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Acts on the timers whose time has come by the injected clock: one indexed query finds them, earliest first, and
 * each is handed to its rule in a transaction of its own, so one that fails holds up no other and is tried again at
 * the next sweep. Replicas may sweep at once: a rule claims its timer ({@code FOR UPDATE SKIP LOCKED}) before acting.
 * Timers are rows, so a restart loses none.
 */
@ApplicationScoped
public class TimerSweep {

    private static final Logger LOG = Logger.getLogger(TimerSweep.class);
    private static final int BATCH = 500;

    private final TimerRepository timers;
    private final Map<Rule, TimedRule> rules = new EnumMap<>(Rule.class);
    private final Clock clock;
    private volatile boolean stopping;

    TimerSweep(TimerRepository timers, Instance<TimedRule> timedRules, Clock clock) {
        this.timers = timers;
        timedRules.forEach(rule -> rules.put(rule.rule(), rule));
        this.clock = clock;
    }

    /** The scheduler may fire once more after the database is closed at shutdown: that sweep has nothing to do. */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Scheduled(every = "${shipsync.alerting.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (stopping) {
            return;
        }
        Instant now = clock.instant();
        List<Timer> due;
        int acted;
        do {
            try {
                due = QuarkusTransaction.requiringNew().call(() -> timers.due(now, BATCH));
            } catch (RuntimeException e) {
                LOG.warnf("Could not look for due timers, looking again at the next sweep: %s", Failures.describe(e));
                return;
            }
            acted = 0;
            for (Timer timer : due) {
                acted += act(timer, now) ? 1 : 0;
            }
            // A full batch of which none could be acted on would come back unchanged: leave it to the next sweep.
        } while (due.size() == BATCH && acted > 0);
    }

    private boolean act(Timer timer, Instant now) {
        try {
            QuarkusTransaction.requiringNew().run(() -> rules.get(timer.rule()).due(timer, now));
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("Timer %s %s %s/%s could not be acted on, tried again at the next sweep: %s", timer.shopId(),
                    timer.rule(), timer.subject().id(), timer.key(), Failures.describe(e));
            return false;
        }
    }
}
