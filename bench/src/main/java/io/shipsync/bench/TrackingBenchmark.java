package io.shipsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.events.AggregateTypes;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.PackageItem;
import io.shipsync.events.Region;
import io.shipsync.events.ShippedPackage;
import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingUpdated;
import io.shipsync.events.Topics;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.logistics.TrackingHistory;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.TrackingConfig;
import io.shipsync.trackingfeed.FeedPush;
import io.shipsync.trackingfeed.Kuaidi100Feed;
import io.shipsync.trackingfeed.TrackingFeedConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * logistics-service's tracking pushes (物流跟踪): signed kuaidi100 pushes accepted per second, processed into
 * TrackingUpdated per second end to end, and the time from a push's POST to its event on Kafka.
 * <p>
 * The packaged service runs as its own process against an in-process KRaft broker, a fresh database on the machine's
 * PostgreSQL and an embedded platform-sim playing kuaidi100 (its automatic pushes off). {@link #NUMBERS} numbers across
 * {@link #SHOPS} shops are declared as order-service announces them (OrderPlaced, OrderShipped on {@code shipsync.order})
 * and watched: the service subscribes each at the sim's {@code /poll}. The benchmark then plays the feed itself: each
 * number follows an 8-entry 中通 journey 深圳 → 杭州, one push per entry, every push the full history newest first, signed
 * UPPER(MD5(param + salt)) and POSTed as kuaidi100 does. About {@link #RESEND_SHARE} of the pushes are resends of a push
 * already acknowledged (byte for byte, arriving one round later, before or after the number's newer push), which must
 * announce nothing.
 * <ol>
 *   <li>Warm-up: entries 1–3 of every number, at full speed (not measured; it also gives the measured pushes 4–8
 *   entries).</li>
 *   <li>Throughput: entries 4–8 of all but {@link #LATENCY_NUMBERS} numbers, round by round (every number's next push,
 *   shuffled), from {@link #THREADS} client threads at full speed. Accepted/s is the HTTP side; processed/s counts
 *   TrackingUpdated records arriving on {@code shipsync.tracking}, from the first POST to the last expected record.</li>
 *   <li>Latency: the same for the other numbers, paced at half the processed rate just measured, so that the figure is
 *   a push's own way through the service and not the queue a saturated service builds up.</li>
 * </ol>
 * Each phase is checked: every push answered with kuaidi100's acknowledgement, exactly one TrackingUpdated per push
 * that brought an entry (one checkpoint, the push's newest), none for a resend, no TrackingAnomaly, every push processed
 * and no work left. Baseline in the same run: the throughput phase's pushes, in the same order and from as many threads,
 * through the service's own {@link Kuaidi100Feed#verifiedPayload} (the sign), {@link Kuaidi100Feed#parsePush} (the
 * JSON) and {@link TrackingHistory#merge} against histories held in memory: no HTTP, no database, no Kafka.
 * <p>
 * Exits 1 when a check fails, 2 on any other error. Commands: docs/benchmarks.md.
 */
public final class TrackingBenchmark {

    private static final String DB = "shipsync_bench_tracking";
    private static final int PARTITIONS = 3;
    private static final String ORDER_TOPIC = Topics.forAggregateType(AggregateTypes.ORDER);
    private static final String TRACKING_TOPIC = Topics.forAggregateType(AggregateTypes.TRACKING);
    private static final String SALT = "bench-tracking-salt";
    private static final String ACK = "{\"result\":true,\"returnCode\":\"200\",\"message\":\"成功\"}";
    // kuaidi100 posts UTF-8; without the charset the form would be read as ISO-8859-1.
    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
    private static final int NUMBERS = Integer.getInteger("bench.numbers", 2_000);
    private static final int LATENCY_NUMBERS = Integer.getInteger("bench.latencyNumbers", 500);
    private static final int SHOPS = Integer.getInteger("bench.shops", 4);
    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    private static final double RESEND_SHARE = Double.parseDouble(System.getProperty("bench.resendShare", "0.2"));
    // Pushes/s of the latency phase; 0: half the throughput phase's processed pushes/s.
    private static final double LATENCY_RATE = Double.parseDouble(System.getProperty("bench.latencyRate", "0"));
    private static final int BASELINE_RUNS = 3;
    // More JVM options for the service, space-separated (e.g. a JFR recording to bench/target/tracking.jfr); none by default.
    private static final String SERVICE_OPTIONS = System.getProperty("bench.serviceOptions", "");
    // Steps pushed to every number before measuring.
    private static final int WARM_STEPS = 3;
    private static final long SEED = 20261126L;
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final long DB_POLL_MS = 200;
    // After the last expected event: time for a stray one (a resend announced by mistake) to arrive; the relay polls every 50 ms.
    private static final long QUIET_MS = 2_000;
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(SHANGHAI);
    private static final String PRODUCT = "10000000000001";
    private static final String SKU = "2100000000001";

    /** Where an entry was scanned, as kuaidi100's resultv2=4 items give it. */
    private record City(String province, String provinceFull, String city, String district, String areaCode) {

        String areaName() {
            return province + "," + city + "," + district;
        }

        String location() {
            return provinceFull.equals(city) ? city + district : provinceFull + city + district;
        }
    }

    /** One carrier scan: hours after the number's start, kuaidi100's basic state and advanced statusCode. */
    private record Entry(double hours, City city, String context, int state, String statusCode, String statusName) {
    }

    private static final City FROM = new City("广东", "广东省", "深圳市", "南山区", "CN440305000000");
    private static final City VIA = new City("上海", "上海市", "上海市", "浦东新区", "CN310115000000");
    private static final City TO = new City("浙江", "浙江省", "杭州市", "余杭区", "CN330110000000");
    // platform-sim's NORMAL 中通 journey with a transit stop: the order goes to 杭州, so nothing here is a finding.
    private static final List<Entry> JOURNEY = List.of(
            new Entry(-0.25, FROM, "【深圳市】商家已下单，中通快递正在安排快递员上门揽收", 1, "101", "揽收"),
            new Entry(1.5, FROM, "【深圳市】中通快递 已收取快件", 1, "103", "揽收"),
            new Entry(4, FROM, "【深圳市】快件在【深圳南山集散中心】完成分拣，准备发往【杭州余杭集散中心】", 0, "1002", "在途"),
            new Entry(6, FROM, "【深圳市】快件已发车，离开【深圳南山集散中心】，发往【杭州市】", 0, "1002", "在途"),
            new Entry(14, VIA, "【上海市】快件已到达【上海浦东转运中心】，准备发往【杭州余杭集散中心】", 0, "1002", "在途"),
            new Entry(20, TO, "【杭州市】快件已到达【杭州余杭集散中心】", 0, "1001", "在途"),
            new Entry(26, TO, "【杭州市】快件交给快递员王师傅（电话：138****5678），正在派送途中", 5, "5", "派件"),
            new Entry(29, TO, "【杭州市】快件已签收，签收人：本人，如有疑问请联系快递员王师傅（电话：138****5678）", 3, "301", "签收"));
    private static final int STEPS = JOURNEY.size();

    /** One push as kuaidi100 sends it: the number's history up to {@code step}, newest first. */
    private record Push(String number, int step, String param, String sign, String form, long newestSecond) {

        /** The event it must produce: the number and its newest checkpoint. */
        String key() {
            return number + "|" + newestSecond;
        }
    }

    /** One POST; a resend carries a push already acknowledged. */
    private record Send(Push push, boolean resend) {
    }

    /** What the clients saw: answers, their latency, the first POST and the last answer. */
    private record Sent(int pushes, long firstNanos, long lastNanos, long[] ackNanos, long notAcknowledged) {

        double acceptedPerSecond() {
            return pushes / ((lastNanos - firstNanos) / 1e9);
        }
    }

    /**
     * The events of a phase against its pushes: expected (pushes that brought an entry), with exactly one
     * TrackingUpdated, with more, with none, events whose checkpoints were not exactly the push's one new entry, events
     * not matching any push (a resend announced), TrackingAnomaly events, pushes stored but never processed, work left.
     */
    private record Check(int expected, int exactlyOne, int more, int missing, int notOneCheckpoint, long strays,
                         long anomalies, long unprocessed, long workLeft, long notAcknowledged) {

        boolean ok() {
            return exactlyOne == expected && more == 0 && missing == 0 && notOneCheckpoint == 0 && strays == 0
                    && anomalies == 0 && unprocessed == 0 && workLeft == 0 && notAcknowledged == 0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d of %,d pushes with an entry announced exactly once (more %d, none %d, "
                            + "not one checkpoint %d); events for resends %d; TrackingAnomaly %d; unprocessed %d; work left %d; "
                            + "not acknowledged %d: %s", exactlyOne, expected, more, missing, notOneCheckpoint, strays, anomalies,
                    unprocessed, workLeft, notAcknowledged, ok() ? "PASS" : "FAIL");
        }
    }

    /** One measured phase. */
    private record Phase(String name, int numbers, int originals, int resends, double rate, Sent sent, double endToEndSeconds,
                         double processedSeconds, long processedPushes, Percentiles ack, Percentiles pushToEvent, String cores,
                         double[] cpuSeconds, double otherCores, long commits, Check check) {

        /** The database's committed transactions per push (resends included), the benchmark's few polls among them. */
        double commitsPerPush() {
            return commits / (double) (originals + resends);
        }

        double eventsPerSecond() {
            return originals / endToEndSeconds;
        }

        double pushesProcessedPerSecond() {
            return processedPushes / processedSeconds;
        }

        /** CPU milliseconds per push (resends included): service, PostgreSQL, bench JVM. */
        String cpuPerPush() {
            int pushes = originals + resends;
            return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", cpuSeconds[0] * 1000 / pushes, cpuSeconds[1] * 1000 / pushes,
                    cpuSeconds[2] * 1000 / pushes);
        }
    }

    /** The in-process baseline. */
    /**
     * The in-process baseline: entries its merges added (one per push that brings one, whatever order the threads
     * happen to take a number's pushes in) and merges that added any.
     */
    private record Baseline(int threads, int pushes, List<Double> seconds, long entriesAdded, long announcing, int expected,
                            String cores) {

        double perSecond() {
            return pushes / median(seconds);
        }

        boolean ok() {
            return entriesAdded == expected;
        }
    }

    private final EventCodec codec = new EventCodec();
    private final ObjectMapper json = new ObjectMapper();
    // HTTP/1.1 as kuaidi100 posts; one pooled connection per client thread.
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final List<String> numbers = new ArrayList<>();
    private Push[][] pushes;
    private String bootstrap;
    private Connection db;
    private ProcessHandle service;
    private URI pushUri;
    private Events events;
    private Path serviceLog;
    private final List<Phase> phases = new ArrayList<>();
    // The pushes of each phase in sending order; the baseline takes the same.
    private List<Send> warmUp;
    private List<Send> throughput;
    private Baseline baseline;
    private int watched;
    private double watchSeconds;
    private List<String> logProblems = List.of();
    private long logProblemCount;

    private TrackingBenchmark() {
    }

    public static void main(String[] args) {
        BenchMain.runAndExit(() -> new TrackingBenchmark().run());
    }

    /** True when every check held. */
    private boolean run() throws Exception {
        if (NUMBERS < 2 || LATENCY_NUMBERS < 1 || LATENCY_NUMBERS >= NUMBERS || SHOPS < 1 || THREADS < 1
                || RESEND_SHARE < 0 || RESEND_SHARE >= 0.9) {
            throw new IllegalArgumentException("bench.latencyNumbers is 1 to bench.numbers - 1, bench.resendShare 0 to 0.9");
        }
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < NUMBERS; i++) {
            numbers.add("73" + String.format(Locale.ROOT, "%012d", 500_000_000_000L + i));
        }
        pushes = buildPushes(start);
        KafkaClusterTestKit kafka = BenchKafka.start(PARTITIONS);
        try (PlatformSim sim = PlatformSim.start(PlatformSim.Config.defaults()
                .withTracking(TrackingConfig.defaults().withAutomatic(false)))) {
            bootstrap = kafka.bootstrapServers();
            createTopics();
            TestDatabase.recreate(DB, TestDatabase.serviceRole("logistics-service"));
            int port = ServiceProcess.freePort();
            TrackingConfig feed = TrackingConfig.defaults();
            serviceLog = Path.of("bench", "target", "logistics-service-tracking.log");
            progress("logistics-service on database %s, kuaidi100 played by platform-sim (automatic pushes off)", DB);
            try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(DB), TestDatabase.USER, TestDatabase.PASSWORD);
                 ServiceProcess logistics = ServiceProcess.start("logistics-service", serviceLog.getFileName().toString(), port, DB,
                         bootstrap, sim.baseUrl(), serviceOptions(
                                 // As local-infra's PlatformSimResource points the service at the sim's kuaidi100.
                                 "-Dshipsync.tracking-feed.kuaidi100.url=" + sim.baseUrl(),
                                 "-Dshipsync.tracking-feed.kuaidi100.autonumber-url=" + sim.baseUrl(),
                                 "-Dshipsync.tracking-feed.kuaidi100.key=" + feed.kuaidi100Key(),
                                 "-Dshipsync.tracking-feed.kuaidi100.customer=" + feed.kuaidi100Customer(),
                                 "-Dshipsync.tracking-feed.kuaidi100.salt=" + SALT,
                                 "-Dshipsync.tracking-feed.callback-url=http://127.0.0.1:" + port + "/tracking-feed/kuaidi100/push",
                                 // The periodic 接口测试 of e-waybill accounts has nothing to do with tracking.
                                 "-Dshipsync.logistics.account-check-interval=1h"));
                 Events received = new Events(bootstrap, codec)) {
                db = connection;
                service = logistics.handle();
                pushUri = URI.create(logistics.baseUrl() + "/tracking-feed/kuaidi100/push");
                events = received;
                watchAll(sim);
                measure();
                readServiceLog();
            }
        } finally {
            TestDatabase.dropSlots(DB);
            kafka.close();
        }
        progress("Baseline: the same pushes' sign check + JSON parse + TrackingHistory.merge in process, %d threads", THREADS);
        baseline = baseline();
        print();
        return phases.stream().allMatch(p -> p.check().ok()) && baseline.ok() && watched == NUMBERS;
    }

    private static List<String> serviceOptions(String... options) {
        List<String> all = new ArrayList<>(List.of(options));
        if (!SERVICE_OPTIONS.isBlank()) {
            all.addAll(List.of(SERVICE_OPTIONS.trim().split("\\s+")));
        }
        return all;
    }

    private void measure() throws Exception {
        List<Integer> all = IntStream.range(0, NUMBERS).boxed().toList();
        List<Integer> throughputNumbers = all.subList(0, NUMBERS - LATENCY_NUMBERS);
        List<Integer> latencyNumbers = all.subList(NUMBERS - LATENCY_NUMBERS, NUMBERS);
        Random random = new Random(SEED);
        warmUp = rounds(all, 1, WARM_STEPS, random);
        throughput = rounds(throughputNumbers, WARM_STEPS + 1, STEPS, random);
        List<Send> latency = rounds(latencyNumbers, WARM_STEPS + 1, STEPS, random);
        progress("Warm-up: entries 1–%d of %,d numbers, %,d pushes, %d threads at full speed", WARM_STEPS, NUMBERS, warmUp.size(), THREADS);
        phases.add(phase("warm-up", NUMBERS, warmUp, 0));
        Thread.sleep(1_000);
        progress("Throughput: entries %d–%d of %,d numbers, %,d pushes, %d threads at full speed", WARM_STEPS + 1, STEPS,
                throughputNumbers.size(), throughput.size(), THREADS);
        Phase measured = phase("throughput", throughputNumbers.size(), throughput, 0);
        phases.add(measured);
        Thread.sleep(1_000);
        double rate = LATENCY_RATE > 0 ? LATENCY_RATE : Math.max(10, Math.round(measured.pushesProcessedPerSecond() / 2));
        progress("Latency: entries %d–%d of %,d other numbers, %,d pushes paced at %.0f/s", WARM_STEPS + 1, STEPS,
                latencyNumbers.size(), latency.size(), rate);
        phases.add(phase("latency", latencyNumbers.size(), latency, rate));
        try (Query query = new Query(db, "SELECT state, count(*) FROM tracking_watches GROUP BY state ORDER BY state")) {
            progress("  watches now: %s", query.rows());
        }
    }

    // ---- the feed's pushes ----

    /** Every push of every number, built before anything is measured. */
    private Push[][] buildPushes(Instant start) throws Exception {
        Push[][] built = new Push[NUMBERS][STEPS];
        for (int n = 0; n < NUMBERS; n++) {
            // Two days back, spread over 12 h: every entry lies in the past, as the feed's do.
            Instant base = start.minus(Duration.ofHours(48)).plus(Duration.ofMinutes(n % 720));
            for (int step = 1; step <= STEPS; step++) {
                built[n][step - 1] = push(numbers.get(n), base, step);
            }
        }
        return built;
    }

    /** The kuaidi100 push of entries 1 to {@code step}: param as the sim writes it (resultv2=4), its sign and form. */
    private Push push(String number, Instant base, int step) throws Exception {
        Entry newest = JOURNEY.get(step - 1);
        boolean last = step == STEPS;
        ObjectNode param = json.createObjectNode().put("status", last ? "shutdown" : "polling").put("billstatus", "got")
                .put("message", "").put("autoCheck", "0").put("comOld", "").put("comNew", "");
        ObjectNode result = param.putObject("lastResult").put("message", "ok").put("state", Integer.toString(newest.state()))
                .put("status", "200").put("condition", "F00").put("ischeck", last ? "1" : "0").put("com", "zhongtong")
                .put("nu", number);
        ArrayNode data = result.putArray("data");
        for (int i = step - 1; i >= 0; i--) {
            Entry e = JOURNEY.get(i);
            String time = TIME.format(at(base, e));
            data.addObject().put("context", e.context()).put("time", time).put("ftime", time).put("status", e.statusName())
                    .put("statusCode", e.statusCode()).put("areaCode", e.city().areaCode()).put("areaName", e.city().areaName())
                    .put("location", e.city().location());
        }
        String text = json.writeValueAsString(param);
        String sign = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5")
                .digest((text + SALT).getBytes(StandardCharsets.UTF_8)));
        String form = "param=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&sign=" + sign;
        return new Push(number, step, text, sign, form, at(base, newest).getEpochSecond());
    }

    private static Instant at(Instant base, Entry entry) {
        return base.plusSeconds(Math.round(entry.hours() * 3600));
    }

    /**
     * Rounds of pushes: in each, the next push of every number, shuffled. Each push is sent again with the share that
     * makes resends {@link #RESEND_SHARE} of all pushes, at a random place in the next round (a round after the last
     * holds only resends): kuaidi100 resending what it thinks was not delivered, before or after the number's next push.
     */
    private List<Send> rounds(List<Integer> of, int fromStep, int toStep, Random random) {
        List<List<Send>> rounds = new ArrayList<>();
        for (int step = fromStep; step <= toStep + 1; step++) {
            rounds.add(new ArrayList<>());
        }
        for (int step = fromStep; step <= toStep; step++) {
            List<Integer> order = new ArrayList<>(of);
            Collections.shuffle(order, random);
            for (int n : order) {
                rounds.get(step - fromStep).add(new Send(pushes[n][step - 1], false));
            }
        }
        double resend = RESEND_SHARE / (1 - RESEND_SHARE);
        for (int step = fromStep; step <= toStep; step++) {
            List<Send> next = rounds.get(step - fromStep + 1);
            for (Send original : List.copyOf(rounds.get(step - fromStep))) {
                if (!original.resend() && random.nextDouble() < resend) {
                    next.add(random.nextInt(next.size() + 1), new Send(original.push(), true));
                }
            }
        }
        return rounds.stream().flatMap(List::stream).toList();
    }

    // ---- watches ----

    /** Each number declared by an order of its own (OrderPlaced, then OrderShipped); waits until every one is WATCHING. */
    private void watchAll(PlatformSim sim) throws Exception {
        progress("Declaring %,d numbers across %d shops (OrderPlaced + OrderShipped on %s); waiting until each is WATCHING",
                NUMBERS, SHOPS, ORDER_TOPIC);
        long started = System.nanoTime();
        Region region = new Region("浙江省", "杭州市", "余杭区");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < NUMBERS; i++) {
                String shop = "bench-tracking-" + (1 + i % SHOPS);
                String orderId = Long.toString(3_700_000_000_000_000_000L + i);
                Instant now = Instant.now();
                for (EventEnvelope envelope : List.of(
                        codec.envelope(new OrderPlaced(orderId, now, OrderPlaced.DELIVER_PHYSICAL,
                                List.of(new OrderItem(PRODUCT, SKU, "CUP", 1, 8900)), region, 8900L), shop, UUID.randomUUID(), null, now),
                        codec.envelope(new OrderShipped(orderId, List.of(new ShippedPackage("ZTO", numbers.get(i),
                                List.of(new PackageItem(PRODUCT, SKU, 1)))), now, true, false), shop, UUID.randomUUID(), null, now))) {
                    sent.add(producer.send(new ProducerRecord<>(ORDER_TOPIC, envelope.aggregateId(), codec.write(envelope))));
                }
            }
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        long nextReport = System.nanoTime() + 10_000_000_000L;
        try (Query query = new Query(db, "SELECT count(*) FROM tracking_watches WHERE state = 'WATCHING'")) {
            while ((watched = (int) query.count()) < NUMBERS) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(watched + " of " + NUMBERS + " numbers WATCHING after " + WAIT);
                }
                if (System.nanoTime() > nextReport) {
                    progress("  %,d WATCHING", watched);
                    nextReport += 10_000_000_000L;
                }
                Thread.sleep(DB_POLL_MS);
            }
        }
        watchSeconds = (System.nanoTime() - started) / 1e9;
        progress("  %,d WATCHING after %.1f s; the sim holds %,d subscriptions", watched, watchSeconds, sim.tracking().subscriptions().size());
    }

    // ---- phases ----

    /** Sends the pushes, waits until each is processed and its event arrived, and checks the phase. */
    private Phase phase(String name, int numberCount, List<Send> sends, double rate) throws Exception {
        long mark;
        try (Query query = new Query(db, "SELECT coalesce(max(id), 0) FROM tracking_pushes")) {
            mark = query.count();
        }
        List<Push> originals = sends.stream().filter(s -> !s.resend()).map(Send::push).toList();
        long updatesBefore = events.updates();
        long anomaliesBefore = events.anomalies();
        long commitsBefore = commits();
        CpuTime before = CpuTime.now(service, DB);
        Sent sent = send(sends, rate);
        progress("  %,.0f pushes/s accepted (%,d not acknowledged); waiting for processing and events", sent.acceptedPerSecond(),
                sent.notAcknowledged());
        long unprocessed = waitProcessed(mark, sends.size());
        long lastEvent = waitEvents(originals);
        CpuTime after = CpuTime.now(service, DB);
        Thread.sleep(QUIET_MS);
        // Read after the quiet time: backends report their counts to the statistics within a second of going idle.
        long commits = commits() - commitsBefore;

        long processed;
        double processedSeconds;
        try (PreparedStatement query = db.prepareStatement("""
                SELECT count(*), extract(epoch FROM max(processed_at) - min(received_at)) FROM tracking_pushes
                WHERE id > ? AND processed_at IS NOT NULL""")) {
            query.setLong(1, mark);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                processed = row.getLong(1);
                processedSeconds = row.getDouble(2);
            }
        }
        long workLeft;
        try (Query query = new Query(db, "SELECT count(*) FROM work_items WHERE queue = 'tracking-push'")) {
            workLeft = query.count();
        }
        int exactlyOne = 0;
        int more = 0;
        int missing = 0;
        int notOne = 0;
        long matched = 0;
        List<Long> latencies = new ArrayList<>();
        for (Push push : originals) {
            Events.Received r = events.of(push.key());
            if (r == null) {
                missing++;
                continue;
            }
            matched += r.count().get();
            if (r.count().get() == 1) {
                exactlyOne++;
            } else {
                more++;
            }
            if (r.notOneCheckpoint().get() > 0) {
                notOne++;
            }
            latencies.add(r.firstNanos() - sentAt.get(push.key()));
        }
        long strays = events.updates() - updatesBefore - matched;
        Check check = new Check(originals.size(), exactlyOne, more, missing, notOne, strays, events.anomalies() - anomaliesBefore,
                unprocessed, workLeft, sent.notAcknowledged());
        Percentiles pushToEvent = latencies.isEmpty() ? null : Percentiles.ofNanos(latencies.stream().mapToLong(Long::longValue).toArray());
        Phase phase = new Phase(name, numberCount, originals.size(), sends.size() - originals.size(), rate, sent,
                (lastEvent - sent.firstNanos()) / 1e9, processedSeconds, processed, Percentiles.ofNanos(sent.ackNanos()), pushToEvent,
                after.coresSince(before), after.secondsSince(before), after.otherCoresSince(before), commits, check);
        progress("  %,.0f TrackingUpdated/s end to end (%,.0f pushes/s processed, resends included); push → event p50 %.1f ms, "
                        + "p99 %.1f ms; %s", phase.eventsPerSecond(), phase.pushesProcessedPerSecond(),
                pushToEvent == null ? Double.NaN : pushToEvent.p50(), pushToEvent == null ? Double.NaN : pushToEvent.p99(), check);
        return phase;
    }

    /** Transactions committed in the benchmark's database so far (pg_stat_database). */
    private long commits() throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT xact_commit FROM pg_stat_database WHERE datname = ?")) {
            query.setString(1, DB);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** POSTs every push from {@link #THREADS} clients, at full speed ({@code rate} 0) or paced at {@code rate} a second. */
    private Sent send(List<Send> sends, double rate) throws Exception {
        long[] ack = new long[sends.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicLong notAcknowledged = new AtomicLong();
        AtomicLong last = new AtomicLong();
        long first = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < sends.size(); i = next.getAndIncrement()) {
                        Send send = sends.get(i);
                        if (rate > 0) {
                            // Open loop: each push at its own time, whatever the answers before it took.
                            long due = first + (long) (i * 1e9 / rate);
                            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                                LockSupport.parkNanos(wait);
                            }
                        }
                        long started = System.nanoTime();
                        if (!send.resend()) {
                            sentAt.put(send.push().key(), started);
                        }
                        String problem = null;
                        try {
                            HttpResponse<String> response = client.send(HttpRequest.newBuilder(pushUri).timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofString(send.push().form())).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() != 200 || !ACK.equals(response.body())) {
                                problem = response.statusCode() + " " + response.body();
                            }
                        } catch (IOException e) {
                            problem = e.toString();
                        }
                        long answered = System.nanoTime();
                        ack[i] = answered - started;
                        last.accumulateAndGet(answered, Math::max);
                        if (problem != null && notAcknowledged.incrementAndGet() <= 3) {
                            progress("  push %s step %d answered %s", send.push().number(), send.push().step(), problem);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> thread : done) {
                thread.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Sent(sends.size(), first, last.get(), ack, notAcknowledged.get());
    }

    /** Waits until the service stored and processed every push sent; answers how many are still unprocessed. */
    private long waitProcessed(long mark, int sent) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long nextReport = System.nanoTime() + 10_000_000_000L;
        try (PreparedStatement query = db.prepareStatement("""
                SELECT count(*), count(*) FILTER (WHERE processed_at IS NULL) FROM tracking_pushes WHERE id > ?""")) {
            query.setLong(1, mark);
            while (true) {
                long stored;
                long unprocessed;
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    stored = row.getLong(1);
                    unprocessed = row.getLong(2);
                }
                if (stored >= sent && unprocessed == 0) {
                    return 0;
                }
                if (System.nanoTime() > deadline) {
                    progress("  gave up after %s: %,d of %,d pushes stored, %,d unprocessed", WAIT, stored, sent, unprocessed);
                    return unprocessed + Math.max(0, sent - stored);
                }
                if (System.nanoTime() > nextReport) {
                    progress("  %,d of %,d pushes processed", stored - unprocessed, sent);
                    nextReport += 10_000_000_000L;
                }
                Thread.sleep(DB_POLL_MS);
            }
        }
    }

    /** Waits (up to a minute once every push is processed) for each push's event; answers the last first arrival. */
    private long waitEvents(List<Push> originals) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (originals.stream().anyMatch(p -> events.of(p.key()) == null) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return originals.stream().map(p -> events.of(p.key())).filter(r -> r != null)
                .mapToLong(Events.Received::firstNanos).max().orElse(System.nanoTime());
    }

    // ---- baseline ----

    /**
     * The service's own verification, parsing and merge of the throughput phase's pushes, in process: histories warmed
     * with every warm-up push first, then the measured pushes {@link #BASELINE_RUNS} times from that same state.
     */
    private Baseline baseline() throws Exception {
        Kuaidi100Feed feed = new Kuaidi100Feed(feedConfig());
        int expected = (int) throughput.stream().filter(s -> !s.resend()).count();
        Map<String, List<TrackingCheckpoint>> warm = new ConcurrentHashMap<>();
        LongAdder ignored = new LongAdder();
        // Twice over: the second pass is the JIT's.
        for (int i = 0; i < 2; i++) {
            warm.clear();
            process(feed, warmUp, warm, ignored, ignored);
            process(feed, throughput, new ConcurrentHashMap<>(warm), ignored, ignored);
        }
        List<Double> seconds = new ArrayList<>();
        long entries = 0;
        long announcing = 0;
        CpuTime before = CpuTime.now(null, DB);
        for (int run = 0; run < BASELINE_RUNS; run++) {
            Map<String, List<TrackingCheckpoint>> histories = new ConcurrentHashMap<>(warm);
            LongAdder added = new LongAdder();
            LongAdder merges = new LongAdder();
            long started = System.nanoTime();
            process(feed, throughput, histories, added, merges);
            seconds.add((System.nanoTime() - started) / 1e9);
            entries = added.sum();
            announcing = merges.sum();
        }
        CpuTime after = CpuTime.now(null, DB);
        Baseline b = new Baseline(THREADS, throughput.size(), seconds, entries, announcing, expected, after.coresSince(before));
        progress("  %,.0f pushes/s (runs %s s); %,d entries added for %,d pushes that bring one (%,d merges added any): %s",
                b.perSecond(), seconds.stream().map(s -> String.format(Locale.ROOT, "%.3f", s)).toList(), entries, expected,
                announcing, b.ok() ? "PASS" : "FAIL");
        return b;
    }

    /** Verify, parse, merge each push; a merge that added an entry is one the service would announce. */
    private static void process(Kuaidi100Feed feed, List<Send> sends, Map<String, List<TrackingCheckpoint>> histories,
                                LongAdder entriesAdded, LongAdder announcing) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < sends.size(); i = next.getAndIncrement()) {
                        Push push = sends.get(i).push();
                        Map<String, String> form = new LinkedHashMap<>();
                        form.put("param", push.param());
                        form.put("sign", push.sign());
                        FeedPush parsed = feed.parsePush(feed.verifiedPayload(form));
                        // compute() holds the number's entry: one push of a number at a time, as the service's row lock does.
                        histories.compute(parsed.trackingNumber(), (number, stored) -> {
                            TrackingHistory.Merge merge = TrackingHistory.merge(stored == null ? List.of() : stored, parsed.entries());
                            entriesAdded.add(merge.added().size());
                            if (!merge.added().isEmpty()) {
                                announcing.increment();
                            }
                            return merge.history();
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> thread : done) {
                thread.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The service's feed settings as the benchmark gives them; nothing here is called over the network. */
    private static TrackingFeedConfig feedConfig() {
        TrackingConfig sim = TrackingConfig.defaults();
        TrackingFeedConfig.Kuaidi100 kuaidi100 = new TrackingFeedConfig.Kuaidi100() {
            @Override
            public String url() {
                return "http://127.0.0.1:9";
            }

            @Override
            public String autonumberUrl() {
                return "http://127.0.0.1:9";
            }

            @Override
            public Optional<String> key() {
                return Optional.of(sim.kuaidi100Key());
            }

            @Override
            public Optional<String> customer() {
                return Optional.of(sim.kuaidi100Customer());
            }

            @Override
            public Optional<String> salt() {
                return Optional.of(SALT);
            }
        };
        TrackingFeedConfig.Kdniao kdniao = new TrackingFeedConfig.Kdniao() {
            @Override
            public String url() {
                return "http://127.0.0.1:9";
            }

            @Override
            public Optional<String> businessId() {
                return Optional.empty();
            }

            @Override
            public Optional<String> appKey() {
                return Optional.empty();
            }
        };
        return new TrackingFeedConfig() {
            @Override
            public String provider() {
                return Kuaidi100Feed.PROVIDER;
            }

            @Override
            public Optional<String> callbackUrl() {
                return Optional.empty();
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Kuaidi100 kuaidi100() {
                return kuaidi100;
            }

            @Override
            public Kdniao kdniao() {
                return kdniao;
            }
        };
    }

    // ---- Kafka, the database, the service's log ----

    /** Both topics exist before the service starts, so the consumer below can be assigned their partitions. */
    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(ORDER_TOPIC, Optional.of(PARTITIONS), Optional.empty()),
                    new NewTopic(TRACKING_TOPIC, Optional.of(PARTITIONS), Optional.empty()))).all().get();
        }
    }

    /** WARN and ERROR lines of the service's log: a benchmark that hides its service's complaints hides a finding. */
    private void readServiceLog() throws IOException {
        List<String> lines = Files.readAllLines(serviceLog, StandardCharsets.UTF_8);
        List<String> problems = lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        logProblemCount = problems.size();
        logProblems = problems.stream().limit(5).map(l -> l.length() > 300 ? l.substring(0, 300) + "…" : l).toList();
        progress("  service log %s: %d WARN/ERROR lines%s", serviceLog, logProblemCount,
                logProblems.isEmpty() ? "" : "; first: " + String.join(" | ", logProblems));
    }

    /** A query of one figure, prepared once and run as often as needed. */
    private static final class Query implements AutoCloseable {

        private final PreparedStatement statement;

        Query(Connection connection, String sql) throws SQLException {
            statement = connection.prepareStatement(sql);
        }

        long count() throws SQLException {
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }

        /** Each row as "a b". */
        String rows() throws SQLException {
            List<String> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1) + " " + row.getString(2));
                }
            }
            return String.join(", ", rows);
        }

        @Override
        public void close() throws SQLException {
            statement.close();
        }
    }

    /**
     * A plain consumer of {@code shipsync.tracking} (all partitions assigned, from the start) that notes when each
     * TrackingUpdated first arrived ({@link System#nanoTime()}, comparable with the POSTs' times in this JVM), keyed
     * by tracking number and newest checkpoint, how many arrived per key, and the TrackingAnomaly events.
     */
    private static final class Events implements AutoCloseable {

        /** The events of one key: when the first arrived, how many, how many had not exactly one checkpoint. */
        record Received(long firstNanos, AtomicInteger count, AtomicInteger notOneCheckpoint) {
        }

        private final Map<String, Received> byKey = new ConcurrentHashMap<>();
        private final AtomicLong updates = new AtomicLong();
        private final AtomicLong anomalies = new AtomicLong();
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final EventCodec codec;
        private final Thread thread;
        private volatile Throwable failure;

        Events(String bootstrap, EventCodec codec) {
            this.codec = codec;
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer = new KafkaConsumer<>(props);
            // assign() rather than a group: no rebalance can pause receipt in the middle of a measurement.
            consumer.assign(IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(TRACKING_TOPIC, p)).toList());
            thread = new Thread(this::receive, "bench-tracking-consumer");
            thread.start();
        }

        private void receive() {
            try {
                while (true) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        EventEnvelope envelope = codec.read(new String(record.value(), StandardCharsets.UTF_8));
                        if (envelope.eventType().equals("TrackingAnomaly")) {
                            anomalies.incrementAndGet();
                        } else if (envelope.eventType().equals("TrackingUpdated")) {
                            TrackingUpdated updated = codec.payload(envelope, TrackingUpdated.class);
                            Received r = byKey.computeIfAbsent(updated.trackingNumber() + "|" + updated.checkpointAt().getEpochSecond(),
                                    k -> new Received(now, new AtomicInteger(), new AtomicInteger()));
                            r.count().incrementAndGet();
                            if (updated.checkpoints().size() != 1 || !updated.checkpoints().get(0).at().equals(updated.checkpointAt())) {
                                r.notOneCheckpoint().incrementAndGet();
                            }
                            updates.incrementAndGet();
                        }
                    }
                }
            } catch (WakeupException closing) {
                // close() asked the loop to end
            } catch (Throwable e) {
                failure = e;
                e.printStackTrace();
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        Received of(String key) {
            return byKey.get(key);
        }

        long updates() {
            return updates.get();
        }

        long anomalies() {
            return anomalies.get();
        }

        @Override
        public void close() throws InterruptedException {
            consumer.wakeup();
            thread.join(10_000);
            if (failure != null) {
                throw new IllegalStateException("the tracking consumer failed", failure);
            }
        }
    }

    // ---- output ----

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "· " + format + "%n", args);
    }

    private void print() {
        Phase throughput = phases.stream().filter(p -> p.name().equals("throughput")).findFirst().orElseThrow();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, """

                Tracking pushes: %,d numbers (中通, 深圳 → 杭州, 8 entries each) across %d shops, declared by OrderPlaced + OrderShipped \
                and WATCHING after %.1f s (subscribed at platform-sim's kuaidi100 /poll). Each push is the number's full history \
                newest first (resultv2=4 items), signed UPPER(MD5(param + salt)) and POSTed form-encoded to \
                /tracking-feed/kuaidi100/push by %d client threads; %.0f %% of the pushes are resends of an acknowledged push, \
                a round later. Warm-up: entries 1–%d of every number. Throughput: entries %d–%d (4–8 entries a push) at full \
                speed. Latency: entries %d–%d of %,d other numbers, paced. Accepted/s = pushes / first POST → last answer; \
                TrackingUpdated/s = pushes that brought an entry / first POST → last expected TrackingUpdated received on \
                %s; pushes processed/s = pushes (resends included) / first received_at → last processed_at (the service's \
                tracking_pushes); push → event = POST sent → its TrackingUpdated received (same JVM clock). Cores busy = \
                CPU seconds per second of logistics-service / PostgreSQL (its background processes and this database's \
                backends) / bench JVM (load, consumer, broker, platform-sim); the machine has %d. Baseline, same run: the \
                throughput phase's %,d pushes through Kuaidi100Feed.verifiedPayload + parsePush + TrackingHistory.merge in \
                process, %d threads, histories in memory (median of %d runs; bench JVM cores busy %s).

                | Phase | pushes (resends) | Baseline: in process, pushes/s | accepted/s (ack p50 / p99 ms) | **TrackingUpdated/s** end to end \
                | pushes processed/s | push → event p50 / p99 / max (ms) | cores busy | CPU ms per push | commits per push | other processes (cores) | checks |
                |---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|
                """, NUMBERS, SHOPS, watchSeconds, THREADS, RESEND_SHARE * 100, WARM_STEPS, WARM_STEPS + 1, STEPS, WARM_STEPS + 1,
                STEPS, LATENCY_NUMBERS, TRACKING_TOPIC, cores, baseline.pushes(), baseline.threads(), BASELINE_RUNS, baseline.cores());
        for (Phase p : phases) {
            String name = p.rate() > 0 ? String.format(Locale.ROOT, "%s (%,d numbers, paced %.0f/s)", p.name(), p.numbers(), p.rate())
                    : String.format(Locale.ROOT, "%s (%,d numbers, full speed)", p.name(), p.numbers());
            System.out.printf(Locale.ROOT, "| %s | %,d (%,d) | %s | %,.0f (%.1f / %.1f) | **%,.0f** | %,.0f | %s | %s | %s | %.1f | %.2f | %s |%n",
                    name, p.originals() + p.resends(), p.resends(),
                    p == throughput ? String.format(Locale.ROOT, "%,.0f (%,d entries added for %,d new: %s)", baseline.perSecond(),
                            baseline.entriesAdded(), baseline.expected(), baseline.ok() ? "PASS" : "FAIL") : "",
                    p.sent().acceptedPerSecond(), p.ack().p50(), p.ack().p99(), p.eventsPerSecond(), p.pushesProcessedPerSecond(),
                    p.pushToEvent() == null ? "–" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f", p.pushToEvent().p50(),
                            p.pushToEvent().p99(), p.pushToEvent().max()),
                    p.cores(), p.cpuPerPush(), p.commitsPerPush(), p.otherCores(), p.check());
        }
        System.out.printf(Locale.ROOT, "%nTarget ≥ 2,000 pushes/s processed into TrackingUpdated: %,.0f/s end to end in the throughput "
                        + "phase: %s. Service log: %d WARN/ERROR lines%s.%n", throughput.eventsPerSecond(),
                throughput.eventsPerSecond() >= 2_000 ? "MET" : "NOT MET", logProblemCount,
                logProblems.isEmpty() ? "" : " (first: " + String.join(" | ", logProblems) + ")");
    }
}
