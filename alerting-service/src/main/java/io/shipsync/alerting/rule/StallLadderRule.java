package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alert;
import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.LadderTask;
import io.shipsync.alerting.LadderTaskRepository;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.RuleBook;
import io.shipsync.alerting.RuleSettings;
import io.shipsync.alerting.StallStep;
import io.shipsync.alerting.Subject;
import io.shipsync.alerting.notify.BuyerReminders;
import io.shipsync.alerting.operations.Tracking;
import io.shipsync.alerting.operations.TrackingRepository;
import io.shipsync.eventing.inbox.ReceivedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stall ladder (the seed's SOP): a scanned parcel whose tracking has not moved climbs one {@link StallStep} at
 * each threshold of the shop's ladder, counted from its last movement (its newest checkpoint). One timer row per
 * number holds the step reached and the next step's due time; the sweep fires it, and the step is advanced in the
 * transaction that raises the number's alert (the first step) or escalates it (the later ones), so a restart neither
 * loses nor repeats a step. Movement (a newer checkpoint) resolves the alert and starts the ladder again at step 0; a
 * final status (delivered, returned, cancelled) resolves it and ends the ladder. The first step opens a task to contact
 * the carrier (obsolete once the parcel moves), the second creates the buyer's reminders ({@link BuyerReminders}), the
 * last opens a compensation case. A number without a scan is {@link FirstScanRule}'s business.
 */
@ApplicationScoped
public class StallLadderRule implements TimedRule {

    private final TimerRepository timers;
    private final TrackingRepository tracking;
    private final RuleBook rules;
    private final Alerts alerts;
    private final LadderTaskRepository tasks;
    private final BuyerReminders buyers;

    StallLadderRule(TimerRepository timers, TrackingRepository tracking, RuleBook rules, Alerts alerts,
                    LadderTaskRepository tasks, BuyerReminders buyers) {
        this.timers = timers;
        this.tracking = tracking;
        this.rules = rules;
        this.alerts = alerts;
        this.tasks = tasks;
        this.buyers = buyers;
    }

    @Override
    public Rule rule() {
        return Rule.TRACKING_STALLED;
    }

    /**
     * The number was tracked, {@code before} being its row before this event: a final status ends the ladder, a newer
     * checkpoint (or the first scan becoming known) starts it again.
     */
    public void tracked(ReceivedEvent event, Optional<Tracking> before, Tracking after) {
        String shopId = event.shopId();
        Subject number = Subject.trackingNumber(after.trackingNumber());
        if (after.state().isFinal()) {
            timers.deleteOfSubject(shopId, rule(), number);
            tasks.obsolete(shopId, after.trackingNumber(), LadderTask.Kind.CONTACT_CARRIER, after.lastCheckpointAt(),
                    "tracking ended: " + after.lastMovement());
            alerts.cleared(new Observation(shopId, rule(), number, "tracking ended: " + after.lastMovement(),
                    after.lastCheckpointAt(), event.envelope()));
            return;
        }
        boolean moved = before.map(b -> b.firstScanAt() == null || after.lastCheckpointAt().isAfter(b.lastCheckpointAt()))
                .orElse(true);
        if (after.firstScanAt() == null || !moved) {
            return;
        }
        tasks.obsolete(shopId, after.trackingNumber(), LadderTask.Kind.CONTACT_CARRIER, after.lastCheckpointAt(),
                "tracking moved: " + after.lastMovement());
        RuleSettings settings = rules.of(shopId, rule());
        if (settings.enabled()) {
            timers.restart(Timer.due(shopId, rule(), number, "", after.lastCheckpointAt().plus(settings.ladder().get(0))));
        } else {
            timers.deleteOfSubject(shopId, rule(), number);
        }
        alerts.cleared(new Observation(shopId, rule(), number, "tracking moved: " + after.lastMovement(),
                after.lastCheckpointAt(), event.envelope()));
    }

    /** The next threshold passed without movement: the number's alert reaches the next step, at the threshold's time. */
    @Override
    public void due(Timer timer, Instant now) {
        Optional<Tracking> locked = tracking.lock(timer.shopId(), timer.subject().id());
        if (!timers.claim(timer, now)) {
            return;
        }
        RuleSettings settings = rules.of(timer.shopId(), rule());
        Tracking number = locked.orElse(null);
        if (number == null || number.firstScanAt() == null || number.state().isFinal() || !settings.enabled()) {
            timers.delete(timer);
            return;
        }
        StallStep step = StallStep.number(timer.step() + 1);
        Observation seen = new Observation(timer.shopId(), rule(), timer.subject(), summary(timer, number, step),
                timer.dueAt(), null);
        if (step.number() == 1) {
            alerts.raise(seen);
        } else {
            Optional<Alert> alert = alerts.escalate(seen, step.number(), step.name());
            // The buyer's reminders are created with the step, like its tasks: a crash before commit creates none.
            if (step == StallStep.REMIND_BUYER) {
                alert.ifPresent(a -> buyers.remind(a, number));
            }
        }
        // Work for a person, opened with the step in its transaction: a step run again after a crash opens none twice.
        if (step == StallStep.CONTACT_CARRIER) {
            tasks.open(timer.shopId(), number, LadderTask.Kind.CONTACT_CARRIER, timer.dueAt());
        } else if (step == StallStep.COMPENSATION_CASE) {
            tasks.open(timer.shopId(), number, LadderTask.Kind.COMPENSATION_CASE, timer.dueAt());
        }
        List<Duration> ladder = settings.ladder();
        if (step.number() < ladder.size()) {
            timers.advance(timer, step.number(), number.lastCheckpointAt().plus(ladder.get(step.number())));
        } else {
            timers.fired(timer, step.number());
        }
    }

    private static String summary(Timer timer, Tracking number, StallStep step) {
        long minutes = Duration.between(number.lastCheckpointAt(), timer.dueAt()).toMinutes();
        return "Parcel " + number.trackingNumber() + " (" + number.carrierCode() + ") has not moved for " + minutes
                + " min since " + number.lastMovement() + ": step " + step.number() + ", " + step.todo();
    }
}
