package io.shipsync.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A WeChat Shop order as this service keeps it. The platform's order id is global; the shop is checked. */
@Entity
@Table(name = "orders")
public class Order extends PanacheEntityBase {

    /** Platform status 20 待发货: paid, awaiting shipment. */
    public static final int STATUS_AWAITING_SHIPMENT = 20;

    @Id
    @Column(name = "order_id")
    public String orderId;
    @Column(name = "shop_id")
    public String shopId;
    @Column(name = "platform_status")
    public int platformStatus;
    @Column(name = "deliver_method")
    public int deliverMethod;
    @Column(name = "paid_at")
    public Instant paidAt;
    @Column(name = "total_fen")
    public long totalFen;
    public String province;
    public String city;
    public String county;
    @Column(name = "created_at")
    public Instant createdAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_lines", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    public List<OrderLine> lines = new ArrayList<>();

    /** The order if it exists and belongs to {@code shopId}. */
    public static Optional<Order> find(String shopId, String orderId) {
        return Order.<Order>findByIdOptional(orderId).filter(order -> order.shopId.equals(shopId));
    }
}
