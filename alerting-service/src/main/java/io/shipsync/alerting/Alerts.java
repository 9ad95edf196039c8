package io.shipsync.alerting;

import io.shipsync.alerting.notify.Notifications;
import io.shipsync.eventing.http.Page;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.events.AlertEscalated;
import io.shipsync.events.AlertRaised;
import io.shipsync.events.AlertResolution;
import io.shipsync.events.AlertResolved;
import io.shipsync.events.AlertSeverity;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The alert lifecycle (告警): rules raise and clear, operators acknowledge, assign and resolve. At most one
 * unresolved alert per (shop, rule, subject); a sighting while it is unresolved counts a repeat. Every step is
 * recorded in {@code alert_actions}, and opening, escalating and resolving are announced (AlertRaised, AlertEscalated,
 * AlertResolved) through the outbox in the same transaction, and opening and escalating are sent to the shop's
 * notification channels ({@link Notifications}).
 */
@ApplicationScoped
public class Alerts {

    private final AlertRepository repository;
    private final RuleBook rules;
    private final Outbox outbox;
    private final Notifications notifications;
    private final Clock clock;

    Alerts(AlertRepository repository, RuleBook rules, Outbox outbox, Notifications notifications, Clock clock) {
        this.repository = repository;
        this.rules = rules;
        this.outbox = outbox;
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * The rule saw its condition anew: opens an alert, or counts a repeat on the unresolved one. Nothing while the rule
     * is off for the shop.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void raise(Observation seen) {
        raise(seen, AlertSeverity.INFO);
    }

    /**
     * As {@link #raise(Observation)}, a new alert at {@code atLeast} when the shop's severity for the rule is lower: for
     * sightings that are urgent whatever the shop set. A repeat keeps the open alert's severity.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void raise(Observation seen, AlertSeverity atLeast) {
        sighted(seen, atLeast);
    }

    /** The alert opened or repeated; empty while the rule is off for the shop. */
    private Optional<Alert> sighted(Observation seen, AlertSeverity atLeast) {
        RuleSettings settings = rules.of(seen.shopId(), seen.rule());
        if (!settings.enabled()) {
            return Optional.empty();
        }
        AlertSeverity severity = settings.severity().compareTo(atLeast) >= 0 ? settings.severity() : atLeast;
        Alert alert = repository.raise(seen, severity);
        // A new alert starts at one sighting; a repeat leaves two or more.
        if (alert.repeats() == 1) {
            opened(alert, seen);
        } else {
            repository.act(alert.id(), AlertAction.Kind.REPEATED, AlertAction.SYSTEM, seen.note(), eventId(seen), seen.at());
        }
        return Optional.of(alert);
    }

    /**
     * The rule finds its condition holding without having seen anything new (e.g. an order's lines arriving after two
     * waybills for it): opens an alert unless one is unresolved, and counts no repeat.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void holds(Observation seen) {
        RuleSettings settings = rules.of(seen.shopId(), seen.rule());
        if (settings.enabled()) {
            repository.openIfNone(seen, settings.severity()).ifPresent(alert -> opened(alert, seen));
        }
    }

    /**
     * The condition of the subject's unresolved alert has reached the next step of its ladder: the alert takes the
     * step's summary and the step is announced (AlertEscalated), once, as the caller advances its ladder in the same
     * transaction. With no unresolved alert (an operator resolved it while the condition held) the step raises a new one.
     *
     * @param step   the step reached, 2 or more (the first step raises)
     * @param action what the step asks for, e.g. {@code SWITCH_CARRIER}
     * @return the alert escalated or raised; empty while the rule is off for the shop
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Alert> escalate(Observation seen, int step, String action) {
        if (!rules.of(seen.shopId(), seen.rule()).enabled()) {
            return Optional.empty();
        }
        Optional<Alert> escalated = repository.escalate(seen);
        if (escalated.isEmpty()) {
            return sighted(seen, AlertSeverity.INFO);
        }
        Alert alert = escalated.get();
        repository.act(alert.id(), AlertAction.Kind.ESCALATED, AlertAction.SYSTEM, seen.note(), eventId(seen), seen.at());
        announce(new AlertEscalated(String.valueOf(alert.id()), alert.rule().name(), alert.subject().type().name(),
                alert.subject().id(), alert.severity(), step, action, seen.at()), seen.shopId(), seen.cause());
        notifications.escalated(alert, step, action);
        return escalated;
    }

    /** The rule's condition cleared: resolves the unresolved alert, if there is one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cleared(Observation cleared) {
        repository.resolveCleared(cleared).ifPresent(alert -> {
            repository.act(alert.id(), AlertAction.Kind.RESOLVED, AlertAction.SYSTEM, cleared.note(), eventId(cleared),
                    alert.resolvedAt());
            announce(resolved(alert), cleared.shopId(), cleared.cause());
        });
    }

    public Page<Alert> find(String shopId, AlertFilter filter, int page, int size) {
        return repository.find(shopId, filter, page, size);
    }

    public AlertHistory history(String shopId, long id) {
        Alert alert = repository.find(shopId, id).orElseThrow(() -> new UnknownAlert(shopId, id));
        return new AlertHistory(alert, repository.actions(id));
    }

    /** An operator is on it. Only an OPEN alert can be acknowledged. */
    @Transactional
    public AlertHistory acknowledge(String shopId, long id, String by, String note) {
        Instant at = clock.instant();
        Alert alert = repository.acknowledge(shopId, id, by, at).orElseThrow(() -> refused(shopId, id, "acknowledged"));
        repository.act(id, AlertAction.Kind.ACKNOWLEDGED, by, note, null, at);
        return history(shopId, alert.id());
    }

    /** Gives an unresolved alert to someone. */
    @Transactional
    public AlertHistory assign(String shopId, long id, String assignee, String by) {
        Alert alert = repository.assign(shopId, id, assignee).orElseThrow(() -> refused(shopId, id, "assigned"));
        repository.act(id, AlertAction.Kind.ASSIGNED, by, assignee, null, clock.instant());
        return history(shopId, alert.id());
    }

    /** An operator resolves an unresolved alert; if its condition still holds, the next sighting raises a new one. */
    @Transactional
    public AlertHistory resolve(String shopId, long id, String by, String note) {
        Instant at = clock.instant();
        Alert alert = repository.resolveByOperator(shopId, id, by, at).orElseThrow(() -> refused(shopId, id, "resolved"));
        repository.act(id, AlertAction.Kind.RESOLVED, by, note, null, at);
        announce(resolved(alert), shopId, null);
        return history(shopId, alert.id());
    }

    private void opened(Alert alert, Observation seen) {
        repository.act(alert.id(), AlertAction.Kind.RAISED, AlertAction.SYSTEM, seen.note(), eventId(seen), seen.at());
        announce(new AlertRaised(String.valueOf(alert.id()), alert.rule().name(), alert.subject().type().name(),
                alert.subject().id(), alert.severity(), alert.summary(), alert.raisedAt()), seen.shopId(), seen.cause());
        notifications.raised(alert);
    }

    private static AlertResolved resolved(Alert alert) {
        return new AlertResolved(String.valueOf(alert.id()), alert.rule().name(), alert.subject().type().name(),
                alert.subject().id(), alert.resolution(),
                alert.resolution() == AlertResolution.OPERATOR ? alert.resolvedBy() : null, alert.repeats(), alert.resolvedAt());
    }

    private void announce(DomainEvent event, String shopId, EventEnvelope cause) {
        if (cause == null) {
            outbox.append(event, shopId);
        } else {
            outbox.append(event, cause);
        }
    }

    private RuntimeException refused(String shopId, long id, String action) {
        return repository.find(shopId, id).<RuntimeException>map(alert -> new AlertNotOpen(alert, action))
                .orElseGet(() -> new UnknownAlert(shopId, id));
    }

    private static UUID eventId(Observation observation) {
        return observation.cause() == null ? null : observation.cause().eventId();
    }
}
