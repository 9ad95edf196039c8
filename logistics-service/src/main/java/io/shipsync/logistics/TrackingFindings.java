package io.shipsync.logistics;

import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.events.TrackingAnomaly;
import io.shipsync.events.TrackingAnomalyKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Findings about a number's tracking (物流轨迹异常): each recorded once and announced once as {@link TrackingAnomaly}. */
@ApplicationScoped
public class TrackingFindings {

    private final TrackingRepository repository;
    private final Outbox outbox;

    TrackingFindings(TrackingRepository repository, Outbox outbox) {
        this.repository = repository;
        this.outbox = outbox;
    }

    /**
     * @param subject what within the number the finding is about; a second finding of the same kind and subject is
     *                the same finding and is dropped
     * @return whether it was new
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean found(TrackingWatch watch, TrackingAnomalyKind kind, String subject, String finding, Instant checkpointAt,
                         Instant at) {
        if (!repository.addFinding(watch.shopId(), watch.trackingNumber(), kind, subject, checkpointAt, finding, at)) {
            return false;
        }
        outbox.append(new TrackingAnomaly(watch.trackingNumber(), watch.carrierCode(), watch.orderId(), kind, finding,
                checkpointAt), watch.shopId());
        return true;
    }
}
