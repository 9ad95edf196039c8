package io.shipsync.system;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.sim.OrderItem;
import io.shipsync.sim.OrderLine;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.OrderStatePatch;
import io.shipsync.sim.OrderStatus;
import io.shipsync.sim.OrderView;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.WaybillNumbers;
import io.shipsync.system.ServiceApi.Reply;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Traffic at a fixed rate whatever is failing: a buyer pays orders on the platform (which pushes each one to
 * order-service), and an operator ships every paid order through order-service's API as soon as
 * order-service has it, one SF package holding every item, with the same tracking number on every try.
 *
 * <p>On request the next paid order becomes a planted drift: just before it is declared it is cancelled on
 * the platform by hand (250, no push), so the platform refuses the declaration (101100) and order-service
 * must record exactly one finding for it.
 */
final class ChaosTraffic implements AutoCloseable {

    /** A SKU the buyer can order. */
    record Sku(String productId, String skuId) {
    }

    private static final String CARRIER = "SF";
    private static final Duration SHIPPING_TICK = Duration.ofMillis(200);
    /** An order order-service refused to ship (held, conflicting) is asked again this much later, not every tick. */
    private static final Duration REFUSED_RETRY = Duration.ofSeconds(5);

    /** An order the buyer paid, waiting to be shipped. Touched by the operator thread only, after creation. */
    private static final class Paid {
        final OrderView order;
        final String trackingNumber;
        final boolean drift;
        long notBefore;

        Paid(OrderView order, String trackingNumber, boolean drift) {
            this.order = order;
            this.trackingNumber = trackingNumber;
            this.drift = drift;
        }
    }

    private final PlatformSim sim;
    private final String shopId;
    private final List<Sku> skus;
    private final ServiceApi orderService;
    private final Random random = new Random();
    private final ScheduledExecutorService buyer = Executors.newSingleThreadScheduledExecutor(daemon("chaos-buyer"));
    private final ScheduledExecutorService operator = Executors.newSingleThreadScheduledExecutor(daemon("chaos-operator"));
    private final Queue<Paid> toShip = new ConcurrentLinkedQueue<>();
    private final Set<String> plantedDrift = ConcurrentHashMap.newKeySet();
    /** Why order-service last refused to ship an order, while it still does. */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final AtomicBoolean driftNext = new AtomicBoolean();
    private final AtomicLong paid = new AtomicLong();
    private final AtomicLong declared = new AtomicLong();
    private volatile boolean paying;
    private int buyers;

    private ChaosTraffic(PlatformSim sim, String shopId, List<Sku> skus, ServiceApi orderService) {
        this.sim = sim;
        this.shopId = shopId;
        this.skus = List.copyOf(skus);
        this.orderService = orderService;
    }

    /** Starts the operator at once and the buyer at {@code orderInterval}; the buyer pays once {@link #resumePaying()}. */
    static ChaosTraffic start(PlatformSim sim, String shopId, List<Sku> skus, ServiceApi orderService, Duration orderInterval) {
        ChaosTraffic traffic = new ChaosTraffic(sim, shopId, skus, orderService);
        traffic.buyer.scheduleAtFixedRate(traffic::payIfPaying, 0, orderInterval.toNanos(), TimeUnit.NANOSECONDS);
        traffic.operator.scheduleWithFixedDelay(traffic::shipWhatOrderServiceHas, 0, SHIPPING_TICK.toMillis(), TimeUnit.MILLISECONDS);
        return traffic;
    }

    void resumePaying() {
        paying = true;
    }

    /** No new orders: the operator goes on shipping those already paid. */
    void stopPaying() {
        paying = false;
    }

    /** The next order the buyer pays becomes a planted drift. */
    void plantDriftInNextOrder() {
        driftNext.set(true);
    }

    /** Orders cancelled on the platform by hand before their declaration. */
    Set<String> plantedDrift() {
        return Set.copyOf(plantedDrift);
    }

    Optional<String> refusal(String orderId) {
        return Optional.ofNullable(refusals.get(orderId));
    }

    long paid() {
        return paid.get();
    }

    long declared() {
        return declared.get();
    }

    long awaitingShipment() {
        return toShip.size();
    }

    @Override
    public void close() {
        buyer.shutdownNow();
        operator.shutdownNow();
    }

    private void payIfPaying() {
        if (!paying) {
            return;
        }
        try {
            OrderView order = sim.createPaidOrder(shopId, OrderSpec.of(items()).withBuyerIp(nextBuyerIp()));
            toShip.add(new Paid(order, WaybillNumbers.next(CARRIER, random), driftNext.compareAndSet(true, false)));
            paid.incrementAndGet();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: report and keep the rate.
            log("buyer: order not paid: " + e);
        }
    }

    /** One or two SKUs, one or two of each. */
    private OrderItem[] items() {
        List<Sku> shuffled = new ArrayList<>(skus);
        Collections.shuffle(shuffled, random);
        return shuffled.subList(0, 1 + random.nextInt(Math.min(2, shuffled.size()))).stream()
                .map(s -> new OrderItem(s.productId(), s.skuId(), 1 + random.nextInt(2)))
                .toArray(OrderItem[]::new);
    }

    /**
     * A distinct buyer IP per order (the platform gives each order a fresh openid): order-service's fraud
     * review holds more than 3 orders from one buyer or IP in 10 minutes, which is not what this run is about.
     */
    private String nextBuyerIp() {
        int n = buyers++;
        return "198." + (18 + (n >> 16) % 2) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    private void shipWhatOrderServiceHas() {
        try {
            long now = System.nanoTime();
            for (Iterator<Paid> waiting = toShip.iterator(); waiting.hasNext(); ) {
                Paid next = waiting.next();
                if (next.notBefore - now > 0) {
                    continue;
                }
                if (ship(next)) {
                    waiting.remove();
                }
            }
        } catch (IOException unreachable) {
            // order-service is dead or cannot answer: every order waits for the next tick.
        } catch (RuntimeException e) {
            log("operator: " + e);
        }
    }

    /** True once order-service accepted the declaration; false while it does not have the order or refuses it. */
    private boolean ship(Paid next) throws IOException {
        String orderId = next.order.orderId();
        Reply known = orderService.get("/orders/" + orderId);
        if (known.status() == 404) {
            return false;
        }
        unavailableOn(known);
        if (next.drift) {
            sim.setPlatformOrderState(shopId, orderId, new OrderStatePatch(OrderStatus.CANCELLED, null));
            plantedDrift.add(orderId);
        }
        Reply reply = orderService.post("/orders/" + orderId + "/shipments", declaration(next));
        unavailableOn(reply);
        if (reply.status() == 202) {
            refusals.remove(orderId);
            declared.incrementAndGet();
            return true;
        }
        refusals.put(orderId, "HTTP " + reply.status() + " " + reply.problem());
        next.notBefore = System.nanoTime() + REFUSED_RETRY.toNanos();
        return false;
    }

    private static void unavailableOn(Reply reply) throws IOException {
        if (reply.status() >= 500) {
            throw new IOException("order-service answers HTTP " + reply.status());
        }
    }

    private static ObjectNode declaration(Paid paid) {
        ObjectNode body = ServiceApi.JSON.createObjectNode().put("correction", false);
        ObjectNode parcel = body.putArray("packages").addObject().put("carrierCode", CARRIER).put("trackingNumber", paid.trackingNumber);
        ArrayNode items = parcel.putArray("items");
        for (OrderLine line : paid.order.items()) {
            items.addObject().put("productId", line.productId()).put("skuId", line.skuId()).put("quantity", line.quantity());
        }
        return body;
    }

    static void log(String line) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " chaos: " + line);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
