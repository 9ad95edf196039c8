package io.shipsync.bench;

import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Valid {@code OrderPlaced} envelopes of about 1 KB (padded with order lines), and the outbox insert the
 * service's {@code Outbox.append} issues for them.
 */
final class OutboxEvents {

    static final String INSERT = """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, shop_id, payload, created_at)
            VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), now())""";

    private static final String SHOP = "shop-bench";
    // Five lines bring the written envelope to ~1 KB, the record size given to Kafka's own tools.
    private static final List<OrderItem> ITEMS = items(5);
    private static final long TOTAL_FEN = ITEMS.stream().mapToLong(i -> i.quantity() * i.unitPriceFen()).sum();
    private static final Region REGION = new Region("广东省", "深圳市", "南山区");

    /** One outbox row: the event id doubles as the relayed record's {@code id} header. */
    record Row(UUID id, String aggregateType, String aggregateId, String type, String json) {

        void bind(PreparedStatement insert) throws SQLException {
            insert.setObject(1, id);
            insert.setString(2, aggregateType);
            insert.setString(3, aggregateId);
            insert.setString(4, type);
            insert.setString(5, SHOP);
            insert.setString(6, json);
        }

        int bytes() {
            return json.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private final EventCodec codec = new EventCodec();
    private final AtomicLong sequence = new AtomicLong();

    Row next() {
        // Fixed-width order ids keep every envelope the same size.
        String orderId = String.format("3710%015d", sequence.incrementAndGet());
        Instant now = Instant.now();
        OrderPlaced placed = new OrderPlaced(orderId, now, OrderPlaced.DELIVER_PHYSICAL, ITEMS, REGION, TOTAL_FEN);
        EventEnvelope envelope = codec.envelope(UUID.randomUUID(), placed, SHOP, UUID.randomUUID(), null, now);
        return new Row(envelope.eventId(), envelope.aggregateType(), envelope.aggregateId(), envelope.eventType(),
                codec.write(envelope));
    }

    List<Row> next(int count) {
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(next());
        }
        return rows;
    }

    private static List<OrderItem> items(int count) {
        List<OrderItem> items = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            items.add(new OrderItem("10000000" + (4200 + i), "20000000" + (8800 + i), "SKU-BENCH-" + i, i, 1990L * i));
        }
        return items;
    }
}
