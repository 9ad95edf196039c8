package io.shipsync.order;

import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/**
 * Takes a paid order in: stores it as 待发货 (status 20) and announces OrderPlaced through the outbox,
 * in one transaction. Receiver address and phone never reach the event: only the region does.
 */
@ApplicationScoped
public class OrderIntake {

    private final Outbox outbox;
    private final Clock clock;

    OrderIntake(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The order as the platform reports it once paid. */
    public record PaidOrder(String orderId, java.time.Instant paidAt, int deliverMethod, List<OrderItem> items,
                            Region receiverRegion, long totalFen) {
    }

    @Transactional
    public Order place(String shopId, PaidOrder paid) {
        if (Order.findByIdOptional(paid.orderId()).isPresent()) {
            throw ProblemException.conflict("Order " + paid.orderId() + " is already known.");
        }
        Order order = new Order();
        order.orderId = paid.orderId();
        order.shopId = shopId;
        order.platformStatus = Order.STATUS_AWAITING_SHIPMENT;
        order.deliverMethod = paid.deliverMethod();
        order.paidAt = paid.paidAt();
        order.totalFen = paid.totalFen();
        order.province = paid.receiverRegion().province();
        order.city = paid.receiverRegion().city();
        order.county = paid.receiverRegion().county();
        order.createdAt = clock.instant();
        for (OrderItem item : paid.items()) {
            OrderLine line = new OrderLine();
            line.productId = item.productId();
            line.skuId = item.skuId();
            line.skuCode = item.skuCode();
            line.quantity = item.quantity();
            line.unitPriceFen = item.unitPriceFen();
            order.lines.add(line);
        }
        order.persist();
        outbox.append(new OrderPlaced(paid.orderId(), paid.paidAt(), paid.deliverMethod(), paid.items(),
                paid.receiverRegion(), paid.totalFen()), shopId);
        return order;
    }
}
