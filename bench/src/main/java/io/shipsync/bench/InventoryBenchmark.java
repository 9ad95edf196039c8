package io.shipsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shipsync.events.AggregateTypes;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import io.shipsync.events.Topics;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.ApiCall;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * inventory-service's figures: reservations per second from OrderPlaced events on Kafka, on one hot SKU and
 * spread over 10,000 SKUs, and platform stock pushes (coalesced stock/update calls) after bursts of stock
 * changes, with platform-sim's per-SKU update limit off and on. The packaged service runs as its own process
 * against an in-process KRaft broker, fresh databases on the machine's PostgreSQL and an embedded platform-sim
 * over HTTP. Baselines in the same run: the reservation's conditional UPDATE by plain JDBC from as many threads
 * as the service has order consumers, and stock/update straight to the simulator from as many threads as the
 * service has push workers. Exits 1 when a check fails (oversold, ledger unbalanced, platform not in step, outbox
 * rows left behind), 2 on any other error. Commands: docs/benchmarks.md.
 */
public final class InventoryBenchmark {

    private static final String DB = "shipsync_bench_inventory";
    // As the local broker (deploy) and the test kit create topics.
    private static final int PARTITIONS = 3;
    private static final String ORDER_TOPIC = Topics.forAggregateType(AggregateTypes.ORDER);
    // shipsync.inventory.default-warehouse: orders reserve from it and only it is mirrored to the platform.
    private static final String WAREHOUSE = "default";
    // Quarkus names the consumer group after the application.
    private static final String CONSUMER_GROUP = "inventory-service";
    private static final String STOCK_UPDATE = "/channels/ec/product/stock/update";
    private static final String STOCK_GET = "/channels/ec/product/stock/get";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final int ORDERS = Integer.getInteger("bench.orders", 22_000);
    private static final int HOT_STOCK = Integer.getInteger("bench.hotStock", 20_000);
    private static final int SKUS = Integer.getInteger("bench.skus", 10_000);
    private static final int SPREAD_STOCK = 100;
    // Enough for the JIT to settle before the first measured phase (fewer left the hot run ~25% slower), with
    // 90 units for ~100 orders a SKU so that the SHORT path is compiled too.
    private static final int WARM_UP_ORDERS = 10_000;
    private static final int WARM_UP_STOCK = 90;
    private static final int PUSH_STOCK = 1_000;
    // shipsync.inventory.platform.coalesce's default: how long a change waits for the rest of its burst.
    private static final String COALESCE = "200 milliseconds";
    // SKUs, and changes per SKU: from a few SKUs changing many times a second to many SKUs changing now and then.
    private static final int[][] BURSTS = {{10, 100}, {100, 20}, {1_000, 5}};
    private static final Pattern SKU_ID = Pattern.compile("\"sku_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final int LIMIT = Integer.getInteger("bench.stockUpdatesPerSecond", 5);
    // The service's defaults (INVENTORY_ORDER_CONSUMERS, shipsync.inventory.platform.push-workers), passed to it
    // explicitly so that each baseline runs as many threads as the service does.
    private static final int CONSUMERS = 3;
    private static final int PUSH_WORKERS = 4;
    // Clients changing stock through the API at once in a burst.
    private static final int API_CLIENTS = 8;
    private static final int DIRECT_SECONDS = 10;
    private static final Duration QUIET_LIMIT = Duration.ofSeconds(120);
    private static final Duration RELAY_IDLE = Duration.ofSeconds(10);
    private static final Duration IN_STEP_LIMIT = Duration.ofSeconds(180);
    private static final long SEED = 20_261_126L;
    // StockLedger.change's conditional UPDATE, which every reservation issues, in JDBC's positional form.
    private static final String RESERVE = """
            UPDATE stock SET on_hand = on_hand + ?, reserved = reserved + ?, version = version + 1, updated_at = ?
            WHERE shop_id = ? AND sku_id = ? AND warehouse_id = ? AND on_hand + ? >= reserved + ? AND reserved + ? >= 0
            RETURNING shop_id, sku_id, warehouse_id, product_id, on_hand, reserved, announced_level, frozen, frozen_since,
                      version, updated_at""";

    /** Reservations of one run of orders, with what the database holds afterwards. */
    private record Reserved(int orders, int skus, long stockPerSku, Map<Integer, Integer> perPartition, double seconds,
                            double serviceSeconds, double produceSeconds, String cores, long reserved, long shortOnes,
                            long expectedReserved, long minAvailable, int rowsOff, int unbalanced, boolean apiBalanced) {

        double perSecond() {
            return orders / seconds;
        }

        double servicePerSecond() {
            return (orders - 1) / serviceSeconds;
        }

        boolean ok() {
            return reserved == expectedReserved && shortOnes == orders - expectedReserved && minAvailable >= 0
                    && rowsOff == 0 && unbalanced == 0 && apiBalanced;
        }
    }

    /** The plain-JDBC baseline: the same UPDATE, one transaction each. */
    private record Updates(double perSecond, long updated, long refused, String cores) {
    }

    /** The simulator's raw capacity; {@code refused} counts errcodes, the load's failures transport errors. */
    private record Direct(Load load, long refused) {
    }

    /** Outbox rows the relay left behind, and how many of them are on Kafka all the same. */
    private record Leftovers(String database, int rows, int onKafka, String types) {
    }

    /** A platform shop of the push phases: its SKUs and what the platform must show for each. */
    private record PushShop(String id, int skus, AtomicIntegerArray expected) {
    }

    /** One burst of stock changes and the pushes that brought the platform in step. */
    private record Pushed(int skus, int limit, int changes, boolean throughApi, long failedChanges, double changeSeconds, long pushes,
                          long rateLimited, long otherRefusals, long reads, double pushSpanSeconds, int peakPerSkuSecond,
                          double inStepSeconds, double lastChangeToInStepMs, String cores, boolean ok) {

        double changesPerSecond() {
            return changes / changeSeconds;
        }

        double pushesPerSecond() {
            return pushSpanSeconds > 0 ? (pushes - 1) / pushSpanSeconds : 0;
        }

        double changesPerPush() {
            return pushes == 0 ? 0 : (double) changes / pushes;
        }
    }

    private final EventCodec codec = new EventCodec();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger shops = new AtomicInteger();
    private String bootstrap;
    // The service process of the current phases: its database, API and OS process.
    private Connection db;
    private String api;
    private ProcessHandle service;
    // The figures.
    private int partitions;
    private String consumers;
    private Reserved hot;
    private Updates hotJdbc;
    private Reserved spread;
    private Updates spreadJdbc;
    private Direct direct;
    private final List<Pushed> pushes = new ArrayList<>();
    private final List<Leftovers> leftovers = new ArrayList<>();

    private InventoryBenchmark() {
    }

    public static void main(String[] args) {
        BenchMain.runAndExit(() -> new InventoryBenchmark().run());
    }

    /** True when every check held. */
    private boolean run() throws Exception {
        KafkaClusterTestKit kafka = BenchKafka.start(PARTITIONS);
        try {
            bootstrap = kafka.bootstrapServers();
            return measure();
        } finally {
            kafka.close();
        }
    }

    /**
     * Three service processes, each on a database of its own: reservations, then the push phases without and with
     * the per-SKU limit, so that both push phases start alike (cold service, same warm-up, same tables) and no
     * process inherits what an earlier one left.
     */
    private boolean measure() throws Exception {
        partitions = createOrderTopic();
        List<String> databases = new ArrayList<>();
        try {
            withService(DB, 0, databases, this::reservationPhases);
            withService(DB + "_push0", 0, databases, sim -> {
                progress("Baseline: stock/update straight to platform-sim, %d threads, %d s", PUSH_WORKERS, DIRECT_SECONDS);
                direct = directUpdates(sim);
                warmUpPushes(sim, 0);
                pushes.addAll(pushPhases(sim, 0));
            });
            withService(DB + "_push" + LIMIT, LIMIT, databases, sim -> {
                warmUpPushes(sim, LIMIT);
                pushes.addAll(pushPhases(sim, LIMIT));
            });
        } finally {
            databases.forEach(TestDatabase::dropSlots);
        }
        print();
        return hot.ok() && spread.ok() && pushes.stream().allMatch(Pushed::ok) && leftovers.stream().allMatch(l -> l.rows() == 0);
    }

    /** What runs against one service process. */
    private interface Phases {
        void run(PlatformSim sim) throws Exception;
    }

    /**
     * A fresh {@code database}, a simulator with the given per-SKU limit and the service on both; afterwards,
     * with the service stopped, the outbox rows it left behind.
     */
    private void withService(String database, int limit, List<String> databases, Phases phases) throws Exception {
        TestDatabase.recreate(database, TestDatabase.serviceRole("inventory-service"));
        databases.add(database);
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(database), TestDatabase.USER, TestDatabase.PASSWORD)) {
            db = connection;
            try (PlatformSim sim = PlatformSim.start(simConfig(limit));
                 ServiceProcess inventory = startService(database, sim, limit)) {
                api = inventory.baseUrl();
                service = inventory.handle();
                phases.run(sim);
            }
            leftovers.add(leftovers(database));
        }
    }

    private void reservationPhases(PlatformSim sim) throws Exception {
        progress("Warm-up: %,d orders over 100 SKUs, stock %d each", WARM_UP_ORDERS, WARM_UP_STOCK);
        reservations("warmup", randomSkus(WARM_UP_ORDERS, 100, new Random(SEED)), 100, WARM_UP_STOCK);
        consumers = consumerGroup();
        int[] hotSkus = new int[ORDERS];
        progress("Hot SKU: %,d orders, stock %,d", ORDERS, HOT_STOCK);
        hot = reservations("hot", hotSkus, 1, HOT_STOCK);
        progress("Baseline: the same UPDATE by plain JDBC, %d threads, 1 row", CONSUMERS);
        hotJdbc = updates("jdbc-hot", hotSkus, 1, HOT_STOCK);
        int[] spreadSkus = randomSkus(ORDERS, SKUS, new Random(SEED));
        progress("Spread: %,d orders over %,d SKUs, stock %d each", ORDERS, SKUS, SPREAD_STOCK);
        spread = reservations("spread", spreadSkus, SKUS, SPREAD_STOCK);
        progress("Baseline: the same UPDATE by plain JDBC, %d threads, %,d rows", CONSUMERS, SKUS);
        spreadJdbc = updates("jdbc-spread", spreadSkus, SKUS, SPREAD_STOCK);
    }

    /** Calls are kept for counting; the default log of 10,000 would drop the direct baseline's. */
    private static PlatformSim.Config simConfig(int stockUpdatesPerSecond) {
        return PlatformSim.Config.defaults().withStockUpdatesPerSecond(stockUpdatesPerSecond).withLogCapacity(500_000);
    }

    private ServiceProcess startService(String database, PlatformSim sim, int limit) throws Exception {
        progress("inventory-service on database %s, platform-sim with stock/update limit %s", database, limitName(limit));
        return ServiceProcess.start("inventory-service", "inventory-service-" + database + ".log", ServiceProcess.freePort(),
                database, bootstrap, sim.baseUrl(), List.of(
                "-Dmp.messaging.incoming.order-events.concurrency=" + CONSUMERS,
                "-Dshipsync.inventory.platform.push-workers=" + PUSH_WORKERS,
                // The full reconciliation would read every SKU of every shop in the middle of a burst; a run
                // lasts longer than its 5 minutes, so it is moved out of the way.
                "-Dshipsync.inventory.platform.reconcile-interval=1h",
                // Relay starts, restarts and leadership changes, a few lines, to explain any event left behind.
                "-Dquarkus.log.category.\"io.shipsync.eventing\".level=INFO"));
    }

    /** Created before the service starts, with the broker's default partition count; answers that count. */
    private int createOrderTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(ORDER_TOPIC, Optional.empty(), Optional.empty()))).all().get();
            return admin.describeTopics(List.of(ORDER_TOPIC)).allTopicNames().get().get(ORDER_TOPIC).partitions().size();
        }
    }

    /** The service's consumers of the order topic and the partitions each was given. */
    private String consumerGroup() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(CONSUMER_GROUP)).all().get().get(CONSUMER_GROUP);
            List<String> members = new ArrayList<>();
            for (MemberDescription member : group.members()) {
                members.add(member.assignment().topicPartitions().stream().filter(p -> p.topic().equals(ORDER_TOPIC))
                        .map(p -> Integer.toString(p.partition())).sorted().toList().toString());
            }
            members.sort(null);
            return members.size() + " consumers in group " + CONSUMER_GROUP + ", partitions " + String.join(" ", members);
        }
    }

    // ---- reservations ----

    /**
     * Orders of one unit each, order {@code i} for SKU {@code skuOf[i]}, produced to Kafka as fast as the
     * producer goes; timed from the first send until every order has its reservation row.
     */
    private Reserved reservations(String label, int[] skuOf, int skus, int stockPerSku) throws Exception {
        String shop = "bench-" + label;
        stockUp(shop, skus, stockPerSku);
        List<ProducerRecord<String, String>> records = orderPlaced(shop, skuOf);
        CpuTime before = CpuTime.now(service);
        long start = System.nanoTime();
        Map<Integer, Integer> perPartition = produce(records);
        long produced = System.nanoTime();
        awaitReservations(shop, skuOf.length);
        long done = System.nanoTime();
        String cores = CpuTime.now(service).coresSince(before);
        double serviceSeconds;
        try (PreparedStatement span = db.prepareStatement("""
                SELECT extract(epoch FROM max(created_at) - min(created_at)) FROM reservations WHERE shop_id = ?""")) {
            span.setString(1, shop);
            serviceSeconds = single(span);
        }
        Map<String, Long> statuses = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement("SELECT status, count(*) FROM reservations WHERE shop_id = ? GROUP BY status")) {
            query.setString(1, shop);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    statuses.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        int[] ordered = new int[skus];
        for (int sku : skuOf) {
            ordered[sku]++;
        }
        long expected = 0;
        for (int count : ordered) {
            expected += Math.min(count, stockPerSku);
        }
        long minAvailable = Long.MAX_VALUE;
        int rowsOff = 0;
        try (PreparedStatement query = db.prepareStatement("SELECT sku_id, on_hand, reserved, available FROM stock WHERE shop_id = ?")) {
            query.setString(1, shop);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    int sku = index(rows.getString(1));
                    minAvailable = Math.min(minAvailable, rows.getLong(4));
                    if (rows.getLong(2) != stockPerSku || rows.getLong(3) != Math.min(ordered[sku], stockPerSku)) {
                        rowsOff++;
                    }
                }
            }
        }
        Reserved reserved = new Reserved(skuOf.length, skus, stockPerSku, perPartition, (done - start) / 1e9, serviceSeconds,
                (produced - start) / 1e9, cores, statuses.getOrDefault("RESERVED", 0L), statuses.getOrDefault("SHORT", 0L), expected,
                minAvailable, rowsOff, unbalanced(shop), apiBalanced(shop, skus));
        quiesce();
        return reserved;
    }

    /**
     * Opening stock in bulk: a row per SKU and the ADJUST movement that explains it, so the ledger balances
     * as if the stock had been received through the API (whose StockChanged events are left out: nobody
     * reads them here). Above every warning level, so 'OK' is the level the API would have announced. Ids as
     * {@link #sku} and {@link #product} make them.
     */
    private void stockUp(String shop, int skus, int units) throws SQLException {
        db.setAutoCommit(false);
        try (PreparedStatement stock = db.prepareStatement("""
                INSERT INTO stock (shop_id, sku_id, warehouse_id, product_id, on_hand, reserved, announced_level, version,
                                   created_at, updated_at)
                SELECT ?, 'sku-' || lpad(g::text, 5, '0'), ?, 'p-sku-' || lpad(g::text, 5, '0'), ?, 0, 'OK', 1, now(), now()
                FROM generate_series(0, ? - 1) g""");
             PreparedStatement ledger = db.prepareStatement("""
                INSERT INTO stock_movements (shop_id, sku_id, warehouse_id, reason, on_hand_delta, reserved_delta,
                                             on_hand_after, reserved_after, actor, note, created_at)
                SELECT shop_id, sku_id, warehouse_id, 'ADJUST', on_hand, 0, on_hand, 0, 'bench', 'opening stock (bulk)', now()
                FROM stock WHERE shop_id = ?""")) {
            stock.setString(1, shop);
            stock.setString(2, WAREHOUSE);
            stock.setInt(3, units);
            stock.setInt(4, skus);
            stock.executeUpdate();
            ledger.setString(1, shop);
            ledger.executeUpdate();
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** Envelopes as order-service's relay sends them: topic by aggregate type, key = order id. */
    private List<ProducerRecord<String, String>> orderPlaced(String shop, int[] skuOf) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(skuOf.length);
        Region region = new Region("浙江省", "杭州市", "西湖区");
        for (int i = 0; i < skuOf.length; i++) {
            String orderId = String.format("3705%015d", i);
            String sku = sku(skuOf[i]);
            OrderPlaced placed = new OrderPlaced(orderId, Instant.now(), OrderPlaced.DELIVER_PHYSICAL,
                    List.of(new OrderItem(product(sku), sku, null, 1, 4990)), region, 4990);
            EventEnvelope envelope = codec.envelope(placed, shop, UUID.randomUUID(), null, Instant.now());
            records.add(new ProducerRecord<>(Topics.forAggregateType(envelope.aggregateType()), envelope.aggregateId(),
                    codec.write(envelope)));
        }
        return records;
    }

    /** Sends everything at once with the relay's producer settings and waits for every acknowledgement. */
    private Map<Integer, Integer> produce(List<ProducerRecord<String, String>> records) throws Exception {
        Map<Integer, Integer> perPartition = new TreeMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.BATCH_SIZE_CONFIG, 131_072,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (ProducerRecord<String, String> record : records) {
                sent.add(producer.send(record));
            }
            for (Future<RecordMetadata> future : sent) {
                perPartition.merge(future.get().partition(), 1, Integer::sum);
            }
        }
        return perPartition;
    }

    /** Polls the reservation rows until all are there; gives up when none arrived for a while. */
    private void awaitReservations(String shop, int orders) throws Exception {
        try (PreparedStatement count = db.prepareStatement("SELECT count(*) FROM reservations WHERE shop_id = ?")) {
            count.setString(1, shop);
            long seen = 0;
            long lastProgress = System.nanoTime();
            while (seen < orders) {
                long now = (long) single(count);
                if (now > seen) {
                    seen = now;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > QUIET_LIMIT.toNanos()) {
                    throw new IllegalStateException(shop + ": " + seen + " of " + orders + " orders reserved, no progress for " + QUIET_LIMIT);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Stock rows of the shop whose figures differ from the sums of their ledger. */
    private int unbalanced(String shop) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("""
                SELECT count(*) FROM stock s
                LEFT JOIN (SELECT sku_id, warehouse_id, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved
                           FROM stock_movements WHERE shop_id = ? GROUP BY sku_id, warehouse_id) m
                  ON m.sku_id = s.sku_id AND m.warehouse_id = s.warehouse_id
                WHERE s.shop_id = ? AND (s.on_hand <> coalesce(m.on_hand, 0) OR s.reserved <> coalesce(m.reserved, 0))""")) {
            query.setString(1, shop);
            query.setString(2, shop);
            return (int) single(query);
        }
    }

    /** The service's own ledger check (GET …/ledger/balance) of the first SKUs. */
    private boolean apiBalanced(String shop, int skus) throws Exception {
        String viewer = TestTokens.viewer(shop);
        for (int i = 0; i < Math.min(skus, 10); i++) {
            for (JsonNode warehouse : json.readTree(Http.body(api + "/api/shops/" + shop + "/skus/" + sku(i) + "/ledger/balance", viewer))) {
                if (!warehouse.path("balanced").asBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Waits until the relay has sent what the last phase wrote, so the next one starts on a quiet service: the
     * outbox is empty, or it has not shrunk for {@link #RELAY_IDLE} and holds nothing newer (rows the relay
     * left behind; {@link #leftovers} looks into them at the end).
     */
    private void quiesce() throws Exception {
        try (PreparedStatement outbox = db.prepareStatement("""
                SELECT count(*), coalesce(extract(epoch FROM now() - max(created_at)), 0) FROM outbox""")) {
            long deadline = System.nanoTime() + QUIET_LIMIT.toNanos();
            long last = -1;
            long unchangedSince = System.nanoTime();
            while (true) {
                long rows;
                double newestAge;
                try (ResultSet row = outbox.executeQuery()) {
                    row.next();
                    rows = row.getLong(1);
                    newestAge = row.getDouble(2);
                }
                if (rows == 0) {
                    return;
                }
                if (rows != last) {
                    last = rows;
                    unchangedSince = System.nanoTime();
                } else if (System.nanoTime() - unchangedSince > RELAY_IDLE.toNanos() && newestAge > RELAY_IDLE.toSeconds()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(rows + " outbox rows still unrelayed after " + QUIET_LIMIT);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Outbox rows still there at the end: events the relay never acknowledged, or acknowledged but never
     * deleted. Each topic is read back to tell which.
     */
    private Leftovers leftovers(String database) throws Exception {
        Map<String, List<String>> idsByTopic = new TreeMap<>();
        Map<String, Integer> types = new TreeMap<>();
        try (PreparedStatement query = db.prepareStatement("SELECT id, aggregatetype, type FROM outbox");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                idsByTopic.computeIfAbsent(Topics.forAggregateType(rows.getString(2)), t -> new ArrayList<>()).add(rows.getString(1));
                types.merge(rows.getString(3), 1, Integer::sum);
            }
        }
        int rows = 0;
        int onKafka = 0;
        for (Map.Entry<String, List<String>> topic : idsByTopic.entrySet()) {
            try (Receipts receipts = new Receipts(bootstrap, topic.getKey(), PARTITIONS)) {
                int seen = -1;
                while (receipts.distinct() != seen) {
                    seen = receipts.distinct();
                    Thread.sleep(3_000);
                }
                rows += topic.getValue().size();
                onKafka += (int) topic.getValue().stream().filter(id -> receipts.receivedAt(id) != null).count();
            }
        }
        return new Leftovers(database, rows, onKafka, types.toString());
    }

    /** The baseline: {@link #RESERVE} for each order's SKU, autocommitted, from {@link #CONSUMERS} threads. */
    private Updates updates(String label, int[] skuOf, int skus, int stockPerSku) throws Exception {
        String shop = "bench-" + label;
        stockUp(shop, skus, stockPerSku);
        List<Connection> connections = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(CONSUMERS);
        try {
            for (int t = 0; t < CONSUMERS; t++) {
                connections.add(DriverManager.getConnection(TestDatabase.jdbcUrl(DB), TestDatabase.USER, TestDatabase.PASSWORD));
            }
            AtomicInteger next = new AtomicInteger();
            AtomicLong updated = new AtomicLong();
            CpuTime before = CpuTime.now(service);
            long start = System.nanoTime();
            List<Future<Void>> done = new ArrayList<>();
            for (Connection connection : connections) {
                done.add(threads.submit(() -> {
                    try (PreparedStatement reserve = connection.prepareStatement(RESERVE)) {
                        for (int i = next.getAndIncrement(); i < skuOf.length; i = next.getAndIncrement()) {
                            reserve.setLong(1, 0);
                            reserve.setLong(2, 1);
                            reserve.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                            reserve.setString(4, shop);
                            reserve.setString(5, sku(skuOf[i]));
                            reserve.setString(6, WAREHOUSE);
                            reserve.setLong(7, 0);
                            reserve.setLong(8, 1);
                            reserve.setLong(9, 1);
                            try (ResultSet row = reserve.executeQuery()) {
                                if (row.next()) {
                                    updated.incrementAndGet();
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> thread : done) {
                thread.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Updates(skuOf.length / seconds, updated.get(), skuOf.length - updated.get(), CpuTime.now(service).coresSince(before));
        } finally {
            threads.shutdown();
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    // ---- platform pushes ----

    /** The simulator's raw capacity: stock/update from {@link #PUSH_WORKERS} clients, closed loop, over 100 SKUs. */
    private Direct directUpdates(PlatformSim sim) throws Exception {
        String shop = newPlatformShop(sim, 100);
        String token = Http.platformToken(sim.baseUrl(), appId(shop), "secret");
        AtomicLong sequence = new AtomicLong();
        URI uri = URI.create(sim.baseUrl() + STOCK_UPDATE + "?access_token=" + token);
        Load load = Load.run(PUSH_WORKERS, 2, DIRECT_SECONDS, thread -> {
            String sku = sku((int) (sequence.getAndIncrement() % 100));
            return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"product_id\":\"" + product(sku) + "\",\"sku_id\":\"" + sku + "\",\"diff_type\":1,\"num\":1}")).build();
        });
        long refused = sim.calls(STOCK_UPDATE).stream().filter(c -> shop.equals(c.shopId()) && c.errcode() != 0).count();
        return new Direct(load, refused);
    }

    /**
     * A shop with {@code skus} SKUs of {@link #PUSH_STOCK} units on both sides and its account registered, so the
     * pusher runs for it; returned once the platform and we agree.
     */
    private PushShop pushShop(PlatformSim sim, int skus) throws Exception {
        String shop = newPlatformShop(sim, skus);
        String operator = TestTokens.operator(shop);
        // Received through the API before the account exists: the pusher then learns the opening stock by
        // reading it (stock/get), as it does for a shop that connects its platform account.
        long failedOpenings = parallel(skus, i -> Http.post(adjustments(shop, sku(i)), operator, """
                {"direction":"INCREASE","quantity":%d,"reason":"opening stock","create":true,"productId":"%s"}"""
                .formatted(PUSH_STOCK, product(sku(i)))) == 200);
        if (failedOpenings > 0) {
            throw new IllegalStateException(failedOpenings + " opening adjustments failed");
        }
        Http.put(api + "/api/shops/" + shop + "/platform-account", TestTokens.admin(shop), """
                {"appId":"%s","appSecret":"secret","pushToken":"benchtoken","encodingAesKey":"%s"}""".formatted(appId(shop), AES_KEY));
        AtomicIntegerArray expected = new AtomicIntegerArray(skus);
        for (int i = 0; i < skus; i++) {
            expected.set(i, PUSH_STOCK);
        }
        PushShop pushShop = new PushShop(shop, skus, expected);
        if (awaitInStep(sim, pushShop) < 0) {
            throw new IllegalStateException(shop + ": the opening stock was not learnt within " + IN_STEP_LIMIT);
        }
        quiesce();
        return pushShop;
    }

    /**
     * {@code changesPerSku × skus} one-unit INCREASE adjustments on random SKUs through the API from
     * {@link #API_CLIENTS} clients.
     */
    private Pushed burst(PlatformSim sim, PushShop shop, int changesPerSku, int limit) throws Exception {
        int changes = shop.skus() * changesPerSku;
        progress("Pushes: %,d changes over %,d SKUs through the API, stock/update limit %s", changes, shop.skus(), limitName(limit));
        String operator = TestTokens.operator(shop.id());
        int[] target = randomSkus(changes, shop.skus(), new Random(SEED + shop.skus() + limit));
        return timed(sim, shop, limit, changes, true, () -> parallel(changes, i -> {
            boolean applied = Http.post(adjustments(shop.id(), sku(target[i])), operator,
                    "{\"direction\":\"INCREASE\",\"quantity\":1,\"reason\":\"bench burst\"}") == 200;
            if (applied) {
                shop.expected().incrementAndGet(target[i]);
            }
            return applied;
        }));
    }

    /**
     * One unit more of every SKU in one transaction, as an import would commit it, so that every push is due at
     * once and the pushers, not the changes, set the pace. Written as StockLedger.record and PlatformStock.changed
     * write a change (figures, ADJUST movement, the SKU's push submitted to the work queue after the coalescing window), without the StockChanged
     * events nobody reads here.
     */
    private Pushed allAtOnce(PlatformSim sim, PushShop shop, int limit) throws Exception {
        progress("Pushes: every one of %,d SKUs changed in one transaction, stock/update limit %s", shop.skus(), limitName(limit));
        return timed(sim, shop, limit, shop.skus(), false, () -> {
            try (PreparedStatement change = db.prepareStatement("""
                    WITH changed AS (
                        UPDATE stock SET on_hand = on_hand + 1, version = version + 1, updated_at = now()
                        WHERE shop_id = ? AND warehouse_id = ?
                        RETURNING shop_id, sku_id, warehouse_id, product_id, on_hand, reserved),
                    moved AS (
                        INSERT INTO stock_movements (shop_id, sku_id, warehouse_id, reason, on_hand_delta, reserved_delta,
                                                     on_hand_after, reserved_after, actor, note, created_at)
                        SELECT shop_id, sku_id, warehouse_id, 'ADJUST', 1, 0, on_hand, reserved, 'bench', 'import (bulk)', now()
                        FROM changed),
                    synced AS (
                        INSERT INTO platform_stock (shop_id, sku_id, product_id)
                        SELECT shop_id, sku_id, product_id FROM changed ON CONFLICT (shop_id, sku_id) DO NOTHING)
                    INSERT INTO work_items (queue, shop_id, item_key, due_at)
                    SELECT 'platform-stock', shop_id, sku_id, now() + CAST(? AS interval) FROM changed
                    ON CONFLICT (queue, shop_id, item_key) DO UPDATE SET
                        due_at = CASE WHEN work_items.state = 'READY' AND work_items.lease_token IS NULL
                                      THEN work_items.due_at ELSE EXCLUDED.due_at END,
                        again = work_items.lease_token IS NOT NULL, state = 'READY'""")) {
                change.setString(1, shop.id());
                change.setString(2, WAREHOUSE);
                change.setString(3, COALESCE);
                change.executeUpdate();
            }
            for (int i = 0; i < shop.skus(); i++) {
                shop.expected().incrementAndGet(i);
            }
            return 0;
        });
    }

    /** Changes to make; answers how many failed. */
    private interface Changes {
        long make() throws Exception;
    }

    /** Makes the changes and times them until the platform shows what we have for every SKU. */
    private Pushed timed(PlatformSim sim, PushShop shop, int limit, int changes, boolean throughApi, Changes make) throws Exception {
        Instant burst = Instant.now();
        CpuTime before = CpuTime.now(service);
        long start = System.nanoTime();
        long failed = make.make();
        long lastChange = System.nanoTime();
        long inStep = awaitInStep(sim, shop);
        String cores = CpuTime.now(service).coresSince(before);
        if (inStep < 0) {
            progress("FAIL: %s was not in step with the platform within %s", shop.id(), IN_STEP_LIMIT);
        }
        List<ApiCall> calls = sim.calls().stream().filter(c -> shop.id().equals(c.shopId()) && !c.at().isBefore(burst)).toList();
        List<ApiCall> pushed = calls.stream().filter(c -> c.api().equals(STOCK_UPDATE) && c.errcode() == 0).toList();
        List<Instant> pushedAt = pushed.stream().map(ApiCall::at).sorted().toList();
        long rateLimited = calls.stream().filter(c -> c.api().equals(STOCK_UPDATE) && c.errcode() == 10020112).count();
        long otherRefusals = calls.stream().filter(c -> c.api().equals(STOCK_UPDATE) && c.errcode() != 0 && c.errcode() != 10020112).count();
        long reads = calls.stream().filter(c -> c.api().equals(STOCK_GET)).count();
        quiesce();
        double span = pushedAt.size() < 2 ? 0 : Duration.between(pushedAt.get(0), pushedAt.get(pushedAt.size() - 1)).toNanos() / 1e9;
        return new Pushed(shop.skus(), limit, changes, throughApi, failed, (lastChange - start) / 1e9, pushedAt.size(), rateLimited,
                otherRefusals, reads, span, peakPerSkuSecond(pushed), inStep < 0 ? Double.NaN : (inStep - start) / 1e9,
                inStep < 0 ? Double.NaN : (inStep - lastChange) / 1e6, cores, failed == 0 && inStep >= 0);
    }

    /** The most accepted stock/update calls one SKU got within any second: what the per-SKU limit counts. */
    private static int peakPerSkuSecond(List<ApiCall> updates) {
        Map<String, List<Instant>> bySku = new HashMap<>();
        for (ApiCall call : updates) {
            Matcher sku = SKU_ID.matcher(call.request());
            if (sku.find()) {
                bySku.computeIfAbsent(sku.group(1), k -> new ArrayList<>()).add(call.at());
            }
        }
        int peak = 0;
        for (List<Instant> times : bySku.values()) {
            times.sort(null);
            for (int first = 0, last = 0; last < times.size(); last++) {
                while (Duration.between(times.get(first), times.get(last)).toMillis() >= 1000) {
                    first++;
                }
                peak = Math.max(peak, last - first + 1);
            }
        }
        return peak;
    }

    /** Each burst on a shop of its own, then every SKU of the largest shop changed at once. */
    private List<Pushed> pushPhases(PlatformSim sim, int limit) throws Exception {
        List<Pushed> pushed = new ArrayList<>();
        PushShop largest = null;
        for (int[] burst : BURSTS) {
            largest = pushShop(sim, burst[0]);
            pushed.add(burst(sim, largest, burst[1], limit));
        }
        pushed.add(allAtOnce(sim, largest, limit));
        return pushed;
    }

    /** The adjustment API and the pusher compiled before the measured bursts: each push phase starts a cold service. */
    private void warmUpPushes(PlatformSim sim, int limit) throws Exception {
        progress("Warm-up of the stock API and the pusher:");
        if (!burst(sim, pushShop(sim, 100), 30, limit).ok()) {
            throw new IllegalStateException("the warm-up burst did not bring the platform in step");
        }
    }

    /** A platform shop with {@code skus} products of one SKU each, {@link #PUSH_STOCK} units, no push callback. */
    private String newPlatformShop(PlatformSim sim, int skus) {
        String shop = "bench-platform-" + shops.incrementAndGet();
        sim.createShop(new ShopSpec(shop, appId(shop), "secret", "benchtoken", AES_KEY, null, "gh_" + shop.replace('-', '_')));
        for (int i = 0; i < skus; i++) {
            sim.addProduct(shop, ProductSpec.of(product(sku(i)), "保温杯 " + i, new SkuSpec(sku(i), null, 4990, PUSH_STOCK)));
        }
        return shop;
    }

    /**
     * Waits until every SKU of the shop has no push due or in flight and the platform shows what it should
     * ({@code shouldShow}: available less unpaid holds, none here; 0 if frozen, never here) and what the changes
     * made it: polled cheaply from the database and the simulator, then confirmed by the service's own view
     * (GET …/platform-stock). Answers when it first held, or -1 when it did not within {@link #IN_STEP_LIMIT}.
     */
    private long awaitInStep(PlatformSim sim, PushShop shop) throws Exception {
        long deadline = System.nanoTime() + IN_STEP_LIMIT.toNanos();
        try (PreparedStatement query = db.prepareStatement("""
                SELECT s.sku_id, s.on_hand - s.reserved - coalesce(p.held_unpaid, 0), s.frozen,
                       p.sku_id IS NULL OR EXISTS (SELECT 1 FROM work_items w WHERE w.queue = 'platform-stock'
                           AND w.shop_id = s.shop_id AND w.item_key = s.sku_id AND w.state = 'READY')
                FROM stock s LEFT JOIN platform_stock p ON p.shop_id = s.shop_id AND p.sku_id = s.sku_id
                WHERE s.shop_id = ? AND s.warehouse_id = ?""")) {
            query.setString(1, shop.id());
            query.setString(2, WAREHOUSE);
            while (System.nanoTime() < deadline) {
                boolean inStep = true;
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next() && inStep) {
                        String sku = rows.getString(1);
                        long shouldShow = rows.getBoolean(3) ? 0 : Math.max(0, rows.getLong(2));
                        inStep = !rows.getBoolean(4) && shouldShow == shop.expected().get(index(sku))
                                && sim.stock(shop.id(), product(sku), sku) == shouldShow;
                    }
                }
                long at = System.nanoTime();
                if (inStep && serviceSeesInStep(sim, shop)) {
                    return at;
                }
                Thread.sleep(20);
            }
        }
        return -1;
    }

    private boolean serviceSeesInStep(PlatformSim sim, PushShop shop) throws Exception {
        JsonNode view = json.readTree(Http.body(api + "/api/shops/" + shop.id() + "/platform-stock", TestTokens.viewer(shop.id())));
        int seen = 0;
        for (JsonNode sku : view.path("skus")) {
            String skuId = sku.path("skuId").asText();
            if (sku.path("due").asBoolean() || sku.path("shouldShow").asLong() != sim.stock(shop.id(), product(skuId), skuId)) {
                return false;
            }
            seen++;
        }
        return seen == shop.skus();
    }

    private String adjustments(String shop, String sku) {
        return api + "/api/shops/" + shop + "/skus/" + sku + "/adjustments";
    }

    // ---- helpers ----

    /** Runs {@code task(0 … count-1)} on {@link #API_CLIENTS} threads; answers how many returned false. */
    private static long parallel(int count, IntPredicate task) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(API_CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < API_CLIENTS; t++) {
                done.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        if (!task.test(i)) {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> thread : done) {
                thread.get();
            }
        } finally {
            threads.shutdown();
        }
        return failed.get();
    }

    private static int[] randomSkus(int count, int skus, Random random) {
        int[] skuOf = new int[count];
        for (int i = 0; i < count; i++) {
            skuOf[i] = random.nextInt(skus);
        }
        return skuOf;
    }

    private static String sku(int index) {
        return String.format("sku-%05d", index);
    }

    private static int index(String sku) {
        return Integer.parseInt(sku.substring("sku-".length()));
    }

    private static String product(String sku) {
        return "p-" + sku;
    }

    /** Unique per shop, as the service requires of platform accounts. */
    private static String appId(String shop) {
        return "wxbench" + String.format("%010d", Integer.parseInt(shop.substring(shop.lastIndexOf('-') + 1)));
    }

    private static String limitName(int limit) {
        return limit == 0 ? "off" : limit + "/SKU/s";
    }

    private static double single(PreparedStatement query) throws SQLException {
        try (ResultSet row = query.executeQuery()) {
            row.next();
            return row.getDouble(1);
        }
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "· " + format + "%n", args);
    }

    private void print() {
        System.out.printf(Locale.ROOT, """

                ## inventory-service: reservations and platform stock pushes (%s, %d cores)

                %s: %d partitions; %s; the hot run's orders per partition %s.
                Cores busy = CPU seconds per second of the phase: inventory-service / PostgreSQL / bench JVM (broker, \
                platform-sim, load).

                | Reservations | Baseline: the same UPDATE, plain JDBC, %d threads | inventory-service | Checks |
                |---|---:|---:|---|
                """, LocalDate.now(), Runtime.getRuntime().availableProcessors(), ORDER_TOPIC, partitions, consumers,
                hot.perPartition().values(), CONSUMERS);
        printReservations("1 hot SKU", hot, hotJdbc);
        printReservations(String.format(Locale.ROOT, "%,d SKUs", spread.skus()), spread, spreadJdbc);
        System.out.printf(Locale.ROOT, """

                Baseline for pushes: stock/update straight to platform-sim, %d clients, %d s: %,.0f calls/s, latency p50 %.2f ms, \
                p99 %.2f ms; %d refused with an errcode, %d transport errors.

                | SKUs | limit | changes (API: %d clients) | changes/s | stock/update OK | 10020112 | other refusals | stock/get | \
                pushes/s (first → last) | changes per push | peak pushes of one SKU in 1 s | burst start → in step (s) | \
                last change → in step (ms) | cores busy | check |
                |---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|
                """, PUSH_WORKERS, DIRECT_SECONDS, direct.load().perSecond(), direct.load().latency().p50(), direct.load().latency().p99(),
                direct.refused(), direct.load().failures(), API_CLIENTS);
        for (Pushed p : pushes) {
            System.out.printf(Locale.ROOT, "| %,d | %s | %,d %s%s | %s | %,d | %,d | %,d | %,d | %,.0f | %.2f | %d | %.1f | %,.0f | %s | %s |%n",
                    p.skus(), limitName(p.limit()), p.changes(), p.throughApi() ? "(API)" : "(1 transaction)",
                    p.failedChanges() == 0 ? "" : " (" + p.failedChanges() + " failed)",
                    p.throughApi() ? String.format(Locale.ROOT, "%,.0f", p.changesPerSecond()) : "—", p.pushes(), p.rateLimited(),
                    p.otherRefusals(), p.reads(), p.pushesPerSecond(), p.changesPerPush(), p.peakPerSkuSecond(), p.inStepSeconds(), p.lastChangeToInStepMs(), p.cores(), p.ok() ? "PASS" : "FAIL");
        }
        System.out.println();
        for (Leftovers left : leftovers) {
            System.out.printf(Locale.ROOT, "Outbox rows left behind by the relay in %s: %d%s%n", left.database(), left.rows(),
                    left.rows() == 0 ? ": PASS"
                            : String.format(Locale.ROOT, " %s, %d of them on Kafka all the same: FAIL", left.types(), left.onKafka()));
        }
    }

    private static void printReservations(String what, Reserved r, Updates baseline) {
        System.out.printf(Locale.ROOT,
                "| per second, %s (%,d orders, stock %,d each) | %,.0f (%,d updated, %,d refused; cores busy %s) "
                        + "| %,.0f first produce → last reservation (%,.0f between the first and last reservation rows; "
                        + "produced in %.2f s; cores busy %s) "
                        + "| %,d RESERVED, %,d SHORT (expected %,d / %,d); min available %,d; rows off %d; unbalanced rows %d%s: %s |%n",
                what, r.orders(), r.stockPerSku(), baseline.perSecond(), baseline.updated(), baseline.refused(), baseline.cores(),
                r.perSecond(), r.servicePerSecond(), r.produceSeconds(), r.cores(),
                r.reserved(), r.shortOnes(), r.expectedReserved(), r.orders() - r.expectedReserved(), r.minAvailable(), r.rowsOff(),
                r.unbalanced(), r.apiBalanced() ? "" : ", API says unbalanced", r.ok() ? "PASS" : "FAIL");
    }
}
