package io.shipsync.logistics;

import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderHeld;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.OrderReleased;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.ShippedPackage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * What 打单 learns from order events: the queue of orders to print (placed, cancelled, held, released) and the
 * numbers declared to the platform (shipped), which can then no longer be cancelled. A cancelled order's undeclared
 * number is handed to {@link WaybillCancellation} to give back. Every declared number is watched
 * ({@link TrackingWatches}). Event time only, so that a replay rebuilds the same rows.
 */
@ApplicationScoped
public class OrderProjection {

    private final PrintQueue queue;
    private final WaybillRepository waybills;
    private final WorkQueue work;
    private final TrackingWatches tracking;

    OrderProjection(PrintQueue queue, WaybillRepository waybills, WorkQueue work, TrackingWatches tracking) {
        this.queue = queue;
        this.waybills = waybills;
        this.work = work;
        this.tracking = tracking;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(ReceivedEvent event) {
        String shopId = event.shopId();
        Instant at = event.envelope().occurredAt();
        Object payload = event.payload();
        if (payload instanceof OrderPlaced placed) {
            queue.placed(shopId, placed, at);
        } else if (payload instanceof OrderCancelled cancelled) {
            queue.cancelled(shopId, cancelled.orderId(), at);
            waybills.taken(shopId, cancelled.orderId()).filter(w -> w.declaredAt() == null).ifPresent(w ->
                    work.submit(WaybillCancellation.QUEUE, shopId, String.valueOf(w.waybillId()), at));
        } else if (payload instanceof OrderHeld held) {
            queue.held(shopId, held.orderId(), held.reason().name(), held.description(), at);
        } else if (payload instanceof OrderReleased released) {
            queue.released(shopId, released.orderId(), released.reason().name(), at);
        } else if (payload instanceof OrderShipped shipped) {
            for (ShippedPackage p : shipped.packages()) {
                waybills.declared(shopId, p.trackingNumber(), shipped.shippedAt());
            }
            queue.shipped(shopId, shipped.orderId(), at);
            tracking.declared(shopId, shipped, at);
        }
    }
}
