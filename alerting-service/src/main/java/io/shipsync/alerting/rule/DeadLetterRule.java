package io.shipsync.alerting.rule;

import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import io.shipsync.alerting.operations.DeadLetterRepository;
import io.shipsync.alerting.operations.DeadLetterRepository.DeadLetter;
import io.shipsync.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * 死信: a service dead-lettered one of the shop's events (it could never apply it: malformed, or breaking an invariant),
 * so the shop's data in that service is missing what the event said. Each letter is a sighting of the service's alert
 * for the shop, counted once however often the topic is read. Nothing announces a redrive (the owning service's
 * {@code /dead-letters} API does it), so an operator resolves the alert once the letters are redriven or judged.
 */
@ApplicationScoped
public class DeadLetterRule {

    private final DeadLetterRepository letters;
    private final Alerts alerts;

    DeadLetterRule(DeadLetterRepository letters, Alerts alerts) {
        this.letters = letters;
        this.alerts = alerts;
    }

    /** One letter, with its envelope as the alert's cause. */
    @Transactional
    public void deadLettered(DeadLetter letter, EventEnvelope envelope) {
        if (!letters.recordOnce(letter)) {
            return;
        }
        alerts.raise(new Observation(letter.shopId(), Rule.DEAD_LETTERS, Subject.service(letter.service()),
                letter.service() + " dead-lettered " + letter.eventType() + " " + letter.eventId()
                        + (letter.originTopic() == null ? "" : " from " + letter.originTopic()) + ": " + letter.reason()
                        + " (redrive it through " + letter.service() + "'s /dead-letters once fixed)",
                letter.deadAt(), envelope));
    }
}
