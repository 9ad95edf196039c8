package io.shipsync.logistics;

import io.shipsync.eventing.http.Page;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * 待打单: the paid orders that need a waybill, kept from the order events (placed, cancelled, held, released,
 * shipped), and what the operator filters and sorts before a print run.
 */
@ApplicationScoped
public class PrintQueue {

    /** The hold the platform's risk answer to a create puts on an order (order_risk_info). */
    public static final String RISK_HOLD = "PLATFORM_RISK";

    private final PrintQueueRepository repository;

    PrintQueue(PrintQueueRepository repository) {
        this.repository = repository;
    }

    /** A paid order to print for; virtual goods ship nothing and never enter the queue. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void placed(String shopId, OrderPlaced placed, Instant at) {
        if (placed.deliverMethod() == OrderPlaced.DELIVER_PHYSICAL) {
            add(shopId, placed.orderId(), placed.paidAt(), placed.receiverRegion(), placed.items(), at);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String shopId, String orderId, Instant paidAt, Region region, List<OrderItem> items, Instant at) {
        repository.add(shopId, orderId, paidAt, region, items, at);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void cancelled(String shopId, String orderId, Instant at) {
        repository.setState(shopId, orderId, QueuedOrder.State.CANCELLED, at);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void shipped(String shopId, String orderId, Instant at) {
        repository.setState(shopId, orderId, QueuedOrder.State.SHIPPED, at);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void held(String shopId, String orderId, String reason, String detail, Instant at) {
        repository.hold(shopId, orderId, new QueuedOrder.Hold(reason, detail), at);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void released(String shopId, String orderId, String reason, Instant at) {
        repository.release(shopId, orderId, reason, at);
    }

    /** Lifts the platform's risk hold once the operator has looked into it (the other holds are order-service's). */
    @Transactional
    public QueuedOrder releaseRisk(String shopId, String orderId, Instant at) {
        QueuedOrder order = get(shopId, orderId);
        if (order.hold() == null || !RISK_HOLD.equals(order.hold().reason())) {
            throw new NotPrintable("order " + orderId + " has no platform risk hold to release"
                    + (order.hold() == null ? "" : " (its hold " + order.hold().reason() + " is released in order-service)"));
        }
        repository.release(shopId, orderId, RISK_HOLD, at);
        return get(shopId, orderId);
    }

    @Transactional
    public QueuedOrder get(String shopId, String orderId) {
        return repository.find(shopId, orderId)
                .orElseThrow(() -> new UnknownSubject("order " + orderId + " is not in shop " + shopId + "'s print queue"));
    }

    @Transactional
    public Page<QueuedOrder> list(String shopId, QueueFilter filter, int page, int size) {
        return new Page<>(repository.list(shopId, filter, Page.offset(page, size), size), page, size,
                repository.count(shopId, filter));
    }
}
