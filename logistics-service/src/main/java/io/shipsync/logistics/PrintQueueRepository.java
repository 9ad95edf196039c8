package io.shipsync.logistics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shipsync.events.OrderItem;
import io.shipsync.events.Region;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

/** Rows of {@code print_queue}, each with the live waybill's carrier and number where it has one. */
@ApplicationScoped
public class PrintQueueRepository {

    private static final TypeReference<List<OrderItem>> ITEMS = new TypeReference<>() {
    };
    private static final String SELECT = """
            SELECT q.shop_id, q.order_id, q.paid_at, q.province, q.city, q.county, q.items::text AS items, q.state, q.hold_reason,
                   q.hold_detail, q.updated_at, w.carrier_code, w.tracking_number
            FROM print_queue q
            LEFT JOIN waybills w ON w.shop_id = q.shop_id AND w.order_id = q.order_id
                                AND w.state NOT IN ('FAILED', 'CANCELLED', 'HELD')
            """;

    private final Session session;
    private final ObjectMapper json;

    PrintQueueRepository(Session session, ObjectMapper json) {
        this.session = session;
        this.json = json;
    }

    /** Adds a paid order; one that is there already (a redelivered event) is left as it is. */
    public void add(String shopId, String orderId, Instant paidAt, Region region, List<OrderItem> items, Instant at) {
        session.createNativeQuery("""
                        INSERT INTO print_queue (shop_id, order_id, paid_at, province, city, county, items, sku_ids, state, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS jsonb), ?8, 'WAITING', ?9)
                        ON CONFLICT (shop_id, order_id) DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, paidAt)
                .setParameter(4, region.province()).setParameter(5, region.city()).setParameter(6, region.county())
                .setParameter(7, write(items)).setParameter(8, items.stream().map(OrderItem::skuId).distinct().toArray(String[]::new))
                .setParameter(9, at)
                .executeUpdate();
    }

    public Optional<QueuedOrder> find(String shopId, String orderId) {
        return session.createNativeQuery(SELECT + "WHERE q.shop_id = ?1 AND q.order_id = ?2", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId)
                .getResultList().stream().findFirst().map(this::order);
    }

    /** The named orders, locked for a print run to claim; those the queue doesn't hold are missing from the list. */
    public List<QueuedOrder> lock(String shopId, Collection<String> orderIds) {
        List<String> locked = session.createNativeQuery("""
                        SELECT order_id FROM print_queue WHERE shop_id = ?1 AND order_id = ANY(?2)
                        ORDER BY order_id FOR UPDATE""", String.class)
                .setParameter(1, shopId).setParameter(2, orderIds.toArray(String[]::new)).getResultList();
        if (locked.isEmpty()) {
            return List.of();
        }
        return session.createNativeQuery(SELECT + "WHERE q.shop_id = ?1 AND q.order_id = ANY(?2)", Tuple.class)
                .setParameter(1, shopId).setParameter(2, locked.toArray(String[]::new))
                .getResultList().stream().map(this::order).toList();
    }

    public void setState(String shopId, String orderId, QueuedOrder.State state, Instant at) {
        session.createNativeQuery("UPDATE print_queue SET state = ?3, updated_at = ?4 WHERE shop_id = ?1 AND order_id = ?2")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, state.name()).setParameter(4, at)
                .executeUpdate();
    }

    /** An order whose waybill ended without a number, or was cancelled, waits again, unless it was cancelled or shipped meanwhile. */
    public void waitAgain(String shopId, String orderId, Instant at) {
        session.createNativeQuery("""
                        UPDATE print_queue SET state = 'WAITING', updated_at = ?3
                        WHERE shop_id = ?1 AND order_id = ?2 AND state IN ('TAKING', 'TAKEN')""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, at).executeUpdate();
    }

    /** The order's number was taken; a cancel or declaration that arrived meanwhile keeps its state. */
    public void taken(String shopId, String orderId, Instant at) {
        session.createNativeQuery("""
                        UPDATE print_queue SET state = 'TAKEN', updated_at = ?3
                        WHERE shop_id = ?1 AND order_id = ?2 AND state = 'TAKING'""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, at).executeUpdate();
    }

    /** Moves the orders of a run from WAITING to TAKING. */
    public void taking(String shopId, Collection<String> orderIds, Instant at) {
        session.createNativeQuery("""
                        UPDATE print_queue SET state = 'TAKING', updated_at = ?3 WHERE shop_id = ?1 AND order_id = ANY(?2)""")
                .setParameter(1, shopId).setParameter(2, orderIds.toArray(String[]::new)).setParameter(3, at)
                .executeUpdate();
    }

    /** Sets a hold, or clears it ({@code hold} null) when {@code reason} names the one held. */
    public void hold(String shopId, String orderId, QueuedOrder.Hold hold, Instant at) {
        session.createNativeQuery("""
                        UPDATE print_queue SET hold_reason = ?3, hold_detail = ?4, updated_at = ?5
                        WHERE shop_id = ?1 AND order_id = ?2""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, hold.reason())
                .setParameter(4, hold.detail()).setParameter(5, at)
                .executeUpdate();
    }

    /** Clears the order's hold if it is for {@code reason}; true when one was cleared. */
    public boolean release(String shopId, String orderId, String reason, Instant at) {
        return session.createNativeQuery("""
                        UPDATE print_queue SET hold_reason = NULL, hold_detail = NULL, updated_at = ?4
                        WHERE shop_id = ?1 AND order_id = ?2 AND hold_reason = ?3""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, reason).setParameter(4, at)
                .executeUpdate() > 0;
    }

    public List<QueuedOrder> list(String shopId, QueueFilter filter, int offset, int limit) {
        List<Object> parameters = new ArrayList<>();
        String where = where(shopId, filter, parameters);
        String order = switch (filter.sort() == null ? QueueFilter.Sort.PAID_AT : filter.sort()) {
            case PAID_AT -> "q.paid_at, q.order_id";
            case PAID_AT_DESC -> "q.paid_at DESC, q.order_id DESC";
            case REGION -> "q.province, q.city, q.county NULLS FIRST, q.paid_at, q.order_id";
        };
        NativeQuery<Tuple> query = session.createNativeQuery(SELECT + where + " ORDER BY " + order
                + " OFFSET " + offset + " LIMIT " + limit, Tuple.class);
        bind(query, parameters);
        return query.getResultList().stream().map(this::order).toList();
    }

    public long count(String shopId, QueueFilter filter) {
        List<Object> parameters = new ArrayList<>();
        String where = where(shopId, filter, parameters);
        NativeQuery<Long> query = session.createNativeQuery("""
                SELECT count(*) FROM print_queue q
                LEFT JOIN waybills w ON w.shop_id = q.shop_id AND w.order_id = q.order_id
                                    AND w.state NOT IN ('FAILED', 'CANCELLED', 'HELD')
                """ + where, Long.class);
        bind(query, parameters);
        return query.getSingleResult();
    }

    private static String where(String shopId, QueueFilter f, List<Object> parameters) {
        StringBuilder where = new StringBuilder("WHERE q.shop_id = ?1");
        parameters.add(shopId);
        condition(where, parameters, "q.state = ?", f.state() == null ? QueuedOrder.State.WAITING.name() : f.state().name());
        condition(where, parameters, "w.carrier_code = ?", f.carrierCode());
        condition(where, parameters, "q.province = ?", f.province());
        condition(where, parameters, "q.city = ?", f.city());
        condition(where, parameters, "q.sku_ids @> ARRAY[CAST(? AS text)]", f.skuId());
        condition(where, parameters, "q.paid_at >= ?", f.paidFrom());
        condition(where, parameters, "q.paid_at < ?", f.paidTo());
        if (f.held() != null) {
            where.append(f.held() ? " AND q.hold_reason IS NOT NULL" : " AND q.hold_reason IS NULL");
        }
        return where.toString();
    }

    private static void condition(StringBuilder where, List<Object> parameters, String clause, Object value) {
        if (value != null) {
            parameters.add(value);
            where.append(" AND ").append(clause.replace("?", "?" + parameters.size()));
        }
    }

    private static void bind(NativeQuery<?> query, List<Object> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
    }

    private QueuedOrder order(Tuple r) {
        String holdReason = r.get("hold_reason", String.class);
        return new QueuedOrder(r.get("shop_id", String.class), r.get("order_id", String.class),
                r.get("paid_at", Instant.class),
                new Region(r.get("province", String.class), r.get("city", String.class), r.get("county", String.class)),
                read(r.get("items", String.class)), QueuedOrder.State.valueOf(r.get("state", String.class)),
                holdReason == null ? null : new QueuedOrder.Hold(holdReason, r.get("hold_detail", String.class)),
                r.get("carrier_code", String.class), r.get("tracking_number", String.class), r.get("updated_at", Instant.class));
    }

    private String write(List<OrderItem> items) {
        try {
            return json.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<OrderItem> read(String items) {
        try {
            return json.readValue(items, ITEMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("print_queue.items holds what we never wrote", e);
        }
    }
}
