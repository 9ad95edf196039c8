package io.shipsync.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One package declared for an order (发货): carrier, tracking number and what is inside. */
@Entity
@Table(name = "shipment_packages")
public class ShipmentPackage extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "shop_id")
    public String shopId;
    @Column(name = "order_id")
    public String orderId;
    /** WeChat delivery_id, e.g. SF, ZTO, YUNDA. */
    @Column(name = "carrier_code")
    public String carrierCode;
    @Column(name = "tracking_number")
    public String trackingNumber;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Item> items;
    @Column(name = "declared_at")
    public Instant declaredAt;
    @Column(name = "declared_by")
    public String declaredBy;
    /** Set when an explicit correction replaced this package. */
    @Column(name = "superseded_at")
    public Instant supersededAt;

    /** Product, SKU and quantity inside the package. */
    public record Item(String productId, String skuId, int quantity) {
    }

    /** The packages currently declared for the shop's order, oldest first. */
    public static List<ShipmentPackage> live(String shopId, String orderId) {
        return list("shopId = ?1 and orderId = ?2 and supersededAt is null order by id", shopId, orderId);
    }
}
