package io.shipsync.alerting.operations;

import io.shipsync.events.TrackingState;
import io.shipsync.events.TrackingUpdated;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;

/**
 * {@code ops_tracking}: each tracking number's latest checkpoint and its first scan (揽收). Carriers report checkpoints
 * late and out of order, so the latest is the one with the latest checkpoint time, not the last to arrive.
 */
@ApplicationScoped
public class TrackingRepository {

    private final Session session;

    TrackingRepository(Session session) {
        this.session = session;
    }

    public void updated(String shopId, TrackingUpdated update) {
        boolean scanned = update.state() != TrackingState.PENDING;
        session.createNativeQuery("""
                INSERT INTO ops_tracking (shop_id, tracking_number, carrier_code, order_id, state, carrier_state, first_scan_at,
                                          last_checkpoint_at, location, description)
                VALUES (?1, ?2, ?3, CAST(?4 AS varchar), ?5, ?6, CASE WHEN ?7 THEN CAST(?8 AS timestamptz) END, ?8,
                        CAST(?9 AS varchar), ?10)
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
                  last_checkpoint_at = greatest(ops_tracking.last_checkpoint_at, EXCLUDED.last_checkpoint_at)""")
                .setParameter(1, shopId).setParameter(2, update.trackingNumber()).setParameter(3, update.carrierCode())
                .setParameter(4, update.orderId()).setParameter(5, update.state().name())
                .setParameter(6, update.carrierState()).setParameter(7, scanned).setParameter(8, update.checkpointAt())
                .setParameter(9, update.location()).setParameter(10, update.description())
                .executeUpdate();
    }
}
