package io.shipsync.inventory;

import io.shipsync.inventory.Reservations.Line;
import io.shipsync.inventory.Reservations.Reservation;
import io.shipsync.inventory.Reservations.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Rows of the reservation family: {@code reservations}, {@code reservation_lines} and {@code reservation_packages},
 * keyed by shop and order.
 */
@ApplicationScoped
public class ReservationRepository {

    /** The order's row as {@link #open} left it; {@code created} when this call inserted it. */
    public record Opened(Status status, String warehouseId, boolean created) {
    }

    private final Session session;

    ReservationRepository(Session session) {
        this.session = session;
    }

    /**
     * The order's row, locked: inserted with {@code status} and {@code lines} if there was none. A concurrent
     * transaction opening the same order waits here until this one ends.
     */
    public Opened open(String shopId, String orderId, Status status, String warehouseId, UUID eventId, List<Line> lines,
                       Instant at) {
        boolean created = session.createNativeQuery("""
                INSERT INTO reservations (shop_id, order_id, status, warehouse_id, event_id, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, status.name()).setParameter(4, warehouseId)
                .setParameter(5, eventId).setParameter(6, at).executeUpdate() == 1;
        if (created) {
            lines.forEach(line -> addLine(shopId, orderId, line));
            return new Opened(status, warehouseId, true);
        }
        Tuple row = session.createNativeQuery("""
                SELECT status, warehouse_id FROM reservations WHERE shop_id = ?1 AND order_id = ?2 FOR UPDATE""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId).getSingleResult();
        return new Opened(Status.valueOf(row.get("status", String.class)), row.get("warehouse_id", String.class), false);
    }

    /** A line with nothing reserved, shipped or returned yet. */
    public void addLine(String shopId, String orderId, Line line) {
        session.createNativeQuery("""
                INSERT INTO reservation_lines (shop_id, order_id, line_no, product_id, sku_id, quantity)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, line.lineNo())
                .setParameter(4, line.productId()).setParameter(5, line.skuId()).setParameter(6, line.quantity())
                .executeUpdate();
    }

    public void setStatus(String shopId, String orderId, Status status, Instant at) {
        session.createNativeQuery("UPDATE reservations SET status = ?3, updated_at = ?4 WHERE shop_id = ?1 AND order_id = ?2")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, status.name()).setParameter(4, at)
                .executeUpdate();
    }

    /** Every line holds its whole quantity. */
    public void reserveAll(String shopId, String orderId) {
        session.createNativeQuery("UPDATE reservation_lines SET reserved = quantity WHERE shop_id = ?1 AND order_id = ?2")
                .setParameter(1, shopId).setParameter(2, orderId).executeUpdate();
    }

    /**
     * Books units that left with a shipment on a line: {@code held} of them were reserved for it, {@code unstocked}
     * were never in our stock.
     */
    public void ship(String shopId, String orderId, int lineNo, int units, int held, long unstocked) {
        session.createNativeQuery("""
                UPDATE reservation_lines SET committed = committed + ?4, reserved = reserved - ?5, unstocked = unstocked + ?6
                WHERE shop_id = ?1 AND order_id = ?2 AND line_no = ?3""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, lineNo)
                .setParameter(4, units).setParameter(5, held).setParameter(6, unstocked).executeUpdate();
    }

    /** Nothing held any more; what had shipped from our stock is returned. */
    public void releaseAll(String shopId, String orderId) {
        session.createNativeQuery("""
                UPDATE reservation_lines SET reserved = 0, returned = committed - unstocked
                WHERE shop_id = ?1 AND order_id = ?2""")
                .setParameter(1, shopId).setParameter(2, orderId).executeUpdate();
    }

    /** Records a parcel; false when it was recorded before (it has shipped already). */
    public boolean addPackage(String shopId, String orderId, String carrierCode, String trackingNumber, UUID eventId) {
        return session.createNativeQuery("""
                INSERT INTO reservation_packages (shop_id, order_id, carrier_code, tracking_number, event_id)
                VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, carrierCode)
                .setParameter(4, trackingNumber).setParameter(5, eventId).executeUpdate() == 1;
    }

    public List<Line> lines(String shopId, String orderId) {
        return session.createNativeQuery("""
                SELECT line_no, product_id, sku_id, quantity, reserved, committed, unstocked, returned FROM reservation_lines
                WHERE shop_id = ?1 AND order_id = ?2 ORDER BY line_no""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId).getResultList().stream()
                .map(r -> new Line(r.get("line_no", Integer.class), r.get("product_id", String.class),
                        r.get("sku_id", String.class), r.get("quantity", Integer.class), r.get("reserved", Integer.class),
                        r.get("committed", Integer.class), r.get("unstocked", Integer.class), r.get("returned", Integer.class)))
                .toList();
    }

    /** Of {@code orderIds}, the orders this service has a reservation row for (placed, short, shipped or cancelled). */
    public Set<String> known(String shopId, Collection<String> orderIds) {
        return new HashSet<>(session.createNativeQuery("""
                SELECT order_id FROM reservations WHERE shop_id = ?1 AND order_id = ANY(CAST(?2 AS text[]))""", String.class)
                .setParameter(1, shopId).setParameter(2, orderIds.toArray(String[]::new)).getResultList());
    }

    public Optional<Reservation> find(String shopId, String orderId) {
        return session.createNativeQuery("""
                SELECT status, warehouse_id, event_id, created_at, updated_at FROM reservations
                WHERE shop_id = ?1 AND order_id = ?2""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId).getResultList().stream().findFirst()
                .map(r -> new Reservation(orderId, Status.valueOf(r.get("status", String.class)),
                        r.get("warehouse_id", String.class), r.get("event_id", UUID.class), lines(shopId, orderId),
                        r.get("created_at", Instant.class), r.get("updated_at", Instant.class)));
    }
}
