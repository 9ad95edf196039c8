package io.shipsync.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.shipsync.events.OrderCancelled;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A WeChat Shop order as this service keeps it, keyed by shop and the platform's order id: a shop can
 * neither see nor squat another shop's order id.
 */
@Entity
@Table(name = "orders")
@IdClass(Order.Key.class)
public class Order extends PanacheEntityBase {

    /** An order's identity: the platform's order id within its shop. */
    public record Key(String shopId, String orderId) implements Serializable {
    }

    /** Platform status 20 待发货: paid, awaiting shipment. */
    public static final int STATUS_AWAITING_SHIPMENT = 20;
    /** Platform status 21 部分发货: some packages declared. */
    public static final int STATUS_PARTLY_SHIPPED = 21;
    /** Platform status 30 待收货: every item declared. */
    public static final int STATUS_SHIPPED = 30;
    /** Platform status 100 完成: received. */
    public static final int STATUS_COMPLETED = 100;

    /** The buyer's openid, sealed ({@link BuyerIdentity}): only messaging the buyer opens it. */
    @Column(name = "openid")
    public String sealedOpenid;
    /** Keyed fingerprints of the buyer's openid and IP: what the fraud rule counts; the IP itself is not kept. */
    @Column(name = "openid_fingerprint")
    public String openidFingerprint;
    @Column(name = "buyer_ip_fingerprint")
    public String buyerIpFingerprint;
    @Column(name = "platform_updated_at")
    public Instant platformUpdatedAt;
    @Column(name = "cancel_type")
    public Integer cancelType;
    @Id
    @Column(name = "shop_id")
    public String shopId;
    @Id
    @Column(name = "order_id")
    public String orderId;
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
    /** Masked: see {@link Receiver}. */
    @Column(name = "receiver_name")
    public String receiverName;
    @Column(name = "receiver_phone")
    public String receiverPhone;
    @Column(name = "receiver_address")
    public String receiverAddress;
    @Column(name = "created_at")
    public Instant createdAt;
    /** When our packages were last compared with the platform's (an order/get by a push or a reconciliation). */
    @Column(name = "packages_verified_at")
    public Instant packagesVerifiedAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_lines", joinColumns = {
            @JoinColumn(name = "shop_id", referencedColumnName = "shop_id"),
            @JoinColumn(name = "order_id", referencedColumnName = "order_id")})
    @OrderColumn(name = "line_no")
    public List<OrderLine> lines = new ArrayList<>();

    /** 190 超卖商家取消, 200 全部商品售后后取消, 250 用户取消/超时取消/商家取消. */
    public static boolean isCancelled(int platformStatus) {
        return platformStatus == 190 || platformStatus == 200 || platformStatus == 250;
    }

    /** 21 部分发货, 30 待收货 or 100 完成: the platform holds packages for the order. */
    public static boolean isShipped(int platformStatus) {
        return platformStatus == STATUS_PARTLY_SHIPPED || platformStatus == STATUS_SHIPPED || platformStatus == STATUS_COMPLETED;
    }

    /** The cancel_type a cancelled status implies when the push did not say. */
    static int cancelTypeOf(int platformStatus) {
        return switch (platformStatus) {
            case 190 -> OrderCancelled.CANCEL_OVERSOLD_BY_MERCHANT;
            case 200 -> OrderCancelled.CANCEL_ALL_AFTER_SALES_DONE;
            default -> OrderCancelled.CANCEL_BY_BUYER;
        };
    }

    /** The shop's order, if it has one by that id. */
    public static Optional<Order> find(String shopId, String orderId) {
        return findByIdOptional(new Key(shopId, orderId));
    }

    /**
     * The shop's order with its row locked until the transaction ends: declarations of one order take
     * turns, so each sees the packages the one before it committed. Call it before anything in the
     * transaction reads the order, so the order is read after the lock.
     */
    public static Optional<Order> findForUpdate(String shopId, String orderId) {
        // A plain row lock: Hibernate's PESSIMISTIC_WRITE on an order (composite key, eagerly joined lines)
        // takes the follow-on locking path, which fails for composite keys ("Not implemented yet").
        boolean exists = !getEntityManager()
                .createNativeQuery("SELECT 1 FROM orders WHERE shop_id = ?1 AND order_id = ?2 FOR UPDATE")
                .setParameter(1, shopId).setParameter(2, orderId).getResultList().isEmpty();
        return exists ? find(shopId, orderId) : Optional.empty();
    }
}
