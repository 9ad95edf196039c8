package io.shipsync.alerting.operations;

import io.shipsync.events.TrackingAnomaly;
import io.shipsync.events.TrackingAnomalyKind;
import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingState;
import io.shipsync.events.TrackingUpdated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.Session;

/**
 * The tracking family of the read model: {@code ops_tracking}, each tracking number's newest checkpoint and its first
 * scan (揽收), and {@code ops_tracking_anomalies}, what logistics-service found wrong with its feed. Carriers report
 * checkpoints late and out of order, so the newest is the one with the latest checkpoint time, not the last to arrive.
 */
@ApplicationScoped
public class TrackingRepository {

    private static final String COLUMNS = """
            tracking_number, carrier_code, order_id, state, first_scan_at, last_checkpoint_at, location""";

    private final Session session;

    TrackingRepository(Session session) {
        this.session = session;
    }

    public Optional<Tracking> find(String shopId, String trackingNumber) {
        return session.createNativeQuery("SELECT " + COLUMNS
                        + " FROM ops_tracking WHERE shop_id = ?1 AND tracking_number = ?2", Tuple.class)
                .setParameter(1, shopId).setParameter(2, trackingNumber)
                .getResultList().stream().findFirst().map(TrackingRepository::tracking);
    }

    /**
     * The number's row, locked for the caller's transaction: what a sweep takes before its timer, in the order the
     * tracking consumer takes them (its projection writes the row first).
     */
    public Optional<Tracking> lock(String shopId, String trackingNumber) {
        return session.createNativeQuery("SELECT " + COLUMNS
                        + " FROM ops_tracking WHERE shop_id = ?1 AND tracking_number = ?2 FOR UPDATE", Tuple.class)
                .setParameter(1, shopId).setParameter(2, trackingNumber)
                .getResultList().stream().findFirst().map(TrackingRepository::tracking);
    }

    /**
     * A push brought new checkpoints (TrackingUpdated v2, or v1 read as it): the status is the newest checkpoint's
     * unless an earlier push brought a newer one; the first scan is the earliest scanned checkpoint ever seen.
     */
    public void updated(String shopId, TrackingUpdated update) {
        Instant firstScan = update.checkpoints().stream().filter(c -> c.state().isScanned())
                .map(TrackingCheckpoint::at).min(Instant::compareTo).orElse(null);
        session.createNativeQuery("""
                INSERT INTO ops_tracking (shop_id, tracking_number, carrier_code, order_id, state, carrier_state, first_scan_at,
                                          last_checkpoint_at, location, description, exception_reason)
                VALUES (?1, ?2, ?3, CAST(?4 AS varchar), ?5, ?6, CAST(?7 AS timestamptz), ?8, CAST(?9 AS varchar), ?10,
                        CAST(?11 AS text))
                ON CONFLICT (shop_id, tracking_number) DO UPDATE SET
                  order_id = coalesce(EXCLUDED.order_id, ops_tracking.order_id),
                  first_scan_at = least(ops_tracking.first_scan_at, EXCLUDED.first_scan_at),
                  state = CASE WHEN EXCLUDED.last_checkpoint_at >= ops_tracking.last_checkpoint_at
                               THEN EXCLUDED.state ELSE ops_tracking.state END,
                  carrier_state = CASE WHEN EXCLUDED.last_checkpoint_at >= ops_tracking.last_checkpoint_at
                                       THEN EXCLUDED.carrier_state ELSE ops_tracking.carrier_state END,
                  location = CASE WHEN EXCLUDED.last_checkpoint_at >= ops_tracking.last_checkpoint_at
                                  THEN EXCLUDED.location ELSE ops_tracking.location END,
                  description = CASE WHEN EXCLUDED.last_checkpoint_at >= ops_tracking.last_checkpoint_at
                                     THEN EXCLUDED.description ELSE ops_tracking.description END,
                  exception_reason = CASE WHEN EXCLUDED.last_checkpoint_at >= ops_tracking.last_checkpoint_at
                                          THEN EXCLUDED.exception_reason ELSE ops_tracking.exception_reason END,
                  last_checkpoint_at = greatest(ops_tracking.last_checkpoint_at, EXCLUDED.last_checkpoint_at)""")
                .setParameter(1, shopId).setParameter(2, update.trackingNumber()).setParameter(3, update.carrierCode())
                .setParameter(4, update.orderId()).setParameter(5, update.state().name())
                .setParameter(6, update.carrierState()).setParameter(7, firstScan).setParameter(8, update.checkpointAt())
                .setParameter(9, update.location()).setParameter(10, update.description())
                .setParameter(11, update.exceptionReason())
                .executeUpdate();
    }

    /** A finding of logistics-service about the number, seen at {@code at} (the event's time): one row per kind. */
    public void anomaly(String shopId, TrackingAnomaly anomaly, Instant at) {
        session.createNativeQuery("""
                INSERT INTO ops_tracking_anomalies (shop_id, tracking_number, kind, carrier_code, order_id, finding,
                                                    checkpoint_at, first_seen_at, last_seen_at, sightings)
                VALUES (?1, ?2, ?3, ?4, CAST(?5 AS varchar), ?6, CAST(?7 AS timestamptz), ?8, ?8, 1)
                ON CONFLICT (shop_id, tracking_number, kind) DO UPDATE SET
                  order_id = coalesce(EXCLUDED.order_id, ops_tracking_anomalies.order_id),
                  finding = CASE WHEN EXCLUDED.last_seen_at >= ops_tracking_anomalies.last_seen_at
                                 THEN EXCLUDED.finding ELSE ops_tracking_anomalies.finding END,
                  checkpoint_at = CASE WHEN EXCLUDED.last_seen_at >= ops_tracking_anomalies.last_seen_at
                                       THEN EXCLUDED.checkpoint_at ELSE ops_tracking_anomalies.checkpoint_at END,
                  first_seen_at = least(ops_tracking_anomalies.first_seen_at, EXCLUDED.first_seen_at),
                  last_seen_at = greatest(ops_tracking_anomalies.last_seen_at, EXCLUDED.last_seen_at),
                  sightings = ops_tracking_anomalies.sightings + 1""")
                .setParameter(1, shopId).setParameter(2, anomaly.trackingNumber()).setParameter(3, anomaly.kind().name())
                .setParameter(4, anomaly.carrierCode()).setParameter(5, anomaly.orderId()).setParameter(6, anomaly.finding())
                .setParameter(7, anomaly.checkpointAt()).setParameter(8, at)
                .executeUpdate();
    }

    /** The kinds of anomaly ever found for the number. */
    public Set<TrackingAnomalyKind> anomalyKinds(String shopId, String trackingNumber) {
        return session.createNativeQuery("""
                        SELECT kind FROM ops_tracking_anomalies WHERE shop_id = ?1 AND tracking_number = ?2""", String.class)
                .setParameter(1, shopId).setParameter(2, trackingNumber)
                .getResultList().stream().map(TrackingAnomalyKind::valueOf).collect(Collectors.toSet());
    }

    private static Tracking tracking(Tuple r) {
        return new Tracking(r.get("tracking_number", String.class), r.get("carrier_code", String.class),
                r.get("order_id", String.class), TrackingState.valueOf(r.get("state", String.class)).current(),
                r.get("first_scan_at", Instant.class), r.get("last_checkpoint_at", Instant.class),
                r.get("location", String.class));
    }
}
