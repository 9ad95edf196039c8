package io.shipsync.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TopicReader;
import io.shipsync.sim.Delivery;
import io.shipsync.sim.OrderLine;
import io.shipsync.sim.OrderView;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.SkuSpec;
import io.shipsync.system.ServiceApi.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;

/**
 * What must hold once a fault is over, each checked where it can be seen from outside: order-service's and
 * inventory-service's HTTP APIs, inventory-service's database, the platform (platform-sim) and Kafka.
 * {@link #differences()} names, per invariant, everything that differs; empty means all hold.
 */
final class Invariants {

    static final String ORDERS = "every platform order is in order-service with the same status and packages";
    static final String DECLARATIONS = "every declaration is SYNCED";
    static final String FINDINGS = "each planted drift has exactly one finding, nothing else has one";
    static final String RESERVATIONS = "inventory-service holds exactly one reservation per paid order";
    static final String STOCK = "the platform's stock equals inventory-service's shouldShow for every SKU";
    static final String DEAD_LETTERS = "every dead-letter topic is empty";

    private static final List<String> DEAD_LETTER_TOPICS = List.of("shipsync.dlq.order-service", "shipsync.dlq.inventory-service");

    private final PlatformSim sim;
    private final String shopId;
    private final ChaosTraffic traffic;
    private final ServiceApi orderService;
    private final ServiceApi inventoryService;
    private final String inventoryDatabase;
    private final String bootstrapServers;
    /** Orders seen consistent and SYNCED since {@link #forgetSettled()}: nothing in the traffic changes them again. */
    private final Set<String> settled = new HashSet<>();

    Invariants(PlatformSim sim, String shopId, ChaosTraffic traffic, ServiceApi orderService, ServiceApi inventoryService,
               String inventoryDatabase, String bootstrapServers) {
        this.sim = sim;
        this.shopId = shopId;
        this.traffic = traffic;
        this.orderService = orderService;
        this.inventoryService = inventoryService;
        this.inventoryDatabase = inventoryDatabase;
        this.bootstrapServers = bootstrapServers;
    }

    /** Every order is checked afresh after each fault, then only those not yet settled. */
    void forgetSettled() {
        settled.clear();
    }

    /** Invariant → what differs, in the order above; an invariant that holds is absent. */
    Map<String, List<String>> differences() {
        Map<String, List<String>> differences = new LinkedHashMap<>();
        for (String invariant : List.of(ORDERS, DECLARATIONS, FINDINGS, RESERVATIONS, STOCK, DEAD_LETTERS)) {
            differences.put(invariant, new ArrayList<>());
        }
        List<OrderView> platformOrders = sim.orders(shopId);
        Set<String> drift = traffic.plantedDrift();
        try {
            checkOrders(platformOrders, drift, differences.get(ORDERS), differences.get(DECLARATIONS));
        } catch (IOException e) {
            differences.get(ORDERS).add("order-service does not answer: " + e);
        }
        try {
            checkFindings(drift, differences.get(FINDINGS));
        } catch (IOException e) {
            differences.get(FINDINGS).add("order-service does not answer: " + e);
        }
        try {
            checkReservations(platformOrders, drift, differences.get(RESERVATIONS));
        } catch (SQLException e) {
            differences.get(RESERVATIONS).add("inventory-service's database cannot be read: " + e.getMessage());
        }
        try {
            checkStock(differences.get(STOCK));
        } catch (IOException e) {
            differences.get(STOCK).add("inventory-service does not answer: " + e);
        }
        checkDeadLetters(differences.get(DEAD_LETTERS));
        differences.values().removeIf(List::isEmpty);
        return differences;
    }

    /** Platform orders order-service does not have at all; an answer other than found or not found is no figure. */
    long ordersMissingInOrderService() throws IOException {
        long missing = 0;
        for (OrderView order : sim.orders(shopId)) {
            int status = orderService.get("/orders/" + order.orderId()).status();
            if (status == 404) {
                missing++;
            } else if (status != 200) {
                throw new IOException("order-service answers HTTP " + status + " for order " + order.orderId());
            }
        }
        return missing;
    }

    private void checkOrders(List<OrderView> platformOrders, Set<String> drift, List<String> orders, List<String> declarations)
            throws IOException {
        for (OrderView platform : platformOrders) {
            String orderId = platform.orderId();
            if (settled.contains(orderId)) {
                continue;
            }
            Reply reply = orderService.get("/orders/" + orderId);
            if (reply.status() == 404) {
                orders.add(orderId + " is missing (paid on the platform " + ago(platform.payTime()) + ")");
                continue;
            }
            if (reply.status() != 200) {
                orders.add(orderId + ": order-service answers HTTP " + reply.status() + " " + reply.problem());
                continue;
            }
            if (drift.contains(orderId)) {
                continue; // planted: status and packages differ on purpose, its finding is checked instead
            }
            JsonNode ours = reply.body();
            boolean consistent = true;
            int ourStatus = ours.path("platformStatus").asInt();
            if (ourStatus != platform.status()) {
                orders.add(orderId + ": status " + ourStatus + " in order-service, " + platform.status() + " on the platform");
                consistent = false;
            }
            List<String> ourPackages = new ArrayList<>();
            ours.path("packages").forEach(p -> ourPackages.add(pack(p.path("carrierCode").asText(), p.path("trackingNumber").asText(),
                    items(p.path("items")))));
            List<String> theirPackages = platform.deliveries().stream().map(Invariants::pack).toList();
            if (!sorted(ourPackages).equals(sorted(theirPackages))) {
                orders.add(orderId + ": packages " + sorted(ourPackages) + " in order-service, " + sorted(theirPackages) + " on the platform");
                consistent = false;
            }
            JsonNode sync = ours.path("sync");
            if (!sync.isObject()) {
                declarations.add(orderId + ": never declared" + traffic.refusal(orderId)
                        .map(why -> " (order-service refuses it: " + why + ")").orElse(" (the operator has not shipped it yet)"));
            } else if (!"SYNCED".equals(sync.path("status").asText())) {
                declarations.add(orderId + ": " + sync.path("status").asText() + " after " + sync.path("attempts").asInt()
                        + " attempt(s), last errcode " + sync.path("lastErrcode").asText("-") + " " + sync.path("lastError").asText(""));
            } else if (consistent) {
                settled.add(orderId);
            }
        }
    }

    private void checkFindings(Set<String> drift, List<String> out) throws IOException {
        Reply reply = orderService.get("/findings");
        if (reply.status() != 200) {
            out.add("order-service answers HTTP " + reply.status() + " " + reply.problem());
            return;
        }
        Map<String, List<String>> kinds = new TreeMap<>();
        reply.body().forEach(f -> kinds.computeIfAbsent(f.path("orderId").asText(), k -> new ArrayList<>()).add(f.path("kind").asText()));
        for (String orderId : drift) {
            List<String> found = kinds.getOrDefault(orderId, List.of());
            if (found.size() != 1) {
                out.add(orderId + " (planted: cancelled on the platform, then declared) has " + found.size() + " open finding(s) " + found);
            }
        }
        kinds.forEach((orderId, found) -> {
            if (!drift.contains(orderId)) {
                out.add(orderId + " (nothing planted) has open finding(s) " + found);
            }
        });
    }

    private void checkReservations(List<OrderView> platformOrders, Set<String> drift, List<String> out) throws SQLException {
        record Line(long quantity, long reserved, long committed) {
        }
        Map<String, String> status = new HashMap<>();
        Map<String, Map<String, Line>> lines = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(inventoryDatabase) + "?connectTimeout=5&socketTimeout=10",
                TestDatabase.USER, TestDatabase.PASSWORD);
             PreparedStatement query = connection.prepareStatement("""
                     SELECT r.order_id, r.status, l.sku_id, l.quantity, l.reserved, l.committed
                     FROM reservations r LEFT JOIN reservation_lines l ON l.shop_id = r.shop_id AND l.order_id = r.order_id
                     WHERE r.shop_id = ?""")) {
            query.setString(1, shopId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String orderId = rows.getString("order_id");
                    status.put(orderId, rows.getString("status"));
                    Map<String, Line> bySku = lines.computeIfAbsent(orderId, k -> new TreeMap<>());
                    if (rows.getString("sku_id") != null) {
                        bySku.merge(rows.getString("sku_id"), new Line(rows.getLong("quantity"), rows.getLong("reserved"), rows.getLong("committed")),
                                (a, b) -> new Line(a.quantity() + b.quantity(), a.reserved() + b.reserved(), a.committed() + b.committed()));
                    }
                }
            }
        }
        Set<String> paid = new HashSet<>();
        for (OrderView platform : platformOrders) {
            if (platform.payTime() == null) {
                continue;
            }
            String orderId = platform.orderId();
            paid.add(orderId);
            if (!status.containsKey(orderId)) {
                out.add(orderId + " has no reservation (paid on the platform " + ago(platform.payTime()) + ")");
                continue;
            }
            if (drift.contains(orderId)) {
                continue; // cancelled on the platform by hand: what its units do next is not this invariant's
            }
            if (!List.of("RESERVED", "SHIPPED").contains(status.get(orderId))) {
                out.add(orderId + ": reservation " + status.get(orderId));
            }
            Map<String, Long> ordered = platform.items().stream()
                    .collect(Collectors.groupingBy(OrderLine::skuId, TreeMap::new, Collectors.summingLong(OrderLine::quantity)));
            Map<String, Line> held = lines.get(orderId);
            if (!held.keySet().equals(ordered.keySet())) {
                out.add(orderId + ": reservation lines for SKUs " + held.keySet() + ", ordered " + ordered.keySet());
                continue;
            }
            ordered.forEach((sku, quantity) -> {
                Line line = held.get(sku);
                if (line.quantity() != quantity || line.reserved() + line.committed() != quantity) {
                    out.add(orderId + ": SKU " + sku + " ordered " + quantity + ", reservation line of " + line.quantity()
                            + " holds " + line.reserved() + " reserved + " + line.committed() + " committed");
                }
            });
        }
        status.keySet().stream().filter(orderId -> !paid.contains(orderId)).sorted()
                .forEach(orderId -> out.add(orderId + " is reserved (" + status.get(orderId) + ") but not a paid order on the platform"));
    }

    private void checkStock(List<String> out) throws IOException {
        Reply reply = inventoryService.get("/platform-stock");
        if (reply.status() != 200) {
            out.add("inventory-service answers HTTP " + reply.status() + " " + reply.problem());
            return;
        }
        Map<String, JsonNode> ours = new HashMap<>();
        reply.body().path("skus").forEach(s -> ours.put(s.path("skuId").asText(), s));
        for (ProductSpec product : sim.products(shopId)) {
            for (SkuSpec sku : product.skus()) {
                JsonNode row = ours.get(sku.skuId());
                if (row == null) {
                    out.add("SKU " + sku.skuId() + " shows " + sku.stock() + " on the platform, unknown to inventory-service's platform stock");
                } else if (row.path("shouldShow").asLong() != sku.stock()) {
                    out.add("SKU " + sku.skuId() + " shows " + sku.stock() + " on the platform, shouldShow " + row.path("shouldShow").asLong()
                            + " (available " + row.path("available").asLong() + ", heldUnpaid " + row.path("heldUnpaid").asLong()
                            + ", frozen " + row.path("frozen").asBoolean() + ", believed " + row.path("believed").asText()
                            + ", due " + row.path("due").asBoolean() + ", last errcode " + row.path("lastErrcode").asText("-")
                            + " " + row.path("lastError").asText("") + ")");
                }
            }
        }
    }

    private void checkDeadLetters(List<String> out) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            for (String topic : DEAD_LETTER_TOPICS) {
                long letters = records(admin, topic);
                if (letters > 0) {
                    out.add(topic + " holds " + letters + " record(s): " + reasons(topic));
                }
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            out.add("Kafka cannot be read: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.add("interrupted reading Kafka");
        }
    }

    /** Records on the topic now: the sum over its partitions of end minus start offsets (0 for a topic never created). */
    private static long records(Admin admin, String topic) throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> {
            earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        });
        Map<TopicPartition, ListOffsetsResultInfo> start = admin.listOffsets(earliest).all().get(15, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS);
        return end.entrySet().stream().mapToLong(e -> e.getValue().offset() - start.get(e.getKey()).offset()).sum();
    }

    /** Each dead letter's key and reason, as the dead-letter strategy recorded them. */
    private List<String> reasons(String topic) {
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, String> letter : TopicReader.readAll(bootstrapServers, topic)) {
            Header reason = letter.headers().lastHeader("dead-letter-reason");
            reasons.add("key " + letter.key() + ": " + (reason == null ? "(no reason)" : new String(reason.value(), StandardCharsets.UTF_8)));
        }
        return reasons;
    }

    private static String pack(Delivery delivery) {
        return pack(delivery.deliveryId(), delivery.waybillId(),
                delivery.items().stream().map(i -> i.productId() + "/" + i.skuId() + "x" + i.quantity()).toList());
    }

    private static List<String> items(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.path("productId").asText() + "/" + i.path("skuId").asText() + "x" + i.path("quantity").asInt()));
        return out;
    }

    private static String pack(String carrier, String trackingNumber, List<String> items) {
        return carrier + " " + trackingNumber + " " + sorted(items);
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    private static String ago(Long epochSeconds) {
        return epochSeconds == null ? "(unpaid)" : (Instant.now().getEpochSecond() - epochSeconds) + " s ago";
    }
}
