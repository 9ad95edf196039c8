package io.shipsync.inventory;

import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.ShippedPackage;
import io.shipsync.events.StockMovementReason;
import io.shipsync.events.StockShortage;
import io.shipsync.inventory.ReservationRepository.Opened;
import io.shipsync.inventory.config.InventoryConfig;
import io.shipsync.inventory.platform.PlatformStock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * 预占: holds stock for a placed order, turns it into a shipment (出库) when the order ships, and gives it
 * back when the order is cancelled. One row per order in {@code reservations}, inserted before anything
 * else, makes every step happen at most once per order, whichever events ask and however often. Stock
 * rows are always changed in {@link StockKey} order, so orders sharing SKUs cannot deadlock.
 */
@ApplicationScoped
public class Reservations {

    private static final Logger LOG = Logger.getLogger(Reservations.class);

    /** Where an order's stock stands. */
    public enum Status {
        /** Every unit is held or shipped. */
        RESERVED,
        /** Stock could not cover the order when it was placed: nothing is held for it (StockShortage). */
        SHORT,
        /** Every unit has shipped. */
        SHIPPED,
        /** Cancelled: held units were released, shipped ones returned. */
        CANCELLED
    }

    /** What {@link #reserve} did. */
    public enum Outcome { RESERVED, SHORT, ALREADY_HANDLED }

    /** An order's reservation as the API shows it. */
    public record Reservation(String orderId, Status status, String warehouseId, UUID eventId, List<Line> lines,
                              Instant createdAt, Instant updatedAt) {
    }

    /**
     * One order line: units held, shipped, shipped without being in our stock (so never taken off it), and
     * returned after a refund.
     */
    public record Line(int lineNo, String productId, String skuId, int quantity, int reserved, int committed, int unstocked,
                       int returned) {
    }

    private final ReservationRepository repository;
    private final StockRepository stockRepository;
    private final StockLedger ledger;
    private final Outbox outbox;
    private final InventoryConfig config;
    private final PlatformStock platformStock;
    private final Clock clock;

    Reservations(ReservationRepository repository, StockRepository stockRepository, StockLedger ledger, Outbox outbox,
                 InventoryConfig config, PlatformStock platformStock, Clock clock) {
        this.repository = repository;
        this.stockRepository = stockRepository;
        this.ledger = ledger;
        this.outbox = outbox;
        this.config = config;
        this.platformStock = platformStock;
        this.clock = clock;
    }

    /**
     * Holds every line of the order, or none: a line that stock cannot cover undoes the lines held before it
     * (their rows are still locked by this transaction, so nobody saw them) and StockShortage names each
     * SKU that falls short.
     */
    @Transactional
    public Outcome reserve(EventEnvelope cause, OrderPlaced placed) {
        String shopId = cause.shopId();
        String warehouseId = config.defaultWarehouse();
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < placed.items().size(); i++) {
            OrderItem item = placed.items().get(i);
            lines.add(new Line(i, item.productId(), item.skuId(), item.quantity(), 0, 0, 0, 0));
        }
        if (!open(shopId, placed.orderId(), Status.RESERVED, warehouseId, cause.eventId(), lines).created()) {
            return Outcome.ALREADY_HANDLED;
        }
        Map<StockKey, Long> demand = bySku(shopId, warehouseId, lines);
        Map<StockKey, Stock> held = new TreeMap<>();
        StockKey shortOf = null;
        for (Map.Entry<StockKey, Long> wanted : demand.entrySet()) {
            Optional<Stock> after = ledger.change(wanted.getKey(), 0, wanted.getValue());
            if (after.isEmpty()) {
                shortOf = wanted.getKey();
                break;
            }
            held.put(wanted.getKey(), after.get());
        }
        String actor = Movement.eventActor(cause.eventType());
        if (shortOf != null) {
            held.keySet().forEach(key -> ledger.change(key, 0, -demand.get(key)).orElseThrow());
            setStatus(shopId, placed.orderId(), Status.SHORT);
            Instant now = clock.instant();
            for (Map.Entry<StockKey, Long> wanted : demand.entrySet()) {
                long available = stockRepository.find(wanted.getKey()).map(Stock::available).orElse(0L);
                if (wanted.getKey().equals(shortOf) || available < wanted.getValue()) {
                    outbox.append(new StockShortage(placed.orderId(), wanted.getKey().skuId(),
                            productOf(lines, wanted.getKey().skuId()), warehouseId, wanted.getValue(), available, now), cause);
                }
            }
            takenByPlatform(shopId, placed.orderId(), demand, lines);
            return Outcome.SHORT;
        }
        held.forEach((key, after) -> ledger.record(new Movement(key, StockMovementReason.RESERVE, 0, demand.get(key),
                placed.orderId(), cause.eventId(), actor, null), after, cause));
        repository.reserveAll(shopId, placed.orderId());
        takenByPlatform(shopId, placed.orderId(), demand, lines);
        return Outcome.RESERVED;
    }

    /** The platform deducted the order's units when the buyer ordered, whether or not we could hold them. */
    private void takenByPlatform(String shopId, String orderId, Map<StockKey, Long> demand, List<Line> lines) {
        Map<String, String> products = new HashMap<>();
        lines.forEach(l -> products.put(l.skuId(), l.productId()));
        platformStock.paid(shopId, orderId, demand, products);
    }

    /**
     * Ships units: on hand and reserved both fall by what left. A package seen before ships nothing again;
     * a correction replaces the order's packages, so only units beyond those already shipped count. Units
     * not held for the order (it was short, or placed before this service knew it) ship from available
     * stock. Goods that left are a fact: when stock cannot cover them (the SKU is not stocked here, or
     * fewer are available than shipped) what is there is taken, the rest is kept on the line as
     * {@code unstocked} and named in the ledger note, and a stocktake sets the count right.
     */
    @Transactional
    public void commit(EventEnvelope cause, OrderShipped shipped) {
        String shopId = cause.shopId();
        Map<String, Line> fromPackages = new TreeMap<>();
        shipped.packages().forEach(p -> p.items().forEach(i -> fromPackages.merge(i.skuId(),
                new Line(fromPackages.size(), i.productId(), i.skuId(), i.quantity(), 0, 0, 0, 0),
                (a, b) -> new Line(a.lineNo(), a.productId(), a.skuId(), a.quantity() + b.quantity(), 0, 0, 0, 0))));
        Opened order = open(shopId, shipped.orderId(), Status.SHIPPED, config.defaultWarehouse(), cause.eventId(),
                List.copyOf(fromPackages.values()));
        if (order.status() == Status.CANCELLED) {
            return; // order-service refuses to ship a cancelled order; a late event cannot bring its stock back out
        }
        Map<String, Integer> newlyShipped = new TreeMap<>();
        for (ShippedPackage p : shipped.packages()) {
            boolean firstSeen = repository.addPackage(shopId, shipped.orderId(), p.carrierCode(), p.trackingNumber(),
                    cause.eventId());
            if (firstSeen || shipped.correction()) {
                p.items().forEach(i -> newlyShipped.merge(i.skuId(), i.quantity(), Integer::sum));
            }
        }
        List<Line> lines = repository.lines(shopId, shipped.orderId());
        int nextLineNo = lines.stream().mapToInt(Line::lineNo).max().orElse(-1) + 1;
        for (Map.Entry<String, Integer> sku : newlyShipped.entrySet()) {
            List<Line> ofSku = lines.stream().filter(l -> l.skuId().equals(sku.getKey())).toList();
            int committed = ofSku.stream().mapToInt(Line::committed).sum();
            int toCommit = (shipped.correction() ? sku.getValue() : committed + sku.getValue()) - committed;
            if (toCommit <= 0) {
                continue;
            }
            List<Shipment> shipments = new ArrayList<>();
            int left = toCommit;
            for (Line line : ofSku) {
                int take = Math.min(left, line.quantity() - line.committed());
                if (take > 0) {
                    shipments.add(new Shipment(line.lineNo(), take, Math.min(take, line.reserved())));
                    left -= take;
                }
            }
            if (left > 0) {
                // More than the lines we know: a later parcel of an order first heard of when it shipped.
                repository.addLine(shopId, shipped.orderId(),
                        new Line(nextLineNo, fromPackages.get(sku.getKey()).productId(), sku.getKey(), left, 0, 0, 0, 0));
                shipments.add(new Shipment(nextLineNo++, left, 0));
            }
            ship(cause, shipped.orderId(), new StockKey(shopId, sku.getKey(), order.warehouseId()), shipments);
        }
        boolean allShipped = repository.lines(shopId, shipped.orderId()).stream().allMatch(l -> l.committed() == l.quantity());
        if (allShipped) {
            setStatus(shopId, shipped.orderId(), Status.SHIPPED);
        }
    }

    /** Units of one line leaving with a shipment, {@code held} of them reserved for it. */
    private record Shipment(int lineNo, int units, int held) {
    }

    /** Takes one SKU's shipped units off stock (COMMIT) and books them on their lines. */
    private void ship(EventEnvelope cause, String orderId, StockKey key, List<Shipment> shipments) {
        long held = shipments.stream().mapToLong(Shipment::held).sum();
        long unreserved = shipments.stream().mapToLong(s -> s.units() - s.held()).sum();
        Stock stock = stockRepository.lock(key).orElse(null);
        long covered = stock == null ? 0 : Math.min(unreserved, stock.available());
        long beyond = unreserved - covered;
        if (held + covered > 0) {
            String note = unreserved == 0 ? null : unreserved + " unit(s) shipped without a reservation"
                    + (beyond == 0 ? "" : ", " + beyond + " of them beyond recorded stock: count it (stocktake)");
            ledger.move(new Movement(key, StockMovementReason.COMMIT, -(held + covered), -held, orderId, cause.eventId(),
                    Movement.eventActor(cause.eventType()), note), cause).orElseThrow();
        }
        if (beyond > 0 && stock != null) {
            LOG.warnf("Order %s shipped %d unit(s) of SKU %s beyond the stock recorded in warehouse %s (shop %s); count it",
                    orderId, beyond, key.skuId(), key.warehouseId(), key.shopId());
        }
        long unstockedLeft = beyond;
        for (Shipment s : shipments) {
            long unstocked = Math.min(unstockedLeft, s.units() - s.held());
            unstockedLeft -= unstocked;
            repository.ship(key.shopId(), orderId, s.lineNo(), s.units(), s.held(), unstocked);
        }
    }

    /**
     * Cancels the order's stock: held units are released (RELEASE) and units that had shipped — a refund
     * after payment — come back on hand (RETURN). An order first heard of here is recorded cancelled, so a
     * late OrderPlaced cannot reserve it.
     */
    @Transactional
    public void release(EventEnvelope cause, OrderCancelled cancelled) {
        String shopId = cause.shopId();
        List<Line> fromItems = new ArrayList<>();
        for (int i = 0; i < cancelled.items().size(); i++) {
            OrderItem item = cancelled.items().get(i);
            fromItems.add(new Line(i, item.productId(), item.skuId(), item.quantity(), 0, 0, 0, 0));
        }
        Opened order = open(shopId, cancelled.orderId(), Status.CANCELLED, config.defaultWarehouse(), cause.eventId(),
                fromItems);
        if (!cancelled.paid()) {
            platformStock.unpaidCancelled(shopId, cancelled.orderId());
        }
        if (order.created() || order.status() == Status.CANCELLED) {
            return;
        }
        List<Line> lines = repository.lines(shopId, cancelled.orderId());
        Map<StockKey, Owed> owed = new TreeMap<>();
        for (Line line : lines) {
            owed.merge(new StockKey(shopId, line.skuId(), order.warehouseId()),
                    new Owed(line.reserved(), line.committed() - line.unstocked() - line.returned()), Owed::plus);
        }
        String actor = Movement.eventActor(cause.eventType());
        owed.forEach((key, units) -> {
            if (units.held() > 0) {
                ledger.move(new Movement(key, StockMovementReason.RELEASE, 0, -units.held(), cancelled.orderId(),
                        cause.eventId(), actor, null), cause).orElseThrow();
            }
            if (units.shipped() > 0) {
                ledger.move(new Movement(key, StockMovementReason.RETURN, units.shipped(), 0, cancelled.orderId(),
                        cause.eventId(), actor, "refund after payment"), cause).orElseThrow();
            }
        });
        repository.releaseAll(shopId, cancelled.orderId());
        setStatus(shopId, cancelled.orderId(), Status.CANCELLED);
    }

    /** Units a cancelled order still holds, and units it had shipped that come back. */
    private record Owed(long held, long shipped) {
        Owed plus(Owed other) {
            return new Owed(held + other.held, shipped + other.shipped);
        }
    }

    /** The order's row, locked; inserted with {@code status} and {@code lines} if this is the first event about the order. */
    private Opened open(String shopId, String orderId, Status status, String warehouseId, UUID eventId, List<Line> lines) {
        return repository.open(shopId, orderId, status, warehouseId, eventId, lines, clock.instant());
    }

    private void setStatus(String shopId, String orderId, Status status) {
        repository.setStatus(shopId, orderId, status, clock.instant());
    }

    /** Units per stock row, in lock order: an order may list a SKU on several lines. */
    private static Map<StockKey, Long> bySku(String shopId, String warehouseId, List<Line> lines) {
        Map<StockKey, Long> demand = new TreeMap<>();
        lines.forEach(l -> demand.merge(new StockKey(shopId, l.skuId(), warehouseId), (long) l.quantity(), Long::sum));
        return demand;
    }

    private static String productOf(List<Line> lines, String skuId) {
        return lines.stream().filter(l -> l.skuId().equals(skuId)).findFirst().orElseThrow().productId();
    }
}
