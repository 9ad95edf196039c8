package io.shipsync.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.shipsync.events.DeclarationSettled;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A declaration on its way to the platform: sent at least once until acknowledged (SYNCED), or FAILED
 * with the platform's errcode. The order's sync state is its latest one.
 */
@Entity
@Table(name = "platform_syncs")
public class PlatformSync extends PanacheEntityBase {

    /** Where a declaration stands with the platform. */
    public enum Status { PENDING, SYNCED, FAILED }

    /** delivery/send, or deliveryinfo/update for a correction. */
    public enum Action { SEND, UPDATE }

    /** A package as it is sent to the platform. */
    public record Package(String carrierCode, String trackingNumber, List<ShipmentPackage.Item> items) {
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "shop_id")
    public String shopId;
    @Column(name = "order_id")
    public String orderId;
    @Enumerated(EnumType.STRING)
    public Action action;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Package> packages;
    @Enumerated(EnumType.STRING)
    public Status status = Status.PENDING;
    public int attempts;
    /** A previous attempt timed out: the platform may have applied it without telling us. */
    public boolean uncertain;
    @Column(name = "last_errcode")
    public Integer lastErrcode;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "synced_at")
    public Instant syncedAt;

    /** This declaration's end with the platform, as announced: the errcode and errmsg only for a refusal. */
    public DeclarationSettled settled(DeclarationSettled.Outcome outcome, Instant at) {
        boolean refused = outcome == DeclarationSettled.Outcome.REFUSED;
        return new DeclarationSettled(orderId, id,
                action == Action.SEND ? DeclarationSettled.Action.SEND : DeclarationSettled.Action.UPDATE,
                packages.stream().map(Package::trackingNumber).toList(), outcome, refused ? lastErrcode : null,
                refused && lastError != null && !lastError.isBlank() ? lastError : null, attempts, createdAt, at);
    }

    public static Optional<PlatformSync> latest(String shopId, String orderId) {
        return find("shopId = ?1 and orderId = ?2 order by id desc", shopId, orderId).firstResultOptional();
    }
}
