package io.shipsync.logistics;

import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.events.TrackingAnomalyKind;
import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingUpdated;
import io.shipsync.trackingfeed.FeedPush;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies what the feed says about a number (a push, or a realtime query's answer) to one shop's watch: the history
 * merged once ({@link TrackingHistory}), the status from its newest entry, the feed's findings
 * ({@link FeedQuality}), carrier corrections, and the end of the watch. {@link TrackingUpdated} is announced only when
 * the history gained an entry, so the same push twice, or an older one after a newer, announces nothing.
 */
@ApplicationScoped
public class TrackingUpdates {

    private final TrackingRepository repository;
    private final TrackingFindings findings;
    private final Outbox outbox;

    TrackingUpdates(TrackingRepository repository, TrackingFindings findings, Outbox outbox) {
        this.repository = repository;
        this.findings = findings;
        this.outbox = outbox;
    }

    /**
     * @param pushed whether the feed pushed it (else a realtime query answered it): only a push shows the feed watches
     * @return whether the history gained an entry
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean apply(String shopId, FeedPush push, Instant receivedAt, boolean pushed) {
        TrackingWatch watch = repository.lock(shopId, push.trackingNumber()).orElse(null);
        if (watch == null || watch.state() == TrackingWatch.State.MOVED) {
            return false;
        }
        if (push.correction().isPresent() && !push.correction().get().toDeliveryId().equals(watch.carrierCode())) {
            // autoCheck: the feed found the number is another carrier's; we follow it, the declaration is order-service's.
            String corrected = push.correction().get().toDeliveryId();
            repository.carrierCorrected(shopId, watch.trackingNumber(), corrected, receivedAt);
            watch = repository.find(shopId, watch.trackingNumber()).orElseThrow();
        }
        List<TrackingCheckpoint> stored = repository.checkpoints(shopId, watch.trackingNumber());
        TrackingHistory.Merge merge = TrackingHistory.merge(stored, push.entries());
        Set<TrackingCheckpoint> held = new HashSet<>(stored);
        repository.saveCheckpoints(shopId, watch.trackingNumber(), merge.history().stream().filter(c -> !held.contains(c)).toList());
        TrackingCheckpoint newest = merge.newest().orElse(null);
        repository.pushed(shopId, watch.trackingNumber(), newest, pushed ? receivedAt : null, receivedAt);
        if (watch.state() == TrackingWatch.State.SUBSCRIBING || watch.state() == TrackingWatch.State.REFUSED) {
            repository.subscribed(shopId, watch.trackingNumber(), receivedAt);
        }
        for (FeedQuality.Finding finding : FeedQuality.inspect(push.entries(), merge, watch.destinationCity(), receivedAt)) {
            findings.found(watch, finding.kind(), (finding.checkpointAt() == null ? "-" : finding.checkpointAt().toString())
                    + " " + finding.finding(), finding.finding(), finding.checkpointAt(), receivedAt);
        }
        ended(watch, push, receivedAt);
        if (merge.added().isEmpty()) {
            return false;
        }
        List<TrackingCheckpoint> added = merge.added();
        outbox.append(new TrackingUpdated(watch.trackingNumber(), watch.carrierCode(), watch.orderId(), newest.state(),
                newest.carrierState(), newest.at(), newest.location(), newest.description(), added,
                newest.exceptionReason()), shopId);
        return true;
    }

    private void ended(TrackingWatch watch, FeedPush push, Instant at) {
        if (push.status() == FeedPush.PushStatus.SHUTDOWN) {
            repository.setState(watch.shopId(), watch.trackingNumber(), TrackingWatch.State.ENDED, push.message(), at);
        } else if (push.status() == FeedPush.PushStatus.ABORT) {
            repository.setState(watch.shopId(), watch.trackingNumber(), TrackingWatch.State.ABORTED, push.message(), at);
            findings.found(watch, TrackingAnomalyKind.WATCH_ABORTED, "abort",
                    "the feed stopped watching " + watch.carrierCode() + " " + watch.trackingNumber() + ": " + push.message(),
                    null, at);
        }
    }
}
