package io.shipsync.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.sim.Address;
import io.shipsync.sim.Delivery;
import io.shipsync.sim.DeliveryItem;
import io.shipsync.sim.FaultSpec;
import io.shipsync.sim.OrderItem;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.OrderStatePatch;
import io.shipsync.sim.OrderStatus;
import io.shipsync.sim.OrderView;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.SkuSpec;
import io.shipsync.sim.WaybillNumbers;
import io.shipsync.sim.demo.ShipSyncApi.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Collectors;

/**
 * Demo traffic for {@code ./shipsync up}: a buyer paying orders on the simulated platform, one every 2–3 s until
 * the process stops, and an operator shipping them through ShipSync's real APIs.
 *
 * <p>Each order is paid on the platform (which pushes it, signed and encrypted, to order-service). With
 * logistics-service ({@link Options#logisticsService()}), most orders are then left to 打单: {@link DemoPrinting},
 * on a thread of its own, prints the waiting ones every 10–15 s (print run, print component, printed →
 * WaybillPrinted), and order-service's auto-ship declares them; one order in {@value #BY_HAND_EVERY} is declared by
 * hand instead. Without it, every order is declared by hand with a valid SF tracking number, and every 6th after a
 * one-off -1 / 100003 on delivery/send, which order-service retries. Every {@value #CYCLE} orders it also plants
 * drift, with declarations of its own: a declaration the platform refuses (the order is cancelled on the platform
 * first: 101100, sync FAILED, a finding), an order shown shipped on the platform that ShipSync never declared
 * (adopted by order-service), and platform stock changed by hand (which inventory-service's platform stock
 * reconciliation puts back). A SKU that inventory-service has kept frozen (platform stock 0) for
 * {@link #FROZEN_BEFORE_RESTOCK} is restocked, so the demo runs for hours and a freeze is seen to end. One line per
 * action goes to standard output, i.e. the simulator's log.
 */
public final class DemoTraffic implements AutoCloseable {

    /**
     * Where ShipSync runs: order-service; inventory-service for its account, the opening stock and restocks, and
     * logistics-service for 打单 (either null to skip it: without logistics-service every order is declared by hand);
     * with an operator token for {@code shopId} in {@code tokenFile}.
     */
    public record Options(String shopId, URI orderService, URI inventoryService, URI logisticsService, Path tokenFile) {
    }

    private static final String DELIVERY_SEND = "/channels/ec/order/delivery/send";
    private static final String CARRIER = "SF";
    /** Orders per round of planted drift (about 2.5 min); the first round comes within a minute of the start. */
    private static final int CYCLE = 60;
    private static final int REJECTED_SLOT = 4;
    private static final int SHIPPED_UNDECLARED_SLOT = 9;
    /**
     * Early in the round, so that the smoke script's stock check, which starts once orders flow, finds the
     * platform stock changed by hand and waits for inventory-service's reconciliation to set it back.
     */
    private static final int STOCK_SLOT = 3;
    /** With 打单, one order in this many is still declared by hand through order-service. */
    private static final int BY_HAND_EVERY = 15;
    private static final Duration ORDER_SERVICE_WAIT = Duration.ofSeconds(30);
    private static final Duration SYNC_WAIT = Duration.ofMinutes(2);
    /** Long enough to see the platform show 0 for a frozen SKU (and buyers stop ordering it) before it ends. */
    private static final Duration FROZEN_BEFORE_RESTOCK = Duration.ofMinutes(1);
    /** Frozen SKUs are looked for at the first order and then every this many orders (about 25 s). */
    private static final int RESTOCK_CHECK_EVERY = 10;
    /** Units a restock brings, well above the freeze level (20 by default). */
    private static final int RESTOCK = 200;
    private static final List<Address> RECEIVERS = List.of(
            new Address("张三", "13800138000", "浙江省", "杭州市", "西湖区", "文三路 100 号", "310000"),
            new Address("李四", "13900139000", "广东省", "深圳市", "南山区", "科技园南路 8 号", "518000"),
            new Address("王芳", "13700137000", "上海市", "上海市", "浦东新区", "世纪大道 200 号", "200120"),
            new Address("赵磊", "13600136000", "四川省", "成都市", "武侯区", "天府大道北段 1 号", "610041"),
            new Address("陈静", "13500135000", "北京市", "北京市", "朝阳区", "建国路 88 号", "100022"));

    private enum Plan { PRINT, SHIP, SHIP_AFTER_FAULT, REJECTED, SHIPPED_UNDECLARED, STOCK_DRIFT }

    /** A declaration order-service accepted, watched until its sync with the platform settles. */
    private record Declared(String orderId, Instant at) {
    }

    private record Sku(String productId, String skuId, String skuCode) {
    }

    private final PlatformSim sim;
    private final Options options;
    private final ShipSyncApi api;
    private final Random random = new Random();
    /** Declarations to report on: the driver's own, and auto-ship's of the orders it printed (another thread). */
    private final Deque<Declared> declared = new ConcurrentLinkedDeque<>();
    /** 打单, or null without logistics-service. */
    private final DemoPrinting printing;
    private final Thread printThread;
    /** Frozen stock rows ({@code skuId@warehouseId}) already logged, each with when to restock it (again). */
    private final Map<String, Instant> frozen = new HashMap<>();
    private final Thread thread;
    private int faults;
    private int buyers;
    private boolean soldOut;

    private DemoTraffic(PlatformSim sim, Options options) {
        this.sim = sim;
        this.options = options;
        this.api = new ShipSyncApi(options.tokenFile());
        this.thread = new Thread(this::run, "demo-traffic");
        thread.setDaemon(true);
        this.printing = options.logisticsService() == null ? null : new DemoPrinting(sim, options.shopId(),
                options.logisticsService(), api, new Random(), orderId -> declared.add(new Declared(orderId, Instant.now())));
        this.printThread = printing == null ? null : new Thread(this::print, "demo-printing");
        if (printThread != null) {
            printThread.setDaemon(true);
        }
    }

    public static DemoTraffic start(PlatformSim sim, Options options) {
        DemoTraffic traffic = new DemoTraffic(sim, options);
        traffic.thread.start();
        if (traffic.printThread != null) {
            traffic.printThread.start();
        }
        return traffic;
    }

    @Override
    public void close() {
        thread.interrupt();
        if (printThread != null) {
            printThread.interrupt();
        }
        try {
            thread.join(5_000);
            if (printThread != null) {
                printThread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void print() {
        try {
            printing.run();
        } catch (InterruptedException stopping) {
            log("打单 stopped");
        }
    }

    private void run() {
        try {
            awaitAccount();
            receiveOpeningStock();
            for (long n = 1; ; n++) {
                try {
                    if (n % RESTOCK_CHECK_EVERY == 1) {
                        restockFrozen();
                    }
                    order(n);
                    reportSettled();
                } catch (IOException | RuntimeException e) {
                    log("order #" + n + " skipped: " + e);
                }
                Thread.sleep(2_000 + random.nextInt(1_001));
            }
        } catch (InterruptedException stopping) {
            log("stopped");
        }
    }

    /**
     * Orders pushed before order-service knows the shop's account would be refused, and inventory-service cannot
     * keep the platform's stock without it either: wait for both.
     */
    private void awaitAccount() throws InterruptedException {
        awaitAccount("order-service", options.orderService());
        if (options.inventoryService() != null) {
            awaitAccount("inventory-service", options.inventoryService());
        }
        log("starting: an order every 2-3 s" + (printing == null ? ", each declared by hand in order-service"
                : ", most left to 打单 in logistics-service (printed, then declared by order-service's auto-ship),"
                + " one in " + BY_HAND_EVERY + " declared by hand"));
    }

    private void awaitAccount(String service, URI baseUrl) throws InterruptedException {
        String path = shopPath() + "/platform-account";
        boolean announced = false;
        while (true) {
            String why;
            try {
                Reply reply = api.get(baseUrl, path);
                if (reply.status() == 200) {
                    log(service + " holds " + options.shopId() + "'s WeChat Shop account (appid "
                            + reply.body().path("appId").asText() + ")");
                    return;
                }
                why = "HTTP " + reply.status();
            } catch (IOException e) {
                why = e.toString();
            }
            if (!announced) {
                log("waiting for " + service + " to hold " + options.shopId() + "'s WeChat Shop account (" + why + ")");
                announced = true;
            }
            Thread.sleep(2_000);
        }
    }

    /**
     * inventory-service receives the platform's stock as its opening stock, once per SKU it has never counted,
     * so reservations for demo orders are not all short (which would hold every order in order-service).
     */
    private void receiveOpeningStock() throws InterruptedException {
        if (options.inventoryService() == null) {
            return;
        }
        List<String> received = new ArrayList<>();
        try {
            for (ProductSpec product : sim.products(options.shopId())) {
                for (SkuSpec sku : product.skus()) {
                    String skuPath = shopPath() + "/skus/" + sku.skuId();
                    Reply stock = api.get(options.inventoryService(), skuPath + "/stock");
                    if (stock.status() == 200) {
                        continue;
                    }
                    ObjectNode adjustment = ShipSyncApi.JSON.createObjectNode()
                            .put("direction", "INCREASE").put("quantity", sku.stock())
                            .put("reason", "demo opening stock, as on the platform").put("create", true)
                            .put("productId", product.productId());
                    Reply reply = api.post(options.inventoryService(), skuPath + "/adjustments", adjustment);
                    if (reply.status() != 200) {
                        log("inventory-service: opening stock of " + sku.skuCode() + " not recorded: HTTP "
                                + reply.status() + " " + reply.problem());
                        return;
                    }
                    received.add(sku.skuCode() + " " + sku.stock());
                }
            }
        } catch (IOException e) {
            log("inventory-service: opening stock not recorded: " + e);
            return;
        }
        log(received.isEmpty() ? "inventory-service: every demo SKU already stocked"
                : "inventory-service: opening stock received as on the platform: " + String.join(", ", received));
    }

    /**
     * A SKU below inventory-service's freeze level is frozen: its platform stock is pushed to 0 and buyers stop
     * ordering it. The merchant restocks (an INCREASE adjustment) once it has been frozen a while; the SKU then
     * unfreezes and inventory-service pushes its figure to the platform again.
     */
    private void restockFrozen() throws InterruptedException {
        if (options.inventoryService() == null) {
            return;
        }
        try {
            restockFrozenAt(Instant.now());
        } catch (IOException e) {
            log("stock: frozen SKUs not checked: " + e);
        }
    }

    private void restockFrozenAt(Instant now) throws IOException, InterruptedException {
        for (ProductSpec product : sim.products(options.shopId())) {
            for (SkuSpec sku : product.skus()) {
                String skuPath = shopPath() + "/skus/" + sku.skuId();
                Reply stock = api.get(options.inventoryService(), skuPath + "/stock");
                if (stock.status() != 200) {
                    continue;
                }
                for (JsonNode warehouse : stock.body().path("warehouses")) {
                    String warehouseId = warehouse.path("warehouseId").asText();
                    String key = sku.skuId() + "@" + warehouseId;
                    String where = sku.skuCode() + " (SKU " + sku.skuId() + ", warehouse " + warehouseId + ")";
                    long available = warehouse.path("available").asLong();
                    if (!warehouse.path("frozen").asBoolean()) {
                        if (frozen.remove(key) != null) {
                            log("stock: " + where + " unfrozen with " + available + " available");
                        }
                        continue;
                    }
                    JsonNode since = warehouse.path("frozenSince");
                    Instant restockAt = frozen.computeIfAbsent(key, k -> {
                        log("stock: " + where + " frozen in inventory-service with " + available + " available;"
                                + " its platform stock is pushed to 0, so buyers stop ordering it; restock due "
                                + FROZEN_BEFORE_RESTOCK.toMinutes() + " min after the freeze");
                        return (since.isTextual() ? Instant.parse(since.asText()) : now).plus(FROZEN_BEFORE_RESTOCK);
                    });
                    if (!now.isBefore(restockAt)) {
                        restock(skuPath, where, warehouseId);
                        frozen.put(key, now.plus(FROZEN_BEFORE_RESTOCK));
                    }
                }
            }
        }
    }

    private void restock(String skuPath, String where, String warehouseId) throws IOException, InterruptedException {
        ObjectNode adjustment = ShipSyncApi.JSON.createObjectNode()
                .put("direction", "INCREASE").put("quantity", RESTOCK)
                .put("reason", "demo restock (补货) after a freeze").put("warehouseId", warehouseId);
        Reply reply = api.post(options.inventoryService(), skuPath + "/adjustments", adjustment);
        if (reply.status() == 200) {
            log("stock: restocked " + where + " with " + RESTOCK + " units in inventory-service; it unfreezes and"
                    + " pushes its figure to the platform");
        } else {
            log("stock: restock of " + where + " refused by inventory-service: HTTP " + reply.status() + " "
                    + reply.problem());
        }
    }

    private void order(long n) throws IOException, InterruptedException {
        Plan plan = plan(n);
        OrderView order = pay();
        if (order == null) {
            return;
        }
        Duration reachedAfter = awaitInOrderService(order.orderId());
        if (reachedAfter == null) {
            return;
        }
        String reached = "order " + order.orderId() + " reached order-service in " + reachedAfter.toMillis() + " ms";
        switch (plan) {
            case PRINT -> {
                printing.toPrint(order.orderId());
                log(reached + "; waits in logistics-service's print queue (待打单)");
            }
            case SHIP -> declare(order, reached, printing == null ? "" : " by hand (no 打单)");
            case SHIP_AFTER_FAULT -> {
                int errcode = faults++ % 2 == 0 ? -1 : 100003;
                sim.injectFault(FaultSpec.errcode(DELIVERY_SEND, errcode, 1).forShop(options.shopId()));
                log("fault: the platform answers the next delivery/send with errcode " + errcode
                        + " once; order-service retries it");
                declare(order, reached, "");
            }
            case REJECTED -> {
                sim.setPlatformOrderState(options.shopId(), order.orderId(),
                        new OrderStatePatch(OrderStatus.CANCELLED, null));
                log("drift: order " + order.orderId() + " cancelled (250) on the platform without a push;"
                        + " its declaration will be refused with 101100");
                declare(order, reached, " (expect sync FAILED + finding DECLARATION_REJECTED)");
            }
            case SHIPPED_UNDECLARED -> {
                String trackingNumber = WaybillNumbers.next(CARRIER, random);
                sim.setPlatformOrderState(options.shopId(), order.orderId(), new OrderStatePatch(OrderStatus.SHIPPED,
                        List.of(new Delivery(CARRIER, trackingNumber, 1, 0, deliveryItems(order)))));
                log("drift: " + reached + "; marked shipped (30, " + CARRIER + " " + trackingNumber + ") on the platform"
                        + " by hand and never declared in ShipSync (expect order-service to adopt it, declared by platform)");
            }
            case STOCK_DRIFT -> {
                if (printing == null) {
                    declare(order, reached, "");
                } else {
                    printing.toPrint(order.orderId());
                    log(reached + "; waits in logistics-service's print queue (待打单)");
                }
                changeStockByHand();
            }
        }
    }

    private Plan plan(long n) {
        long slot = n % CYCLE;
        if (slot == REJECTED_SLOT) {
            return Plan.REJECTED;
        }
        if (slot == SHIPPED_UNDECLARED_SLOT) {
            return Plan.SHIPPED_UNDECLARED;
        }
        if (slot == STOCK_SLOT) {
            return Plan.STOCK_DRIFT;
        }
        if (printing != null) {
            // With 打单, DemoPrinting plants the delivery/send faults, before auto-ship declares a run.
            return n % BY_HAND_EVERY == 7 ? Plan.SHIP : Plan.PRINT;
        }
        return n % 6 == 2 ? Plan.SHIP_AFTER_FAULT : Plan.SHIP;
    }

    /** A buyer pays for one or two SKUs that still have platform stock; null while the shop shows none. */
    private OrderView pay() {
        List<OrderItem> available = new ArrayList<>();
        for (ProductSpec product : sim.products(options.shopId())) {
            for (SkuSpec sku : product.skus()) {
                if (sku.stock() >= 2) {
                    available.add(new OrderItem(product.productId(), sku.skuId(), 1 + random.nextInt(2)));
                }
            }
        }
        if (available.isEmpty()) {
            if (!soldOut) {
                log("the demo shop shows no stock on the platform: no orders until a restock");
                soldOut = true;
            }
            return null;
        }
        soldOut = false;
        Collections.shuffle(available, random);
        List<OrderItem> items = available.subList(0, Math.min(available.size(), 1 + random.nextInt(2)));
        // A distinct buyer IP per order (and the platform's fresh openid) keeps order-service's fraud review,
        // more than 3 orders from one buyer or IP in 10 minutes, out of the demo.
        OrderSpec spec = new OrderSpec(null, null, buyerIp(), items, RECEIVERS.get(random.nextInt(RECEIVERS.size())),
                0, 0, false);
        OrderView order = sim.createPaidOrder(options.shopId(), spec);
        long totalFen = order.items().stream().mapToLong(l -> l.salePrice() * l.quantity()).sum() + order.freight();
        log("paid order " + order.orderId() + ": " + order.items().stream()
                .map(l -> l.skuCode() + " x" + l.quantity()).collect(Collectors.joining(", "))
                + String.format(", ¥%d.%02d", totalFen / 100, totalFen % 100)
                + ", to " + order.address().cityName() + "; pushed to order-service");
        return order;
    }

    private String buyerIp() {
        int n = buyers++;
        return (n % 2 == 0 ? "198.51.100." : "203.0.113.") + (1 + (n / 2) % 254);
    }

    /** How long the push took to become an order in order-service, or null when it did not. */
    private Duration awaitInOrderService(String orderId) throws IOException, InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(ORDER_SERVICE_WAIT);
        while (true) {
            Reply reply = api.get(options.orderService(), orderPath(orderId));
            if (reply.status() == 200) {
                return Duration.between(start, Instant.now());
            }
            if (reply.status() != 404) {
                log("order " + orderId + ": order-service answers HTTP " + reply.status() + " " + reply.problem()
                        + "; left alone");
                return null;
            }
            if (Instant.now().isAfter(deadline)) {
                log("order " + orderId + ": not in order-service after " + ORDER_SERVICE_WAIT.toSeconds()
                        + " s; left alone (its pushes: GET /sim/pushes?orderId=" + orderId + ")");
                return null;
            }
            Thread.sleep(200);
        }
    }

    /** The operator declares every item in one SF package (发货) through order-service. */
    private void declare(OrderView order, String reached, String expectation) throws IOException, InterruptedException {
        String trackingNumber = WaybillNumbers.next(CARRIER, random);
        ObjectNode body = ShipSyncApi.JSON.createObjectNode().put("correction", false);
        ObjectNode parcel = body.putArray("packages").addObject()
                .put("carrierCode", CARRIER).put("trackingNumber", trackingNumber);
        ArrayNode items = parcel.putArray("items");
        order.items().forEach(l -> items.addObject()
                .put("productId", l.productId()).put("skuId", l.skuId()).put("quantity", l.quantity()));
        Reply reply = api.post(options.orderService(), orderPath(order.orderId()) + "/shipments", body);
        if (reply.status() == 202) {
            log(reached + "; declared " + CARRIER + " " + trackingNumber + expectation);
            declared.add(new Declared(order.orderId(), Instant.now()));
        } else {
            log(reached + "; declaration refused by order-service: HTTP " + reply.status() + " " + reply.problem());
        }
    }

    /** Platform stock of one SKU set by hand, as a merchant might in the back office. */
    private void changeStockByHand() {
        List<Sku> skus = new ArrayList<>();
        sim.products(options.shopId()).forEach(p -> p.skus().forEach(s -> skus.add(new Sku(p.productId(), s.skuId(), s.skuCode()))));
        Sku sku = skus.get(random.nextInt(skus.size()));
        int before = sim.stock(options.shopId(), sku.productId(), sku.skuId());
        int after = Math.max(0, before - 2 - random.nextInt(9));
        sim.setStock(options.shopId(), sku.productId(), sku.skuId(), after);
        log("drift: platform stock of " + sku.skuCode() + " (SKU " + sku.skuId() + ") set by hand " + before + " -> " + after
                + "; inventory-service's next platform stock reconciliation sets it back to its own figure");
    }

    /** Logs how earlier declarations ended with the platform: SYNCED, FAILED, or still PENDING. */
    private void reportSettled() throws IOException, InterruptedException {
        Instant now = Instant.now();
        for (int i = declared.size(); i > 0; i--) {
            Declared next = declared.poll();
            if (next.at().isAfter(now.minusSeconds(2))) {
                declared.add(next);
                continue;
            }
            Reply reply = api.get(options.orderService(), orderPath(next.orderId()));
            JsonNode sync = reply.body().path("sync");
            String status = sync.path("status").asText("?");
            int attempts = sync.path("attempts").asInt();
            switch (status) {
                case "SYNCED" -> log("order " + next.orderId() + ": sync SYNCED after " + attempts
                        + (attempts == 1 ? " attempt" : " attempts") + declaredBy(reply.body()));
                case "FAILED" -> log("order " + next.orderId() + ": sync FAILED, errcode " + sync.path("lastErrcode").asText()
                        + " (" + sync.path("lastError").asText() + ")");
                default -> {
                    if (next.at().isAfter(now.minus(SYNC_WAIT))) {
                        declared.add(next);
                    } else {
                        log("order " + next.orderId() + ": sync still " + status + " after " + SYNC_WAIT.toMinutes()
                                + " min (HTTP " + reply.status() + ")");
                    }
                }
            }
        }
    }

    /** Who declared the order's latest package, and its number: ", declared by auto-ship (SF SF…)". */
    private static String declaredBy(JsonNode order) {
        JsonNode packages = order.path("packages");
        if (packages.isEmpty()) {
            return "";
        }
        JsonNode last = packages.get(packages.size() - 1);
        return ", declared by " + last.path("declaredBy").asText("?") + " (" + last.path("carrierCode").asText() + " "
                + last.path("trackingNumber").asText() + ")";
    }

    private static List<DeliveryItem> deliveryItems(OrderView order) {
        return order.items().stream().map(l -> new DeliveryItem(l.productId(), l.skuId(), l.quantity())).toList();
    }

    private String shopPath() {
        return "/api/shops/" + options.shopId();
    }

    private String orderPath(String orderId) {
        return shopPath() + "/orders/" + orderId;
    }

    static void log(String line) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " demo: " + line);
    }
}
