package io.shipsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.carriers.Carrier;
import io.shipsync.carriers.CarrierCatalog;
import io.shipsync.events.AggregateTypes;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import io.shipsync.events.Topics;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.labels.Label;
import io.shipsync.sim.ApiCall;
import io.shipsync.sim.EwaybillAccountPatch;
import io.shipsync.sim.EwaybillAccountView;
import io.shipsync.sim.EwaybillParty;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * logistics-service's figures (打单): e-waybill numbers taken per second by a print run through platform-sim, and
 * label pages rendered per second with the heap they take, for a run of 1,000 orders.
 * <p>
 * The packaged service runs as its own process against an in-process KRaft broker, a fresh database on the
 * machine's PostgreSQL and an embedded platform-sim over HTTP; once per taker worker count (8, 4, 1). Per count: a
 * shop with SF enabled and its account checked, paid orders on the simulator announced as OrderPlaced on Kafka, a
 * warm-up run, then one measured run of 1,000, timed from its POST until its progress shows nothing remaining, and
 * checked against the simulator's e-waybill log: exactly one create that took a number per order, the number our
 * waybill holds. Baseline in the same run: order/get + precreate + create for the same number of orders straight to
 * the simulator by a plain HTTP client from as many threads as the taker has workers.
 * <p>
 * Labels: the measured run's PDF downloaded (GET …/labels.pdf, streamed to a counter) from the first service, then
 * from the same database by a second service process with a small heap; the service's heap sampled from its
 * Micrometer endpoint meanwhile and read from its GC log. Baseline in the same run: the labels module alone writing
 * the same 1,000 labels in a child JVM with the same heap limit ({@link LabelsBaseline}).
 * <p>
 * Exits 1 when a check fails (a number missing or taken twice, a waybill off, a PDF short), 2 on any other error.
 * Commands: docs/benchmarks.md.
 */
public final class LogisticsBenchmark {

    private static final String DB = "shipsync_bench_logistics";
    private static final int PARTITIONS = 3;
    private static final String ORDER_TOPIC = Topics.forAggregateType(AggregateTypes.ORDER);
    private static final String ORDER_GET = "/channels/ec/order/get";
    private static final String EWAYBILL = "/channels/ec/logistics/ewaybill/biz/";
    private static final String PRECREATE = EWAYBILL + "order/precreate";
    private static final String CREATE = EWAYBILL + "order/create";
    private static final String CARRIER = "SF";
    // shipsync.logistics.default-template: a newly found account prints with it, so the taker's create sends it.
    private static final String TEMPLATE = "single";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final int ORDERS = Integer.getInteger("bench.orders", 1_000);
    // Print runs of up to 1,000 before the measured one, on each new service process (and direct calls before the
    // baseline's): the JIT needs about this much before the rate settles.
    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 2_000);
    private static final List<Integer> WORKERS = Arrays.stream(System.getProperty("bench.workers", "8,4,1").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    // Measured print runs of bench.orders each, back to back, per worker count: the median is the figure.
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final int LABEL_RUNS = Integer.getInteger("bench.labelRuns", 5);
    // ServiceProcess's heap for every service benchmark, then the small one the labels must fit in.
    private static final String DEFAULT_HEAP = "768m";
    private static final String SMALL_HEAP = System.getProperty("bench.smallHeap", "128m");
    // More JVM options for the service processes, space-separated, {name} standing for the process's name (e.g. a JFR
    // recording to bench/target/{name}.jfr); none by default.
    private static final String SERVICE_OPTIONS = System.getProperty("bench.serviceOptions", "");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);
    // Each poll costs the service and PostgreSQL a progress query over the run's waybills; 100 ms keeps that load small
    // and the error under 1% of a run.
    private static final long PROGRESS_POLL_MS = 100;
    private static final long HEAP_POLL_MS = 100;
    // Untimed downloads during which full GCs are asked for, to read the heap a running download keeps.
    private static final int LIVE_DOWNLOADS = 10;
    // Stock and e-waybill balance far beyond a run, so neither runs out.
    private static final int STOCK = 10_000_000;
    private static final long BALANCE = 10_000_000L;
    // Numeric ids, as the platform's are (the e-waybill goods lines carry them as JSON numbers).
    private static final List<Product> PRODUCTS = List.of(
            new Product("10000000000001", "2100000000001", "CUP-500", "不锈钢保温杯 500ml（礼盒装，附杯刷）", 8900),
            new Product("10000000000002", "2100000000002", "MUG-350", "陶瓷马克杯 350ml 白色", 3900),
            new Product("10000000000003", "2100000000003", "TEE-M", "纯棉T恤 M码 藏青", 5900));

    private record Product(String productId, String skuId, String skuCode, String title, long priceFen) {
    }

    /** A shop on the platform: its app and its SF e-waybill account. */
    private record Shop(String id, String appId, String acctId) {
    }

    /** One print run, from its POST until its progress showed nothing remaining. */
    private record Run(String runId, int orders, double seconds, int taken, int failed, int polls) {

        double perSecond() {
            return orders / seconds;
        }
    }

    /**
     * What the platform's e-waybill log and our waybills say of a run: orders with exactly one number, with more,
     * with none; numbers taken for orders not asked; precreates and creates sent; our waybills that are TAKEN with
     * the very number the platform gave for their order; distinct numbers; work items left on the queue.
     */
    private record Check(int orders, int exactlyOne, int more, int none, int strangers, int runOrders, long precreates,
                         long creates, int waybillsMatching, int distinctNumbers, long workLeft) {

        /** Every order of the shop took exactly one number; the run's waybills hold them. */
        boolean ok() {
            return numbersOk() && waybillsMatching == runOrders && distinctNumbers == runOrders && workLeft == 0;
        }

        boolean numbersOk() {
            return exactlyOne == orders && more == 0 && none == 0 && strangers == 0;
        }
    }

    /** Numbers taken by logistics-service at one worker count. */
    private record Taken(int workers, Shop shop, List<Run> warmUp, List<Run> runs, List<Double> platformSeconds,
                         Map<String, Long> calls, String cores, double[] cpuSeconds, double otherCores, List<Check> checks) {

        /** The last measured run: its labels are downloaded. */
        Run run() {
            return runs.get(runs.size() - 1);
        }

        int orders() {
            return runs.stream().mapToInt(Run::orders).sum();
        }

        /** CPU milliseconds per waybill: service, PostgreSQL, bench JVM. */
        String cpuPerWaybill() {
            return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", cpuSeconds[0] * 1000 / orders(),
                    cpuSeconds[1] * 1000 / orders(), cpuSeconds[2] * 1000 / orders());
        }

        boolean ok() {
            return runs.stream().allMatch(r -> r.taken() == r.orders() && r.failed() == 0) && checks.stream().allMatch(Check::ok);
        }
    }

    /** The baseline: the same calls straight to the simulator. */
    private record Direct(int threads, int orders, double seconds, Percentiles latency, long errors, long lostAnswers,
                          String cores, double otherCores, Check check) {

        double perSecond() {
            return orders / seconds;
        }

        boolean ok() {
            return errors == 0 && check.numbersOk();
        }
    }

    /** One download of the PDF. */
    private record Download(int status, double seconds, double firstByteMs, long bytes) {
    }

    /** The labels of the measured run downloaded from one service process. */
    private record LabelRun(String heap, Download cold, List<Download> runs, long idleHeap, long sampledPeak, int samples,
                            GcLog.Figures gc, int pages, boolean textOk, String cores, double otherCores, long liveBefore,
                            long liveRendering, int fullGcsInDownloads) {

        boolean ok() {
            return cold.status() == 200 && runs.stream().allMatch(d -> d.status() == 200 && d.bytes() == cold.bytes())
                    && pages == ORDERS && textOk;
        }
    }

    /** The labels module alone, in a child JVM. */
    private record Baseline(String heap, double coldSeconds, List<Double> seconds, long bytes, long idle, long poolPeak,
                            GcLog.Figures gc, double machineCores, long liveBefore, long liveHalfWay) {
    }

    private final EventCodec codec = new EventCodec();
    private final ObjectMapper json = new ObjectMapper();
    private final CarrierCatalog catalog = CarrierCatalog.standard();
    // The direct baseline's client, new for each baseline: the simulator's HTTP server closes a connection idle for
    // 30 s, and a pooled one reused after that fails its request ("header parser received no bytes").
    private HttpClient directClient;
    private final AtomicLong lostAnswers = new AtomicLong();
    private final AtomicInteger shops = new AtomicInteger();
    private PlatformSim sim;
    private String bootstrap;
    // The service process of the current phase: its database, API, OS process and GC log.
    private Connection db;
    private String api;
    private ProcessHandle service;
    private String database;
    private GcLog gcLog;
    // The figures.
    private final List<Taken> taken = new ArrayList<>();
    private final List<Direct> directs = new ArrayList<>();
    private final List<LabelRun> labelRuns = new ArrayList<>();
    private final List<Baseline> baselines = new ArrayList<>();

    private LogisticsBenchmark() {
    }

    public static void main(String[] args) {
        BenchMain.runAndExit(() -> new LogisticsBenchmark().run());
    }

    /** True when every check held. */
    private boolean run() throws Exception {
        if (ORDERS < 2 || ORDERS > 1_000 || WARM_UP < 1 || RUNS < 1 || LABEL_RUNS < 1 || WORKERS.isEmpty()) {
            throw new IllegalArgumentException("bench.orders is 2 to 1,000 (one print run), bench.warmUp and bench.labelRuns at least 1");
        }
        KafkaClusterTestKit kafka = BenchKafka.start(PARTITIONS);
        List<String> databases = new ArrayList<>();
        try (PlatformSim platform = PlatformSim.start(PlatformSim.Config.defaults().withLogCapacity(1_000_000))) {
            sim = platform;
            bootstrap = kafka.bootstrapServers();
            createOrderTopic();
            measure(databases);
        } finally {
            databases.forEach(TestDatabase::dropSlots);
            kafka.close();
        }
        print();
        return taken.stream().allMatch(Taken::ok) && directs.stream().allMatch(Direct::ok)
                && labelRuns.stream().allMatch(LabelRun::ok) && baselines.size() == 2;
    }

    private void measure(List<String> databases) throws Exception {
        String labelsDatabase = null;
        Taken labelled = null;
        for (int workers : WORKERS) {
            String database = DB + "_w" + workers;
            TestDatabase.recreate(database, TestDatabase.serviceRole("logistics-service"));
            databases.add(database);
            try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(database), TestDatabase.USER, TestDatabase.PASSWORD);
                 ServiceProcess logistics = startService(database, workers, DEFAULT_HEAP)) {
                use(connection, logistics, database);
                Taken t = takeNumbers(workers);
                taken.add(t);
                directs.add(direct(workers));
                if (labelled == null) {
                    labelled = t;
                    labelsDatabase = database;
                    writeLabelsFile(t);
                    labelRuns.add(labels("-Xmx" + DEFAULT_HEAP, t));
                }
            }
        }
        // The same run's labels from a service process that has only a small heap to render them in.
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(labelsDatabase), TestDatabase.USER, TestDatabase.PASSWORD);
             ServiceProcess logistics = startService(labelsDatabase, WORKERS.get(0), SMALL_HEAP)) {
            use(connection, logistics, labelsDatabase);
            labelRuns.add(labels("-Xmx" + SMALL_HEAP, labelled));
        }
        db = null;
        for (String heap : List.of(DEFAULT_HEAP, SMALL_HEAP)) {
            progress("Baseline: the labels module alone writing the same %,d labels, child JVM -Xmx%s", ORDERS, heap);
            baselines.add(labelsBaseline(heap));
        }
    }

    private void use(Connection connection, ServiceProcess logistics, String name) {
        db = connection;
        database = name;
        api = logistics.baseUrl();
        service = logistics.handle();
    }

    private ServiceProcess startService(String database, int workers, String heap) throws Exception {
        String name = database + (heap.equals(DEFAULT_HEAP) ? "" : "-xmx" + heap);
        progress("logistics-service on database %s, %d taker workers, -Xmx%s", database, workers, heap);
        gcLog = new GcLog(Files.createDirectories(Path.of("bench", "target")).resolve("logistics-service-" + name + "-gc.log"));
        Files.deleteIfExists(gcLog.file());
        List<String> options = new ArrayList<>(List.of(
                        // Last -Xmx wins over ServiceProcess's own.
                        "-Xmx" + heap,
                        gcLog.option(),
                        "-Dshipsync.work.waybill-take.workers=" + workers,
                        // The periodic 接口测试 of every account would call account/get in the middle of a run.
                        "-Dshipsync.logistics.account-check-interval=1h"));
        if (!SERVICE_OPTIONS.isBlank()) {
            options.addAll(Arrays.asList(SERVICE_OPTIONS.replace("{name}", name).trim().split("\\s+")));
        }
        return ServiceProcess.start("logistics-service", "logistics-service-" + name + ".log", ServiceProcess.freePort(),
                database, bootstrap, sim.baseUrl(), options);
    }

    /** Created before the service starts, with the broker's default partition count. */
    private void createOrderTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(ORDER_TOPIC, Optional.empty(), Optional.empty()))).all().get();
        }
    }

    // ---- numbers taken ----

    /** A warm-up run, then the measured run of {@link #ORDERS}, on a shop of its own. */
    private Taken takeNumbers(int workers) throws Exception {
        Shop shop = platformShop("w" + workers);
        register(shop);
        List<String> warmUp = paidOrders(shop, WARM_UP);
        List<List<String>> measured = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            measured.add(paidOrders(shop, ORDERS));
        }
        List<String> all = new ArrayList<>(warmUp);
        measured.forEach(all::addAll);
        announce(shop, all);
        List<Run> warm = new ArrayList<>();
        for (int i = 0; i < warmUp.size(); i += 1_000) {
            List<String> chunk = warmUp.subList(i, Math.min(warmUp.size(), i + 1_000));
            progress("Warm-up: a print run of %,d orders, %d workers", chunk.size(), workers);
            warm.add(printRun(shop, chunk));
        }
        Thread.sleep(1_000);
        progress("Measured: %d print runs of %,d orders, %d workers, back to back", RUNS, ORDERS, workers);
        Instant from = Instant.now();
        CpuTime before = CpuTime.now(service, database);
        List<Run> runs = new ArrayList<>();
        List<Instant> bounds = new ArrayList<>(List.of(from));
        for (List<String> orders : measured) {
            runs.add(printRun(shop, orders));
            bounds.add(Instant.now());
        }
        CpuTime after = CpuTime.now(service, database);
        Instant to = bounds.get(bounds.size() - 1);
        List<ApiCall> calls = sim.calls().stream()
                .filter(c -> shop.id().equals(c.shopId()) && !c.at().isBefore(from) && !c.at().isAfter(to)).toList();
        Map<String, Long> perApi = calls.stream().collect(Collectors.groupingBy(ApiCall::api, TreeMap::new, Collectors.counting()));
        List<Double> platformSeconds = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Instant start = bounds.get(i);
            Instant end = bounds.get(i + 1);
            List<ApiCall> ofRun = calls.stream().filter(c -> !c.at().isBefore(start) && !c.at().isAfter(end)).toList();
            Instant first = ofRun.stream().map(ApiCall::at).min(Instant::compareTo).orElse(start);
            Instant lastCreate = ofRun.stream().filter(c -> c.api().equals(CREATE)).map(ApiCall::at).max(Instant::compareTo).orElse(end);
            platformSeconds.add(Duration.between(first, lastCreate).toNanos() / 1e9);
            checks.add(check(shop, measured.get(i), all, runs.get(i).runId()));
        }
        Taken t = new Taken(workers, shop, warm, runs, platformSeconds, perApi, after.coresSince(before), after.secondsSince(before),
                after.otherCoresSince(before), checks);
        progress("  %s waybills/s (warm-up runs %s/s); exactly one number per order: %s", rates(runs), rates(warm),
                t.ok() ? "PASS" : "FAIL " + checks);
        return t;
    }

    /** Starts a run over the orders and polls its progress until nothing remains. */
    private Run printRun(Shop shop, List<String> orderIds) throws Exception {
        String operator = TestTokens.operator(shop.id());
        String runs = api + "/api/shops/" + shop.id() + "/print-runs";
        String body = json.writeValueAsString(Map.of("orderIds", orderIds));
        long start = System.nanoTime();
        String runId = json.readTree(Http.exchange("POST", runs, operator, body, 202)).path("runId").asText();
        long deadline = start + RUN_LIMIT.toNanos();
        int polls = 0;
        while (true) {
            JsonNode progress = json.readTree(Http.body(runs + "/" + runId, operator)).path("progress");
            polls++;
            if (progress.path("remaining").asInt(-1) == 0) {
                return new Run(runId, orderIds.size(), (System.nanoTime() - start) / 1e9, progress.path("taken").asInt(),
                        progress.path("failed").asInt(), polls);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + runId + " not finished within " + RUN_LIMIT + ": " + progress);
            }
            Thread.sleep(PROGRESS_POLL_MS);
        }
    }

    /**
     * The platform's e-waybill log (GET /sim/ewaybill-log) for the shop against the orders: every order of the shop
     * ({@code all}) got exactly one number and no other order got any; the measured orders' precreates and creates;
     * the run's waybills hold exactly the platform's numbers; no work left on the queue.
     */
    private Check check(Shop shop, List<String> measured, List<String> all, String runId) throws Exception {
        Set<String> measuredSet = new HashSet<>(measured);
        Map<String, List<String>> numbers = new HashMap<>();
        long precreates = 0;
        long creates = 0;
        for (JsonNode call : json.readTree(Http.body(sim.baseUrl() + "/sim/ewaybill-log?shopId=" + shop.id(), null))) {
            List<String> orders = new ArrayList<>();
            call.path("ecOrderIds").forEach(o -> orders.add(o.asText()));
            boolean ofMeasured = orders.stream().anyMatch(measuredSet::contains);
            String action = call.path("action").asText();
            if (action.equals("precreate") && ofMeasured) {
                precreates++;
            } else if (action.equals("create")) {
                creates += ofMeasured ? 1 : 0;
                if (call.path("tookNumber").asBoolean()) {
                    orders.forEach(o -> numbers.computeIfAbsent(o, k -> new ArrayList<>()).add(call.path("waybillId").asText()));
                }
            }
        }
        Set<String> allSet = new HashSet<>(all);
        int exactlyOne = (int) all.stream().filter(o -> numbers.getOrDefault(o, List.of()).size() == 1).count();
        int more = (int) all.stream().filter(o -> numbers.getOrDefault(o, List.of()).size() > 1).count();
        int none = (int) all.stream().filter(o -> !numbers.containsKey(o)).count();
        int strangers = (int) numbers.keySet().stream().filter(o -> !allSet.contains(o)).count();
        int matching = 0;
        int distinct = 0;
        if (runId != null) {
            JsonNode waybills = json.readTree(Http.body(api + "/api/shops/" + shop.id() + "/print-runs/" + runId + "/waybills?size=1000",
                    TestTokens.viewer(shop.id()))).path("items");
            Set<String> seen = new HashSet<>();
            int i = 0;
            for (JsonNode waybill : waybills) {
                String orderId = waybill.path("orderId").asText();
                String number = waybill.path("trackingNumber").asText(null);
                if (i < measured.size() && orderId.equals(measured.get(i)) && waybill.path("state").asText().equals("TAKEN")
                        && number != null && numbers.getOrDefault(orderId, List.of()).equals(List.of(number))) {
                    matching++;
                }
                if (number != null) {
                    seen.add(number);
                }
                i++;
            }
            distinct = seen.size();
        }
        long workLeft = 0;
        if (runId != null) {
            try (PreparedStatement query = db.prepareStatement("SELECT count(*) FROM work_items WHERE queue = 'waybill-take' AND shop_id = ?")) {
                query.setString(1, shop.id());
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    workLeft = row.getLong(1);
                }
            }
        }
        return new Check(all.size(), exactlyOne, more, none, strangers, measured.size(), precreates, creates, matching, distinct,
                workLeft);
    }

    // ---- the baseline: the same calls straight to platform-sim ----

    /** order/get + precreate + create per order from {@code threads} plain HTTP clients: a warm-up, then {@link #ORDERS}. */
    private Direct direct(int threads) throws Exception {
        Shop shop = platformShop("direct-w" + threads);
        List<String> warmUp = paidOrders(shop, WARM_UP);
        List<String> measured = paidOrders(shop, ORDERS);
        directClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        lostAnswers.set(0);
        String token = Http.platformToken(sim.baseUrl(), shop.appId(), "secret");
        EwaybillAccountView account = sim.ewaybillAccount(shop.id(), CARRIER);
        progress("Baseline: order/get + precreate + create straight to platform-sim, %d threads, %,d orders (after %,d)",
                threads, ORDERS, WARM_UP);
        takeDirectly(token, account, warmUp, threads, new AtomicLong());
        AtomicLong errors = new AtomicLong();
        CpuTime before = CpuTime.now(service, database);
        long start = System.nanoTime();
        long[] nanos = takeDirectly(token, account, measured, threads, errors);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuTime after = CpuTime.now(service, database);
        List<String> all = new ArrayList<>(warmUp);
        all.addAll(measured);
        Check check = check(shop, measured, all, null);
        Direct direct = new Direct(threads, ORDERS, seconds, Percentiles.ofNanos(nanos), errors.get(), lostAnswers.get(),
                after.coresSince(before), after.otherCoresSince(before), check);
        progress("  %,.0f waybills/s; %d answers lost and the call sent again (warm-up included); exactly one number per order: %s",
                direct.perSecond(), direct.lostAnswers(), direct.ok() ? "PASS" : "FAIL " + check);
        return direct;
    }

    private long[] takeDirectly(String token, EwaybillAccountView account, List<String> orderIds, int threads, AtomicLong errors)
            throws Exception {
        long[] nanos = new long[orderIds.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < orderIds.size(); i = next.getAndIncrement()) {
                        long started = System.nanoTime();
                        try {
                            takeOne(token, account, orderIds.get(i));
                        } catch (Exception e) {
                            if (errors.incrementAndGet() <= 3) {
                                progress("  direct take of %s failed: %s", orderIds.get(i), e.getMessage());
                            }
                        }
                        nanos[i] = System.nanoTime() - started;
                    }
                }));
            }
            for (Future<?> thread : done) {
                thread.get();
            }
        } finally {
            pool.shutdown();
        }
        return nanos;
    }

    /** What the taker sends for one order (WaybillTaker, EwaybillApi, OrderApi.consignment), without the bookkeeping. */
    private void takeOne(String token, EwaybillAccountView account, String orderId) throws Exception {
        JsonNode detail = platform(ORDER_GET, token, json.createObjectNode().put("order_id", orderId)).path("order").path("order_detail");
        JsonNode address = detail.path("delivery_info").path("address_info");
        EwaybillParty from = account.senderAddresses().get(0);
        ObjectNode parcel = json.createObjectNode().put("delivery_id", CARRIER);
        if (account.siteCode() != null) {
            parcel.put("site_code", account.siteCode());
        }
        parcel.put("ewaybill_acct_id", account.acctId());
        parcel.putObject("sender").put("name", from.name()).put("mobile", from.mobile()).put("province", from.province())
                .put("city", from.city()).put("county", from.county()).put("street", from.street() == null ? "" : from.street())
                .put("address", from.address());
        parcel.putObject("receiver").put("name", address.path("user_name").asText("")).put("mobile", address.path("tel_number").asText(""))
                .put("province", address.path("province_name").asText("")).put("city", address.path("city_name").asText(""))
                .put("county", address.path("county_name").asText("")).put("street", "").put("address", address.path("detail_info").asText(""));
        ObjectNode ecOrder = parcel.putArray("ec_order_list").addObject().put("ec_order_id", new BigInteger(orderId));
        ArrayNode goods = ecOrder.putArray("goods_list");
        detail.path("product_infos").forEach(p -> goods.addObject().put("good_name", p.path("title").asText(""))
                .put("good_count", p.path("sku_cnt").asInt()).put("product_id", new BigInteger(p.path("product_id").asText()))
                .put("sku_id", new BigInteger(p.path("sku_id").asText())));
        String ewaybillOrderId = platform(PRECREATE, token, parcel).path("ewaybill_order_id").asText();
        JsonNode created = platform(CREATE, token, parcel.deepCopy().put("ewaybill_order_id", ewaybillOrderId).put("template_id", TEMPLATE));
        if (created.path("waybill_id").asText("").isEmpty()) {
            throw new IllegalStateException("create answered no number: " + created);
        }
    }

    /**
     * One call; a call whose answer never came (the connection closed without one, which platform-sim's JDK server does
     * now and then) is sent once more, as any client must: precreate then answers a new id (an unused one takes no
     * number), create with the same id is refused as existing when the first took the number, and that counts as
     * taken. The log check then shows whether that held.
     */
    private JsonNode platform(String path, String token, ObjectNode body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path + "?access_token=" + token))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        HttpResponse<String> response;
        boolean again = false;
        try {
            response = directClient.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException lost) {
            lostAnswers.incrementAndGet();
            again = true;
            response = directClient.send(request, HttpResponse.BodyHandlers.ofString());
        }
        JsonNode answer = json.readTree(response.body());
        if (again && path.equals(CREATE) && answer.path("delivery_error_msg").asText("").contains("电子面单已存在")) {
            return json.createObjectNode().put("waybill_id", "taken by the call whose answer was lost");
        }
        if (answer.path("errcode").asInt(0) != 0) {
            throw new IllegalStateException(path + " answered " + answer);
        }
        return answer;
    }

    // ---- labels ----

    /**
     * Downloads the run's PDF: once cold, then {@link #LABEL_RUNS} times, each streamed to a counter, while a sampler
     * reads the service's heap from its metrics; then once more, not timed, for PDFBox to read back.
     */
    private LabelRun labels(String heap, Taken run) throws Exception {
        Shop shop = run.shop();
        String url = api + "/api/shops/" + shop.id() + "/print-runs/" + run.run().runId() + "/labels.pdf";
        String viewer = TestTokens.viewer(shop.id());
        progress("Labels: GET labels.pdf of the %,d-order run, 1 cold + %d timed downloads, service %s", ORDERS, LABEL_RUNS, heap);
        Thread.sleep(1_000);
        long idle = heapUsed();
        long mark = gcLog.mark();
        CpuTime before = CpuTime.now(service, database);
        Download cold;
        List<Download> downloads = new ArrayList<>();
        long peak;
        int samples;
        try (HeapSampler sampler = new HeapSampler()) {
            cold = download(url, viewer);
            for (int i = 0; i < LABEL_RUNS; i++) {
                downloads.add(download(url, viewer));
            }
            peak = sampler.peak();
            samples = sampler.samples();
        }
        CpuTime after = CpuTime.now(service, database);
        GcLog.Figures gc = gcLog.since(mark);
        byte[] pdf = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + viewer)
                .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        int pages;
        boolean textOk;
        List<String> orderIds = orderIdsOfRun(shop, run.run().runId());
        try (PDDocument document = Loader.loadPDF(pdf)) {
            pages = document.getNumberOfPages();
            PDFTextStripper text = new PDFTextStripper();
            text.setStartPage(1);
            text.setEndPage(1);
            String first = text.getText(document);
            text.setStartPage(pages);
            text.setEndPage(pages);
            String last = text.getText(document);
            textOk = first.contains(orderIds.get(0)) && first.contains("1 / " + ORDERS)
                    && last.contains(orderIds.get(orderIds.size() - 1)) && last.contains(ORDERS + " / " + ORDERS);
        }
        long[] live = liveWhileRendering(url, viewer);
        LabelRun labels = new LabelRun(heap, cold, downloads, idle, peak, samples, gc, pages, textOk, after.coresSince(before),
                after.otherCoresSince(before), live[0], live[1], (int) live[2]);
        progress("  median %,.0f pages/s; %d pages read back: %s", ORDERS / median(downloads.stream().map(Download::seconds).toList()),
                pages, labels.ok() ? "PASS" : "FAIL");
        return labels;
    }

    /**
     * The service's live heap: in use after a full GC (jcmd GC.run) with no download running, and the most in use
     * after the full GCs that a helper thread asks for back to back while {@link #LIVE_DOWNLOADS} more downloads run
     * (untimed; read from the GC log). A download holds its writer open nearly all the time it runs, so the largest
     * of those is the heap a running download keeps. Answers: no run, while rendering (0 when no GC fell within a
     * download), and how many full GCs fell within downloads.
     */
    private long[] liveWhileRendering(String url, String token) throws Exception {
        long before = liveHeap();
        AtomicBoolean collecting = new AtomicBoolean(true);
        AtomicInteger downloadsRunning = new AtomicInteger();
        List<Long> duringDownloads = new ArrayList<>();
        Thread collector = new Thread(() -> {
            while (collecting.get()) {
                try {
                    long at = gcLog.mark();
                    boolean running = downloadsRunning.get() > 0;
                    jcmd("GC.run");
                    // Counted only when a download ran both before and after the GC: then it fell within one.
                    if (running && downloadsRunning.get() > 0) {
                        List<Long> afters = GcLog.fullAfters(gcLog.text(at));
                        synchronized (duringDownloads) {
                            duringDownloads.addAll(afters);
                        }
                    }
                } catch (Exception e) {
                    return;
                }
            }
        }, "full-gc");
        collector.setDaemon(true);
        downloadsRunning.incrementAndGet();
        collector.start();
        try {
            for (int i = 0; i < LIVE_DOWNLOADS; i++) {
                download(url, token);
            }
        } finally {
            downloadsRunning.decrementAndGet();
            collecting.set(false);
            collector.join();
        }
        synchronized (duringDownloads) {
            return new long[] {before, duringDownloads.stream().mapToLong(Long::longValue).max().orElse(0), duringDownloads.size()};
        }
    }

    /** A full GC in the service (jcmd GC.run), then the heap it left in use (jcmd GC.heap_info). */
    /**
     * The least heap in use after three full GCs (jcmd GC.run) with nothing of ours running, from the GC log as the
     * figures during downloads are: the service's own background work (consumer, relay, schedulers) allocates
     * meanwhile.
     */
    private long liveHeap() throws Exception {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long mark = gcLog.mark();
            jcmd("GC.run");
            for (long after : GcLog.fullAfters(gcLog.text(mark))) {
                least = Math.min(least, after);
            }
        }
        if (least == Long.MAX_VALUE) {
            throw new IllegalStateException("jcmd GC.run left no full collection in " + gcLog.file());
        }
        return least;
    }

    private String jcmd(String command) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(service.pid()), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    private List<String> orderIdsOfRun(Shop shop, String runId) throws Exception {
        List<String> ids = new ArrayList<>();
        json.readTree(Http.body(api + "/api/shops/" + shop.id() + "/print-runs/" + runId + "/waybills?size=1000",
                TestTokens.viewer(shop.id()))).path("items").forEach(w -> ids.add(w.path("orderId").asText()));
        return ids;
    }

    /** The whole PDF read as a client reads it, into a buffer that is reused: time to the first byte and to the last. */
    private static Download download(String url, String token) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long firstByte = -1;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = response.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (n > 0 && firstByte < 0) {
                    firstByte = System.nanoTime();
                }
                bytes += n;
            }
        }
        long end = System.nanoTime();
        return new Download(response.statusCode(), (end - start) / 1e9, firstByte < 0 ? Double.NaN : (firstByte - start) / 1e6, bytes);
    }

    /** The service's heap in use now: Micrometer's jvm_memory_used_bytes{area="heap"}, summed over the pools. */
    private long heapUsed() {
        try {
            long used = 0;
            for (String line : Http.body(api + "/q/metrics", null).split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return used;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return -1;
        }
    }

    /** Samples {@link #heapUsed()} every {@link #HEAP_POLL_MS} ms on a thread of its own and keeps the largest. */
    private final class HeapSampler implements AutoCloseable {

        private final AtomicLong peak = new AtomicLong();
        private final AtomicInteger samples = new AtomicInteger();
        private final Thread thread;
        private volatile boolean running = true;

        HeapSampler() {
            thread = new Thread(() -> {
                while (running) {
                    long used = heapUsed();
                    if (used >= 0) {
                        peak.accumulateAndGet(used, Math::max);
                        samples.incrementAndGet();
                    }
                    try {
                        Thread.sleep(HEAP_POLL_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long peak() {
            return peak.get();
        }

        int samples() {
            return samples.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }

    /**
     * The labels logistics-service rendered for the run, as its Labels builds them (carrier name, masked receiver,
     * the account's sender, the goods), written to a file for the baseline JVM.
     */
    private void writeLabelsFile(Taken run) throws Exception {
        Shop shop = run.shop();
        String viewer = TestTokens.viewer(shop.id());
        JsonNode account = null;
        for (JsonNode a : json.readTree(Http.body(api + "/api/shops/" + shop.id() + "/carrier-accounts", viewer))) {
            if (a.path("carrierCode").asText().equals(CARRIER)) {
                account = a;
            }
        }
        if (account == null) {
            throw new IllegalStateException("no " + CARRIER + " account in logistics-service for " + shop.id());
        }
        JsonNode s = account.path("sender");
        Label.Contact sender = s.isObject() ? new Label.Contact(s.path("name").asText(null), s.path("mobile").asText(null),
                String.join("", s.path("province").asText(""), s.path("city").asText(""), s.path("county").asText(""),
                        s.path("address").asText(""))) : null;
        String carrierName = catalog.byDeliveryId(CARRIER).map(Carrier::chineseName).orElse(CARRIER);
        List<Label> labels = new ArrayList<>();
        for (JsonNode w : json.readTree(Http.body(api + "/api/shops/" + shop.id() + "/print-runs/" + run.run().runId()
                + "/waybills?size=1000", viewer)).path("items")) {
            JsonNode r = w.path("receiver");
            List<Label.Item> items = new ArrayList<>();
            w.path("goods").forEach(g -> {
                if (!g.path("name").asText("").isBlank() && g.path("quantity").asInt() > 0) {
                    items.add(new Label.Item(g.path("name").asText(), g.path("quantity").asInt()));
                }
            });
            labels.add(new Label(null, w.path("orderId").asText(), carrierName, w.path("carrierCode").asText(),
                    w.path("trackingNumber").asText(), new Label.Contact(r.path("name").asText(null), r.path("phone").asText(null),
                    r.path("address").asText(null)), sender, items));
        }
        json.writeValue(labelsFile().toFile(), labels);
    }

    private static Path labelsFile() {
        return Path.of("bench", "target", "logistics-labels.json");
    }

    /** Runs {@link LabelsBaseline} in a child JVM on this classpath, with the given heap. */
    private Baseline labelsBaseline(String heap) throws Exception {
        GcLog gc = new GcLog(Path.of("bench", "target", "labels-baseline-xmx" + heap + "-gc.log"));
        Files.deleteIfExists(gc.file());
        CpuTime before = CpuTime.now(null, DB);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, gc.option(), "-cp", System.getProperty("java.class.path"), LabelsBaseline.class.getName(),
                labelsFile().toString(), Integer.toString(LABEL_RUNS), gc.file().toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("LabelsBaseline failed:\n" + out);
        }
        double machineCores = CpuTime.now(null, DB).otherCoresSince(before);
        String line = out.lines().filter(l -> l.startsWith(LabelsBaseline.PREFIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException("LabelsBaseline printed no figures:\n" + out));
        Map<String, String> f = new HashMap<>();
        for (String pair : line.substring(LabelsBaseline.PREFIX.length()).trim().split(" ")) {
            f.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        if (Integer.parseInt(f.get("labels")) != ORDERS) {
            throw new IllegalStateException("LabelsBaseline wrote " + f.get("labels") + " labels, not " + ORDERS);
        }
        return new Baseline("-Xmx" + heap, Double.parseDouble(f.get("cold")),
                Arrays.stream(f.get("seconds").split(",")).map(Double::valueOf).toList(), Long.parseLong(f.get("bytes")),
                Long.parseLong(f.get("idle")), Long.parseLong(f.get("poolPeak")),
                new GcLog.Figures(Integer.parseInt(f.get("gcs")), Long.parseLong(f.get("gcMaxBefore")),
                        Long.parseLong(f.get("gcMaxAfter")), 0), machineCores, Long.parseLong(f.get("liveBefore")),
                Long.parseLong(f.get("liveHalfWay")));
    }

    // ---- shops and orders ----

    /** A shop on the platform with the products, and its SF account's balance far beyond the run. */
    private Shop platformShop(String label) {
        int n = shops.incrementAndGet();
        String id = "bench-" + label;
        String appId = String.format("wxbench%010d", n);
        sim.createShop(new ShopSpec(id, appId, "secret", "benchtoken", AES_KEY, null, "gh_bench" + n));
        for (Product p : PRODUCTS) {
            sim.addProduct(id, ProductSpec.of(p.productId(), p.title(), new SkuSpec(p.skuId(), p.skuCode(), p.priceFen(), STOCK)));
        }
        EwaybillAccountView account = sim.ewaybillAccount(id, CARRIER);
        sim.setEwaybillAccount(id, account.acctId(), new EwaybillAccountPatch(null, BALANCE));
        return new Shop(id, appId, account.acctId());
    }

    /** The shop's WeChat account in logistics-service, SF enabled as the default carrier, its accounts checked. */
    private void register(Shop shop) throws Exception {
        String admin = TestTokens.admin(shop.id());
        Http.put(api + "/api/shops/" + shop.id() + "/platform-account", admin, """
                {"appId":"%s","appSecret":"secret","pushToken":"benchtoken","encodingAesKey":"%s"}""".formatted(shop.appId(), AES_KEY));
        Http.put(api + "/api/shops/" + shop.id() + "/carriers", admin, """
                {"enabledCarriers":["%s"],"defaultCarrier":"%s"}""".formatted(CARRIER, CARRIER));
        JsonNode accounts = json.readTree(Http.exchange("POST", api + "/api/shops/" + shop.id() + "/carrier-accounts/check",
                TestTokens.operator(shop.id()), null, 200));
        boolean authorized = false;
        for (JsonNode account : accounts) {
            authorized |= account.path("carrierCode").asText().equals(CARRIER) && account.path("state").asText().equals("AUTHORIZED");
        }
        if (!authorized) {
            throw new IllegalStateException("the " + CARRIER + " account of " + shop.id() + " is not AUTHORIZED after the check: " + accounts);
        }
    }

    /** Paid orders on the platform of 1 to 3 lines, 1 or 2 units each. */
    private List<String> paidOrders(Shop shop, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            io.shipsync.sim.OrderItem[] items = new io.shipsync.sim.OrderItem[1 + i % PRODUCTS.size()];
            for (int k = 0; k < items.length; k++) {
                Product p = PRODUCTS.get((i + k) % PRODUCTS.size());
                items[k] = new io.shipsync.sim.OrderItem(p.productId(), p.skuId(), 1 + (i + k) % 2);
            }
            ids.add(sim.createPaidOrder(shop.id(), OrderSpec.of(items)).orderId());
        }
        return ids;
    }

    /** OrderPlaced for each order, as order-service's relay sends it; waits until every one is in the print queue. */
    private void announce(Shop shop, List<String> orderIds) throws Exception {
        Region region = new Region("浙江省", "杭州市", "西湖区");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < orderIds.size(); i++) {
                List<OrderItem> items = new ArrayList<>();
                long total = 0;
                for (int k = 0; k < 1 + i % PRODUCTS.size(); k++) {
                    Product p = PRODUCTS.get((i + k) % PRODUCTS.size());
                    int quantity = 1 + (i + k) % 2;
                    items.add(new OrderItem(p.productId(), p.skuId(), p.skuCode(), quantity, p.priceFen()));
                    total += quantity * p.priceFen();
                }
                EventEnvelope envelope = codec.envelope(new OrderPlaced(orderIds.get(i), Instant.now(), OrderPlaced.DELIVER_PHYSICAL,
                        items, region, total), shop.id(), UUID.randomUUID(), null, Instant.now());
                sent.add(producer.send(new ProducerRecord<>(Topics.forAggregateType(envelope.aggregateType()), envelope.aggregateId(),
                        codec.write(envelope))));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        }
        try (PreparedStatement count = db.prepareStatement("SELECT count(*) FROM print_queue WHERE shop_id = ?")) {
            count.setString(1, shop.id());
            Http.waitUntil(() -> {
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1) >= orderIds.size();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(120));
        }
    }

    // ---- output ----

    private static String rates(List<Run> runs) {
        return runs.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond())).collect(Collectors.joining(", "));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static String pagesPerSecond(List<Double> seconds) {
        List<Double> rates = seconds.stream().map(s -> ORDERS / s).sorted().toList();
        return String.format(Locale.ROOT, "%,.0f (%,.0f–%,.0f)", rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "· " + format + "%n", args);
    }

    private void print() {
        System.out.printf(Locale.ROOT, """

                ## logistics-service: e-waybills taken and label pages (%s, %d cores)

                Numbers: %d print runs of %,d paid orders each (1–3 lines per order), back to back, carrier %s, after \
                warm-up runs of %,d orders on the same service process; each timed from POST …/print-runs to the first GET showing progress.remaining 0 (polled \
                every %d ms). Baseline: order/get + precreate + create per order straight to the same platform-sim from as \
                many threads as taker workers, %,d orders after %,d. Cores busy = CPU seconds per second of \
                logistics-service / PostgreSQL (its background processes and this database's backends) / bench JVM \
                (platform-sim, broker, poller); CPU ms per waybill the same per waybill; other processes = the machine's \
                busy cores less those.

                | Workers | Baseline: direct calls, waybills/s (latency p50 / p99 ms per waybill; cores busy; other processes) \
                | logistics-service: waybills/s, POST → remaining 0, median (min–max) of the runs \
                | first call → last create on the platform (s), median \
                | warm-up runs, waybills/s | platform calls per waybill | cores busy | CPU ms per waybill | other processes (cores) \
                | one number per order (platform's e-waybill log) |
                |---:|---:|---:|---:|---:|---|---|---|---:|---|
                """, LocalDate.now(), Runtime.getRuntime().availableProcessors(), RUNS, ORDERS, CARRIER, WARM_UP, PROGRESS_POLL_MS,
                ORDERS, WARM_UP);
        for (int i = 0; i < taken.size(); i++) {
            Taken t = taken.get(i);
            Direct d = directs.get(i);
            String calls = t.calls().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey().replace(EWAYBILL, "ewaybill/").replace("/channels/ec/", ""),
                            e.getValue() / (double) t.orders()))
                    .collect(Collectors.joining(", "));
            long total = t.calls().values().stream().mapToLong(Long::longValue).sum();
            Check c = t.checks().get(t.checks().size() - 1);
            List<Double> rates = t.runs().stream().map(Run::perSecond).toList();
            System.out.printf(Locale.ROOT, "| %d | %,.0f (%.1f / %.1f; %s; %.2f)%s | **%,.0f** (%,.0f–%,.0f; runs %s s; taken %,d, failed %d) "
                            + "| %.2f | %s | %s = %.2f | %s | %s | %.2f | %,d of %,d orders (warm-up and measured) exactly one (more %d, "
                            + "none %d, others %d); measured runs: %,d precreates, %,d creates, %,d of %,d waybills TAKEN holding the "
                            + "platform's number, %,d distinct, work left %d: %s |%n",
                    t.workers(), d.perSecond(), d.latency().p50(), d.latency().p99(), d.cores(), d.otherCores(),
                    (d.lostAnswers() == 0 ? "" : String.format(Locale.ROOT, " (%d answers lost, sent again)", d.lostAnswers()))
                            + (d.ok() ? "" : String.format(Locale.ROOT, " (%d errors, check %s: FAIL)", d.errors(), d.check())),
                    median(rates), rates.stream().min(Double::compare).orElseThrow(), rates.stream().max(Double::compare).orElseThrow(),
                    t.runs().stream().map(r -> String.format(Locale.ROOT, "%.2f", r.seconds())).collect(Collectors.joining(", ")),
                    t.runs().stream().mapToInt(Run::taken).sum(), t.runs().stream().mapToInt(Run::failed).sum(), median(t.platformSeconds()),
                    rates(t.warmUp()), calls, total / (double) t.orders(), t.cores(), t.cpuPerWaybill(), t.otherCores(),
                    c.exactlyOne(), c.orders(), c.more(), c.none(), c.strangers(),
                    t.checks().stream().mapToLong(Check::precreates).sum(), t.checks().stream().mapToLong(Check::creates).sum(),
                    t.checks().stream().mapToInt(Check::waybillsMatching).sum(), t.checks().stream().mapToInt(Check::runOrders).sum(),
                    t.checks().stream().mapToInt(Check::distinctNumbers).sum(), c.workLeft(), t.ok() ? "PASS" : "FAIL");
        }
        System.out.printf(Locale.ROOT, """

                Labels: the measured run's PDF (%,d pages), GET …/labels.pdf streamed to a counter, 1 cold + %d timed \
                downloads; the service's heap sampled from /q/metrics (jvm_memory_used_bytes{area="heap"}, summed over the \
                pools) every %d ms and read from its GC log (-Xlog:gc); live heap = in use after a full GC (jcmd GC.run) \
                with no download, and the most in use after full GCs asked for back to back during %d more downloads. Baseline: the labels module alone \
                (LabelWriter) writing the same labels to a counter in a child JVM with the same -Xmx, 1 cold + %d timed \
                runs, its live heap after System.gc() with no run open and half-way through one.

                | Heap | Baseline: LabelWriter alone, pages/s median (min–max) | logistics-service: pages/s median (min–max) \
                | first byte (ms, median) | cold: baseline / service (s) | PDF bytes: baseline / service \
                | live heap, no run → while rendering (MiB): baseline / service (full GCs within downloads) | service heap in use: before → sampled peak (MiB) \
                | GC log over the cold and timed runs, baseline → service: collections, most in use before one / after one (MiB) \
                | cores busy (service / PostgreSQL / bench JVM); other processes | pages read back (PDFBox) |
                |---|---:|---:|---:|---:|---:|---|---:|---|---|---|
                """, ORDERS, LABEL_RUNS, HEAP_POLL_MS, LIVE_DOWNLOADS, LABEL_RUNS);
        for (LabelRun l : labelRuns) {
            Baseline b = baselines.stream().filter(x -> x.heap().equals(l.heap())).findFirst().orElse(null);
            List<Double> seconds = l.runs().stream().map(Download::seconds).toList();
            System.out.printf(Locale.ROOT, "| %s | %s | **%s** | %.0f | %s / %.2f | %s / %,d | %s / %s → %s (%s; %d) | %s → %s (%d samples) "
                            + "| %s → %d, %s / %s | %s; %.2f | %d, first and last page's order id and n / N: %s |%n",
                    l.heap(), b == null ? "?" : pagesPerSecond(b.seconds()), pagesPerSecond(seconds),
                    median(l.runs().stream().map(Download::firstByteMs).toList()),
                    b == null ? "?" : String.format(Locale.ROOT, "%.2f", b.coldSeconds()), l.cold().seconds(),
                    b == null ? "?" : String.format(Locale.ROOT, "%,d", b.bytes()), l.cold().bytes(),
                    b == null ? "?" : String.format(Locale.ROOT, "%s → %s (%+.1f)", mib(b.liveBefore()), mib(b.liveHalfWay()),
                            (b.liveHalfWay() - b.liveBefore()) / 1048576.0),
                    mib(l.liveBefore()), mib(l.liveRendering()),
                    String.format(Locale.ROOT, "%+.1f", (l.liveRendering() - l.liveBefore()) / 1048576.0), l.fullGcsInDownloads(),
                    mib(l.idleHeap()), mib(l.sampledPeak()), l.samples(),
                    b == null ? "?" : String.format(Locale.ROOT, "%d, %s / %s", b.gc().collections(), mib(b.gc().maxBefore()), mib(b.gc().maxAfter())),
                    l.gc().collections(), mib(l.gc().maxBefore()), mib(l.gc().maxAfter()), l.cores(), l.otherCores(), l.pages(),
                    l.ok() ? "PASS" : "FAIL");
        }
        for (Baseline b : baselines) {
            System.out.printf(Locale.ROOT, "%nBaseline JVM %s: heap in use after a GC before the runs %s MiB (the labels read); "
                            + "all heap pools' peak over the cold and timed runs %s MiB; cores busy beside the bench JVM meanwhile %.2f "
                            + "(the child itself and any other process).", b.heap(), mib(b.idle()), mib(b.poolPeak()), b.machineCores());
        }
        System.out.println();
    }
}
