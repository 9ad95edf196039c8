package io.shipsync.alerting.operations;

import io.shipsync.events.DeclarationSettled;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.PackageItem;
import io.shipsync.events.ShippedPackage;
import io.shipsync.events.WaybillCancelled;
import io.shipsync.events.WaybillPrinted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * The parcel family of the read model: {@code ops_parcels} and {@code ops_parcel_items}, one row per tracking number
 * of an order, from its waybill (WaybillPrinted, WaybillCancelled) and its declaration (OrderShipped). Callers hold the
 * order's lock ({@link OrderRepository#lock}), so reading before writing is safe.
 */
@ApplicationScoped
public class ParcelRepository {

    private static final String COLUMNS = """
            order_id, tracking_number, carrier_code, printed_at, declared_at, cancelled_at, superseded_at, acknowledged_at,
            refused_at, refused_errcode""";

    private final Session session;

    ParcelRepository(Session session) {
        this.session = session;
    }

    public Optional<Parcel> find(String shopId, String orderId, String trackingNumber) {
        return session.createNativeQuery("SELECT " + COLUMNS
                        + " FROM ops_parcels WHERE shop_id = ?1 AND order_id = ?2 AND tracking_number = ?3", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, trackingNumber)
                .getResultList().stream().findFirst().map(ParcelRepository::parcel);
    }

    public List<Parcel> ofOrder(String shopId, String orderId) {
        return session.createNativeQuery("SELECT " + COLUMNS
                        + " FROM ops_parcels WHERE shop_id = ?1 AND order_id = ?2 ORDER BY tracking_number", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId)
                .getResultList().stream().map(ParcelRepository::parcel).toList();
    }

    /**
     * The orders whose live parcel (neither cancelled nor superseded) carries the number, oldest id first: more than one
     * when orders were shipped together (合并发货).
     */
    public List<String> liveOrdersOf(String shopId, String trackingNumber) {
        return session.createNativeQuery("""
                        SELECT order_id FROM ops_parcels WHERE shop_id = ?1 AND tracking_number = ?2
                          AND cancelled_at IS NULL AND superseded_at IS NULL ORDER BY order_id""", String.class)
                .setParameter(1, shopId).setParameter(2, trackingNumber).getResultList();
    }

    /**
     * A waybill printed (打单), or printed again (补打: the first print's time stays). Its items stand for the parcel's
     * until a declaration names them. Returns whether the number is new to the order.
     */
    public boolean printed(String shopId, WaybillPrinted printed) {
        Optional<Parcel> before = find(shopId, printed.orderId(), printed.trackingNumber());
        session.createNativeQuery("""
                INSERT INTO ops_parcels (shop_id, order_id, tracking_number, carrier_code, waybill_id, printed_at, reprints)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?7 THEN 1 ELSE 0 END)
                ON CONFLICT (shop_id, order_id, tracking_number) DO UPDATE SET waybill_id = EXCLUDED.waybill_id,
                  printed_at = least(ops_parcels.printed_at, EXCLUDED.printed_at),
                  reprints = ops_parcels.reprints + EXCLUDED.reprints""")
                .setParameter(1, shopId).setParameter(2, printed.orderId()).setParameter(3, printed.trackingNumber())
                .setParameter(4, printed.carrierCode()).setParameter(5, printed.waybillId())
                .setParameter(6, printed.printedAt()).setParameter(7, printed.reprint())
                .executeUpdate();
        if (before.map(p -> p.declaredAt() == null).orElse(true) && !printed.items().isEmpty()) {
            items(shopId, printed.orderId(), printed.trackingNumber(), printed.items());
        }
        return before.isEmpty();
    }

    /** A waybill cancelled (取消面单): its number will never travel. */
    public void cancelled(String shopId, WaybillCancelled cancelled) {
        session.createNativeQuery("""
                INSERT INTO ops_parcels (shop_id, order_id, tracking_number, carrier_code, waybill_id, cancelled_at, cancel_reason)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                ON CONFLICT (shop_id, order_id, tracking_number) DO UPDATE SET
                  cancelled_at = EXCLUDED.cancelled_at, cancel_reason = EXCLUDED.cancel_reason""")
                .setParameter(1, shopId).setParameter(2, cancelled.orderId()).setParameter(3, cancelled.trackingNumber())
                .setParameter(4, cancelled.carrierCode()).setParameter(5, cancelled.waybillId())
                .setParameter(6, cancelled.cancelledAt()).setParameter(7, cancelled.reason())
                .executeUpdate();
    }

    /**
     * The parcels of a declaration (发货): each number declared, carrying the declared items. A correction voids the
     * order's other live numbers that carried any of its SKUs (they were the wrong number for those items). Returns the
     * numbers new to the order.
     */
    public List<String> declared(String shopId, OrderShipped shipped) {
        List<String> added = new ArrayList<>();
        for (ShippedPackage parcel : shipped.packages()) {
            if (find(shopId, shipped.orderId(), parcel.trackingNumber()).isEmpty()) {
                added.add(parcel.trackingNumber());
            }
            session.createNativeQuery("""
                    INSERT INTO ops_parcels (shop_id, order_id, tracking_number, carrier_code, declared_at)
                    VALUES (?1, ?2, ?3, ?4, ?5)
                    ON CONFLICT (shop_id, order_id, tracking_number) DO UPDATE SET
                      declared_at = least(ops_parcels.declared_at, EXCLUDED.declared_at)""")
                    .setParameter(1, shopId).setParameter(2, shipped.orderId()).setParameter(3, parcel.trackingNumber())
                    .setParameter(4, parcel.carrierCode()).setParameter(5, shipped.shippedAt())
                    .executeUpdate();
            items(shopId, shipped.orderId(), parcel.trackingNumber(), parcel.items());
        }
        if (shipped.correction()) {
            supersede(shopId, shipped);
        }
        return added;
    }

    /**
     * A declaration settled with the platform (DeclarationSettled): its numbers acknowledged, or refused. An
     * acknowledgement stands (a later refusal of a correction does not undo the platform holding the number); a
     * refusal stands until a later acknowledgement of the same number.
     */
    public void settled(String shopId, DeclarationSettled settled) {
        boolean acknowledged = settled.outcome() == DeclarationSettled.Outcome.ACKNOWLEDGED;
        Query query = session.createNativeQuery(acknowledged ? """
                        UPDATE ops_parcels SET acknowledged_at = least(acknowledged_at, ?4), refused_at = NULL, refused_errcode = NULL
                        WHERE shop_id = ?1 AND order_id = ?2 AND tracking_number = ANY(CAST(?3 AS text[]))"""
                        : """
                        UPDATE ops_parcels SET refused_at = ?4, refused_errcode = CAST(?5 AS int)
                        WHERE shop_id = ?1 AND order_id = ?2 AND tracking_number = ANY(CAST(?3 AS text[]))
                          AND acknowledged_at IS NULL""")
                .setParameter(1, shopId).setParameter(2, settled.orderId())
                .setParameter(3, settled.trackingNumbers().toArray(String[]::new))
                .setParameter(4, settled.settledAt());
        if (!acknowledged) {
            query.setParameter(5, settled.errcode());
        }
        query.executeUpdate();
    }

    /** The SKUs of the order that its live parcels carry more of than the order has, when the order's lines are known. */
    public List<Overlap> overlaps(String shopId, String orderId) {
        return session.createNativeQuery("""
                SELECT c.sku_id, l.quantity AS ordered, c.units AS carried, c.numbers
                FROM (SELECT i.sku_id, sum(i.quantity) AS units, count(*) AS parcels,
                             string_agg(p.tracking_number, ',' ORDER BY p.tracking_number) AS numbers
                      FROM ops_parcels p
                      JOIN ops_parcel_items i USING (shop_id, order_id, tracking_number)
                      WHERE p.shop_id = ?1 AND p.order_id = ?2 AND p.cancelled_at IS NULL AND p.superseded_at IS NULL
                      GROUP BY i.sku_id) c
                JOIN ops_order_lines l ON l.shop_id = ?1 AND l.order_id = ?2 AND l.sku_id = c.sku_id
                WHERE c.parcels > 1 AND c.units > l.quantity
                ORDER BY c.sku_id""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId)
                .getResultList().stream()
                .map(r -> new Overlap(r.get("sku_id", String.class), r.get("ordered", Number.class).longValue(),
                        r.get("carried", Number.class).longValue(), Arrays.asList(r.get("numbers", String.class).split(","))))
                .toList();
    }

    private void supersede(String shopId, OrderShipped shipped) {
        String[] numbers = shipped.packages().stream().map(ShippedPackage::trackingNumber).toArray(String[]::new);
        String[] skus = shipped.packages().stream().flatMap(p -> p.items().stream()).map(PackageItem::skuId)
                .distinct().toArray(String[]::new);
        session.createNativeQuery("""
                UPDATE ops_parcels p SET superseded_at = ?3
                WHERE p.shop_id = ?1 AND p.order_id = ?2 AND p.cancelled_at IS NULL AND p.superseded_at IS NULL
                  AND p.tracking_number <> ALL(CAST(?4 AS varchar[]))
                  AND EXISTS (SELECT 1 FROM ops_parcel_items i WHERE i.shop_id = p.shop_id AND i.order_id = p.order_id
                              AND i.tracking_number = p.tracking_number AND i.sku_id = ANY(CAST(?5 AS varchar[])))""")
                .setParameter(1, shopId).setParameter(2, shipped.orderId()).setParameter(3, shipped.shippedAt())
                .setParameter(4, numbers).setParameter(5, skus)
                .executeUpdate();
    }

    private void items(String shopId, String orderId, String trackingNumber, List<PackageItem> items) {
        session.createNativeQuery("""
                DELETE FROM ops_parcel_items WHERE shop_id = ?1 AND order_id = ?2 AND tracking_number = ?3""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, trackingNumber).executeUpdate();
        for (PackageItem item : items) {
            session.createNativeQuery("""
                    INSERT INTO ops_parcel_items (shop_id, order_id, tracking_number, sku_id, product_id, quantity)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    ON CONFLICT (shop_id, order_id, tracking_number, sku_id) DO UPDATE SET
                      quantity = ops_parcel_items.quantity + EXCLUDED.quantity""")
                    .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, trackingNumber)
                    .setParameter(4, item.skuId()).setParameter(5, item.productId()).setParameter(6, item.quantity())
                    .executeUpdate();
        }
    }

    private static Parcel parcel(Tuple r) {
        return new Parcel(r.get("order_id", String.class), r.get("tracking_number", String.class),
                r.get("carrier_code", String.class), r.get("printed_at", Instant.class), r.get("declared_at", Instant.class),
                r.get("cancelled_at", Instant.class), r.get("superseded_at", Instant.class),
                r.get("acknowledged_at", Instant.class), r.get("refused_at", Instant.class),
                r.get("refused_errcode", Integer.class));
    }
}
