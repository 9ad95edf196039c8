package io.shipsync.bench;

import io.shipsync.events.AggregateTypes;
import io.shipsync.events.DeclarationSettled;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.PackageItem;
import io.shipsync.events.Region;
import io.shipsync.events.ShippedPackage;
import io.shipsync.events.StockChanged;
import io.shipsync.events.StockLevel;
import io.shipsync.events.StockMovementReason;
import io.shipsync.events.Topics;
import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingState;
import io.shipsync.events.TrackingUpdated;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.infra.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * alerting-service's figures (issue 13): events per second consumed into the operations read model, and one stall
 * ladder sweep over 100,000 watched parcels, its time and the service's heap. The packaged service runs as its own
 * process against an in-process KRaft broker and fresh databases on the machine's PostgreSQL.
 * <ul>
 * <li>Sweep: 100,000 {@code ops_tracking} rows and their {@code TRACKING_STALLED} timers are planted with SQL while the
 * service runs with a short {@code shipsync.alerting.sweep-interval}; a share of them becomes due at one instant, so
 * the next sweep fires them. Baseline in the same process: the sweeps before that instant over the same 100,000 rows
 * with none due (the indexed query alone). Each sweep is timed from the service's own JDBC traffic (a JFR recording of
 * its socket reads and writes, attributed by stack to {@code TimerSweep.sweep}); the database shows when the alerts
 * appeared; the heap comes from the service's GC log and {@code /q/metrics}.</li>
 * <li>Consumption: realistic order lifecycles (OrderPlaced, StockChanged, WaybillPrinted v2, OrderShipped,
 * DeclarationSettled, three TrackingUpdated v2) produced as the services' relays do, applied by the service; the inbox rows are the marker.
 * Baseline in the same run: the same topics read by a plain KafkaConsumer, raw and decoded with EventCodec.</li>
 * </ul>
 * Exits 1 when a check fails, 2 on any other error. Commands: docs/benchmarks.md.
 */
public final class AlertingBenchmark {

    private static final String MODULE = "alerting-service";
    private static final String SWEEP_DB = "shipsync_bench_alerting_sweep";
    private static final String CONSUME_DB = "shipsync_bench_alerting";
    private static final int PARTITIONS = 3;
    private static final List<String> FEED_TOPICS = List.of(Topics.forAggregateType(AggregateTypes.ORDER),
            Topics.forAggregateType(AggregateTypes.WAYBILL), Topics.forAggregateType(AggregateTypes.STOCK),
            Topics.forAggregateType(AggregateTypes.TRACKING));
    private static final String DLQ = Topics.deadLetter(MODULE);
    private static final int ORDERS = Integer.getInteger("bench.orders", 7_000);
    private static final int WARM_UP_ORDERS = Integer.getInteger("bench.warmUpOrders", 1_000);
    private static final int EVENTS_PER_ORDER = 8;
    private static final int SHOPS = Integer.getInteger("bench.shops", 10);
    private static final int SKUS = Integer.getInteger("bench.skus", 500);
    private static final int WATCHED = Integer.getInteger("bench.watched", 100_000);
    private static final double DUE_SHARE = Double.parseDouble(System.getProperty("bench.dueShare", "0.1"));
    private static final int SWEEP_SHOPS = Integer.getInteger("bench.sweepShops", 100);
    private static final int SWEEP_INTERVAL_SECONDS = Integer.getInteger("bench.sweepInterval", 2);
    // Time from the start of planting to the instant the due share falls due: planting, ANALYZE and then the
    // baseline's 0-due sweeps over the same rows.
    private static final int LEAD_SECONDS = Integer.getInteger("bench.lead", 60);
    private static final String SERVICE_OPTIONS = System.getProperty("bench.serviceOptions", "");
    private static final List<String> PHASES = List.of(System.getProperty("bench.phases", "sweep,consume").split(","));
    // The JFR recording that times each sweep from inside the service; off, only the database's view is left, which
    // tells what the recording itself costs.
    private static final boolean JFR = Boolean.parseBoolean(System.getProperty("bench.jfr", "true"));
    private static final Duration APPLY_LIMIT = Duration.ofMinutes(30);
    private static final Region REGION = new Region("浙江省", "杭州市", "西湖区");
    private static final String CARRIER = "SF";
    private static final String WAREHOUSE = "default";
    private static final long STOCK_ON_HAND = 1_000_000;

    /** One sweep as the service's JDBC traffic shows it: from its first socket write to its last read. */
    record Sweep(Instant start, Instant end, int dueQueries, int actIo, int io) {

        double millis() {
            return Duration.between(start, end).toNanos() / 1e6;
        }
    }

    /** What JFR saw of the sweeps, and how many of its socket events had their stacks cut. */
    record Sweeps(List<Sweep> all, long truncatedStacks) {
    }

    /** The heap over a window: the GC log's collections in it and the largest {@code /q/metrics} sample. */
    record Heap(GcLog.Figures gc, long sampledMax, int samples) {
    }

    private record SweepResult(int watched, int due, double plantSeconds, double dueToFirstAlertMs, double firstToLastAlertMs,
                               double dueToLastAlertMs, Sweep ladder, List<Sweep> emptyTable, List<Sweep> baseline,
                               List<Sweep> after, Heap baselineHeap, Heap sweepHeap, double[] sweepCpu, String sweepCores,
                               double[] baselineCpu, double baselineSeconds, long alerts, long actions, long stepOne,
                               long stepZero, long fired, long outboxLeft, long truncatedStacks, int logProblems) {

        boolean ok() {
            return (ladder != null || !JFR) && alerts == due && actions == due && stepOne == due && stepZero == watched - due
                    && fired == 0 && outboxLeft == 0;
        }
    }

    private record Consumed(int events, double produceSeconds, double wallSeconds, double serviceSeconds, double[] cpu,
                            String cores, double other, Heap heap, int warmUpEvents, double warmUpSeconds) {

        double perSecond() {
            return events / wallSeconds;
        }

        double servicePerSecond() {
            return (events - 1) / serviceSeconds;
        }
    }

    private record RawConsume(long records, double seconds, long bytes) {

        double perSecond() {
            return records / seconds;
        }
    }

    private record ReadModel(long orders, long parcels, long tracking, long skus, long stallTimers, long alerts, long inbox,
                             long deadLetters, int logProblems, int expectedOrders, int expectedSkus, int expectedInbox) {

        boolean ok() {
            return orders == expectedOrders && parcels == expectedOrders && tracking == expectedOrders
                    && skus == expectedSkus && stallTimers == (expectedOrders + 1) / 2 && alerts == 0 && inbox == expectedInbox
                    && deadLetters == 0;
        }
    }

    private final EventCodec codec = new EventCodec();
    // (shop, SKU) pairs of the measured lifecycles: the ops_skus rows they must leave.
    private final Set<String> measuredSkus = new HashSet<>();
    private String bootstrap;
    private SweepResult sweep;
    private Consumed consumed;
    private ReadModel readModel;
    private RawConsume rawWarm;
    private RawConsume raw;
    private RawConsume decoded;
    private final List<String> logProblems = new ArrayList<>();

    private AlertingBenchmark() {
    }

    public static void main(String[] args) {
        BenchMain.runAndExit(() -> new AlertingBenchmark().run());
    }

    private boolean run() throws Exception {
        KafkaClusterTestKit kafka = BenchKafka.start(PARTITIONS);
        try {
            bootstrap = kafka.bootstrapServers();
            createTopics();
            // The sweep first, while the feed topics are empty: its service has nothing to consume.
            if (PHASES.contains("sweep")) {
                sweep = sweepPhase();
            }
            if (PHASES.contains("consume")) {
                consumePhase();
            }
        } finally {
            TestDatabase.dropSlots(SWEEP_DB);
            TestDatabase.dropSlots(CONSUME_DB);
            kafka.close();
        }
        print();
        return (sweep == null || sweep.ok()) && (readModel == null || readModel.ok() && raw.records() == readModel.expectedInbox());
    }

    private void createTopics() throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String aggregate : AggregateTypes.ALL) {
            topics.add(new NewTopic(Topics.forAggregateType(aggregate), Optional.of(PARTITIONS), Optional.empty()));
        }
        topics.add(new NewTopic(DLQ, Optional.of(PARTITIONS), Optional.empty()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(topics).all().get();
        }
    }

    // ---- the sweep ----

    private SweepResult sweepPhase() throws Exception {
        TestDatabase.recreate(SWEEP_DB, TestDatabase.serviceRole("alerting-service"));
        Path target = Files.createDirectories(Path.of("bench", "target"));
        GcLog gc = new GcLog(target.resolve("alerting-service-sweep-gc.log"));
        Files.deleteIfExists(gc.file());
        Path jfr = target.resolve("alerting-service-sweep.jfr").toAbsolutePath();
        Files.deleteIfExists(jfr);
        Path jfc = target.resolve("alerting-sweep.jfc").toAbsolutePath();
        // Only socket I/O, every read and write whatever its duration, with stacks deep enough to reach TimerSweep
        // beneath Hibernate, Agroal, Narayana and pgjdbc: that is what times each sweep from inside the service.
        Files.writeString(jfc, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="AlertingBenchmark sweep">
                  <event name="jdk.SocketRead">
                    <setting name="enabled">true</setting>
                    <setting name="stackTrace">true</setting>
                    <setting name="threshold">0 ms</setting>
                  </event>
                  <event name="jdk.SocketWrite">
                    <setting name="enabled">true</setting>
                    <setting name="stackTrace">true</setting>
                    <setting name="threshold">0 ms</setting>
                  </event>
                </configuration>
                """);
        String log = "alerting-service-sweep.log";
        progress("alerting-service on database %s, sweep every %d s, JFR socket events %s", SWEEP_DB, SWEEP_INTERVAL_SECONDS, JFR ? "on" : "off");
        SweepResult result;
        int due = (int) Math.floor(WATCHED * DUE_SHARE);
        List<String> options = new ArrayList<>(List.of(gc.option(), "-Dshipsync.alerting.sweep-interval=" + SWEEP_INTERVAL_SECONDS + "s"));
        if (JFR) {
            options.addAll(List.of("-XX:FlightRecorderOptions:stackdepth=1024",
                    "-XX:StartFlightRecording:filename=" + jfr + ",settings=" + jfc + ",dumponexit=true"));
        }
        try (ServiceProcess service = startService(SWEEP_DB, log, serviceOptions(options.toArray(String[]::new)));
             Connection db = connect(SWEEP_DB);
             HeapSampler heap = new HeapSampler(service.baseUrl() + "/q/metrics")) {
            Instant plantStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant dueAt = plantStart.plusSeconds(LEAD_SECONDS);
            progress("Planting %,d watched parcels (ops_tracking + TRACKING_STALLED timers), %,d of them due at %s", WATCHED, due, dueAt);
            plant(db, plantStart, dueAt);
            double plantSeconds = Duration.between(plantStart, Instant.now()).toNanos() / 1e9;
            if (Instant.now().plusSeconds(4L * SWEEP_INTERVAL_SECONDS).isAfter(dueAt)) {
                throw new IllegalStateException("planting took " + plantSeconds + " s, too close to the due instant: raise -Dbench.lead");
            }
            progress("  planted in %.1f s; baseline: the sweeps with none due until %s", plantSeconds, dueAt);
            Instant baselineStart = Instant.now();
            long baselineMark = gc.mark();
            CpuTime baselineCpu = CpuTime.now(service.handle(), SWEEP_DB);
            sleepUntil(dueAt);
            long dueMark = gc.mark();
            CpuTime atDue = CpuTime.now(service.handle(), SWEEP_DB);
            double baselineSeconds = Duration.between(baselineStart, Instant.now()).toNanos() / 1e9;
            double[] baselineCpuSeconds = atDue.secondsSince(baselineCpu);
            Instant firstAlert = null;
            Instant lastAlert = null;
            long deadline = System.nanoTime() + APPLY_LIMIT.toNanos();
            // max(id) is a single index probe: cheap enough to poll every 20 ms without slowing the sweep.
            try (PreparedStatement maxId = db.prepareStatement("SELECT coalesce(max(id), 0) FROM alerts");
                 PreparedStatement count = db.prepareStatement("SELECT count(*) FROM alerts")) {
                while (System.nanoTime() < deadline) {
                    long max = single(maxId);
                    Instant now = Instant.now();
                    if (max > 0 && firstAlert == null) {
                        firstAlert = now;
                    }
                    if (max >= due && single(count) >= due) {
                        lastAlert = now;
                        break;
                    }
                    Thread.sleep(20);
                }
            }
            long endMark = gc.mark();
            CpuTime end = CpuTime.now(service.handle(), SWEEP_DB);
            if (lastAlert == null) {
                progress("FAIL: not all %,d alerts raised within %s", due, APPLY_LIMIT);
                lastAlert = Instant.now();
            }
            progress("  first alert %.0f ms after the due instant, last %.0f ms after it", millis(dueAt, firstAlert), millis(dueAt, lastAlert));
            Instant sweepEnd = Instant.now();
            // A few more sweeps with none due: the timers just advanced are an hour away.
            Thread.sleep(4_000L * SWEEP_INTERVAL_SECONDS);
            long outboxLeft = awaitOutboxDrained(db);
            heap.close();
            Heap baselineHeap = new Heap(GcLog.parse(between(gc, baselineMark, dueMark)), heap.max(baselineStart, dueAt), heap.count(baselineStart, dueAt));
            Heap sweepHeap = new Heap(GcLog.parse(between(gc, dueMark, endMark)), heap.max(dueAt, sweepEnd), heap.count(dueAt, sweepEnd));
            long alerts = single(db, "SELECT count(*) FROM alerts WHERE rule = 'TRACKING_STALLED' AND state = 'OPEN'");
            long actions = single(db, "SELECT count(*) FROM alert_actions WHERE action = 'RAISED'");
            long stepOne = single(db, "SELECT count(*) FROM rule_timers WHERE step = 1 AND due_at > now()");
            long stepZero = single(db, "SELECT count(*) FROM rule_timers WHERE step = 0");
            long fired = single(db, "SELECT count(*) FROM rule_timers WHERE fired_at IS NOT NULL");
            service.close();
            Sweeps sweeps = JFR ? sweeps(jfr) : new Sweeps(List.of(), 0);
            Sweep ladder = sweeps.all().stream().filter(s -> s.actIo() > 0).findFirst().orElse(null);
            List<Sweep> empty = sweeps.all().stream().filter(s -> s.actIo() == 0 && s.end().isBefore(plantStart)).toList();
            List<Sweep> baseline = sweeps.all().stream()
                    .filter(s -> s.actIo() == 0 && s.start().isAfter(baselineStart) && s.end().isBefore(dueAt)).toList();
            List<Sweep> after = ladder == null ? List.of()
                    : sweeps.all().stream().filter(s -> s.actIo() == 0 && s.start().isAfter(ladder.end())).toList();
            int problems = serviceLogProblems(log);
            result = new SweepResult(WATCHED, due, plantSeconds, millis(dueAt, firstAlert), millis(firstAlert, lastAlert),
                    millis(dueAt, lastAlert), ladder, empty, baseline, after, baselineHeap, sweepHeap, end.secondsSince(atDue),
                    end.coresSince(atDue), baselineCpuSeconds, baselineSeconds, alerts, actions, stepOne, stepZero, fired,
                    outboxLeft, sweeps.truncatedStacks(), problems);
        }
        if (result.ladder() != null) {
            progress("  the ladder sweep: %.0f ms over %d due-timer queries; baseline sweeps (none due): median %.2f ms of %d",
                    result.ladder().millis(), result.ladder().dueQueries(), median(result.baseline()), result.baseline().size());
        } else {
            progress(JFR ? "FAIL: JFR shows no sweep that acted on a timer" : "  (no JFR: the sweep timed from the database only)");
        }
        return result;
    }

    /**
     * The watched parcels as the tracking consumer and StallLadderRule leave them: each number's row (scanned, in
     * transit) and its ladder timer at step 0, due at its last movement + 60 min (the default ladder's first
     * threshold). The due share moved at {@code dueAt} − 60 min, the others within the 50 min before planting, so
     * none of those is due for another 10 min at least.
     */
    private static void plant(Connection db, Instant plantStart, Instant dueAt) throws SQLException {
        try (PreparedStatement tracking = db.prepareStatement("""
                INSERT INTO ops_tracking (shop_id, tracking_number, carrier_code, order_id, state, carrier_state, first_scan_at,
                                          last_checkpoint_at, location, description)
                SELECT 'bench-sweep-' || (n % ?), 'SF' || (1000000000000 + n), 'SF', '3730' || lpad(n::text, 15, '0'),
                       'IN_TRANSIT', '0', moved - interval '6 hours', moved, '深圳市',
                       '【深圳市】快件已到达 深圳转运中心'
                FROM (SELECT n, CASE WHEN floor(n * ?) > floor((n - 1) * ?) THEN CAST(? AS timestamptz) - interval '60 minutes'
                                     ELSE CAST(? AS timestamptz) - (n % 3000) * interval '1 second' END AS moved
                      FROM generate_series(1, ?) n) s""")) {
            tracking.setInt(1, SWEEP_SHOPS);
            tracking.setDouble(2, DUE_SHARE);
            tracking.setDouble(3, DUE_SHARE);
            tracking.setTimestamp(4, Timestamp.from(dueAt));
            tracking.setTimestamp(5, Timestamp.from(plantStart));
            tracking.setInt(6, WATCHED);
            tracking.executeUpdate();
        }
        try (Statement statement = db.createStatement()) {
            statement.executeUpdate("""
                    INSERT INTO rule_timers (shop_id, rule, subject_type, subject_id, timer_key, due_at, fired_at, step)
                    SELECT shop_id, 'TRACKING_STALLED', 'TRACKING_NUMBER', tracking_number, '', last_checkpoint_at + interval '60 minutes',
                           NULL, 0
                    FROM ops_tracking""");
            // As autovacuum would after a bulk load; TimerSweepPlanTest plans the query on analysed rows too.
            statement.execute("ANALYZE ops_tracking");
            statement.execute("ANALYZE rule_timers");
        }
    }

    /** The outbox rows (AlertRaised) the service's relay has not yet relayed, waited for up to a minute. */
    private static long awaitOutboxDrained(Connection db) throws Exception {
        long left = 0;
        for (int i = 0; i < 60; i++) {
            left = single(db, "SELECT count(*) FROM outbox");
            if (left == 0) {
                break;
            }
            Thread.sleep(1_000);
        }
        return left;
    }

    /**
     * Each sweep from the JFR recording: the service's socket reads and writes whose stack holds
     * {@code TimerSweep.sweep}, split into invocations. A sweep is one or more due-timer queries (TimerRepository.due),
     * each but the last followed by the timers it found; a due-timer query that follows another with no timer acted on
     * in between starts a new sweep. The boundary needs no gap heuristic, so back-to-back sweeps stay apart.
     */
    private static Sweeps sweeps(Path jfr) throws IOException {
        List<RecordedEvent> events = new ArrayList<>();
        long truncated = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                if (!type.equals("jdk.SocketRead") && !type.equals("jdk.SocketWrite") || event.getStackTrace() == null) {
                    continue;
                }
                if (event.getStackTrace().isTruncated()) {
                    truncated++;
                }
                if (has(event, "io.shipsync.alerting.rule.TimerSweep", "sweep")) {
                    events.add(event);
                }
            }
        }
        events.sort((a, b) -> a.getStartTime().compareTo(b.getStartTime()));
        List<Sweep> sweeps = new ArrayList<>();
        Instant start = null;
        Instant end = null;
        int dueQueries = 0;
        int actIo = 0;
        int io = 0;
        int actsSinceQuery = 0;
        boolean previousWasQuery = false;
        for (RecordedEvent event : events) {
            boolean query = has(event, "io.shipsync.alerting.rule.TimerRepository", "due");
            boolean act = has(event, "io.shipsync.alerting.rule.TimerSweep", "act");
            if (query && !previousWasQuery) {
                if (start != null && actsSinceQuery == 0) {
                    sweeps.add(new Sweep(start, end, dueQueries, actIo, io));
                    start = null;
                }
                if (start == null) {
                    start = event.getStartTime();
                    end = event.getEndTime();
                    dueQueries = 0;
                    actIo = 0;
                    io = 0;
                }
                dueQueries++;
                actsSinceQuery = 0;
            }
            if (start == null) {
                // I/O of a sweep whose query the recording missed (it started before the recording).
                continue;
            }
            if (act) {
                actIo++;
                actsSinceQuery++;
            }
            io++;
            end = end.isAfter(event.getEndTime()) ? end : event.getEndTime();
            previousWasQuery = query;
        }
        if (start != null) {
            sweeps.add(new Sweep(start, end, dueQueries, actIo, io));
        }
        return new Sweeps(sweeps, truncated);
    }

    private static boolean has(RecordedEvent event, String type, String method) {
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            if (frame.getMethod() != null && method.equals(frame.getMethod().getName())
                    && type.equals(frame.getMethod().getType().getName())) {
                return true;
            }
        }
        return false;
    }

    // ---- consumption ----

    /**
     * A warm-up batch of lifecycles applied first (the JIT settles on it), then the measured batch produced as fast as
     * the producer goes and applied; afterwards, with the service stopped, the baseline's plain consumer reads the same
     * topics from the beginning.
     */
    private void consumePhase() throws Exception {
        TestDatabase.recreate(CONSUME_DB, TestDatabase.serviceRole("alerting-service"));
        GcLog gc = new GcLog(Files.createDirectories(Path.of("bench", "target")).resolve("alerting-service-consume-gc.log"));
        Files.deleteIfExists(gc.file());
        String log = "alerting-service-consume.log";
        progress("alerting-service on database %s (every setting at its default)", CONSUME_DB);
        List<ProducerRecord<String, String>> warmUp = lifecycles("bench-warm-", WARM_UP_ORDERS, 0);
        try (ServiceProcess service = startService(CONSUME_DB, log, serviceOptions(gc.option()));
             Connection db = connect(CONSUME_DB);
             HeapSampler heap = new HeapSampler(service.baseUrl() + "/q/metrics")) {
            progress("Warm-up: %,d orders, %,d events", WARM_UP_ORDERS, warmUp.size());
            long warmStart = System.nanoTime();
            produce(warmUp);
            awaitInbox(db, warmUp.size());
            double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
            progress("  applied in %.1f s", warmSeconds);
            Thread.sleep(2_000);
            // Built now, so that its event times are as recent as the warm-up's were (see lifecycles).
            List<ProducerRecord<String, String>> measured = lifecycles("bench-shop-", ORDERS, WARM_UP_ORDERS);
            progress("Measured: %,d orders, %,d events (%s)", ORDERS, measured.size(), FEED_TOPICS);
            Instant produceStart = Instant.now();
            long mark = gc.mark();
            CpuTime before = CpuTime.now(service.handle(), CONSUME_DB);
            long start = System.nanoTime();
            produce(measured);
            double produceSeconds = (System.nanoTime() - start) / 1e9;
            awaitInbox(db, warmUp.size() + measured.size());
            double wall = (System.nanoTime() - start) / 1e9;
            CpuTime after = CpuTime.now(service.handle(), CONSUME_DB);
            Instant appliedAt = Instant.now();
            double serviceSeconds;
            try (PreparedStatement span = db.prepareStatement(
                    "SELECT extract(epoch FROM max(received_at) - min(received_at)) FROM inbox WHERE received_at >= ?")) {
                span.setTimestamp(1, Timestamp.from(produceStart));
                serviceSeconds = single(span);
            }
            Heap heapFigures = new Heap(GcLog.parse(gc.text(mark)), heap.max(produceStart, appliedAt), heap.count(produceStart, appliedAt));
            consumed = new Consumed(measured.size(), produceSeconds, wall, serviceSeconds, after.secondsSince(before),
                    after.coresSince(before), after.otherCoresSince(before), heapFigures, warmUp.size(), warmSeconds);
            progress("  %,.0f events/s (produce start → last inbox row seen), %,.0f/s between the first and last inbox row",
                    consumed.perSecond(), consumed.servicePerSecond());
            // Anything the projections did after the inbox rows (nothing should) has had time to land.
            Thread.sleep(2_000);
            readModel = new ReadModel(
                    single(db, "SELECT count(*) FROM ops_orders WHERE shop_id LIKE 'bench-shop-%'"),
                    single(db, "SELECT count(*) FROM ops_parcels WHERE shop_id LIKE 'bench-shop-%' AND declared_at IS NOT NULL"),
                    single(db, "SELECT count(*) FROM ops_tracking WHERE shop_id LIKE 'bench-shop-%' AND first_scan_at IS NOT NULL"),
                    single(db, "SELECT count(*) FROM ops_skus WHERE shop_id LIKE 'bench-shop-%'"),
                    single(db, "SELECT count(*) FROM rule_timers WHERE shop_id LIKE 'bench-shop-%' AND rule = 'TRACKING_STALLED'"),
                    single(db, "SELECT count(*) FROM alerts"),
                    single(db, "SELECT count(*) FROM inbox"),
                    0, 0, ORDERS, measuredSkus.size(), warmUp.size() + measured.size());
        }
        int problems = serviceLogProblems(log);
        long deadLetters = endOffsets(List.of(DLQ));
        readModel = new ReadModel(readModel.orders(), readModel.parcels(), readModel.tracking(), readModel.skus(),
                readModel.stallTimers(), readModel.alerts(), readModel.inbox(), deadLetters, problems, readModel.expectedOrders(),
                readModel.expectedSkus(), readModel.expectedInbox());
        progress("Baseline: a plain KafkaConsumer reading the same %d topics from the beginning (%,d records)", FEED_TOPICS.size(),
                readModel.expectedInbox());
        rawWarm = rawConsume(false);
        raw = rawConsume(false);
        decoded = rawConsume(true);
        progress("  raw %,.0f records/s (first pass %,.0f/s), decoded with EventCodec %,.0f/s", raw.perSecond(), rawWarm.perSecond(),
                decoded.perSecond());
    }

    /**
     * Lifecycles of {@code orders} orders over {@link #SHOPS} shops, each order's events in its own order as the
     * services announce them: OrderPlaced, the reservation's StockChanged, WaybillPrinted v2, OrderShipped, its
     * DeclarationSettled (acknowledged) and three TrackingUpdated v2 (揽收, 在途, then 派件 for half the parcels and
     * 签收 for the other half). Keyed by aggregate id as the relays key them. Event times lie within the last
     * 2 minutes, so that no timer falls due during the run (the stall ladder's of the undelivered half waits 60 min):
     * a healthy flow, which must raise no alert.
     */
    private List<ProducerRecord<String, String>> lifecycles(String shopPrefix, int orders, int firstOrder) {
        Instant base = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MILLIS);
        Map<Integer, Long> reserved = new HashMap<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>(orders * EVENTS_PER_ORDER);
        for (int i = 0; i < orders; i++) {
            int n = firstOrder + i;
            String shop = shopPrefix + (i % SHOPS);
            int sku = i % SKUS;
            String skuId = "2000" + String.format(Locale.ROOT, "%08d", sku);
            String productId = "1000" + String.format(Locale.ROOT, "%08d", sku);
            String orderId = "3720" + String.format(Locale.ROOT, "%015d", n);
            String number = "SF" + (1_400_000_000_000L + n);
            String waybillId = Long.toString(7_000_000_000_000_000L + n);
            Instant paid = base.plusMillis(i);
            long held = reserved.merge(sku, 1L, Long::sum);
            if (shopPrefix.equals("bench-shop-")) {
                measuredSkus.add(shop + "/" + skuId);
            }
            List<PackageItem> parcel = List.of(new PackageItem(productId, skuId, 1));
            boolean delivered = i % 2 == 1;
            TrackingState last = delivered ? TrackingState.DELIVERED : TrackingState.OUT_FOR_DELIVERY;
            List<DomainEvent> events = List.of(
                    new OrderPlaced(orderId, paid, OrderPlaced.DELIVER_PHYSICAL,
                            List.of(new OrderItem(productId, skuId, "SKU-" + sku, 1, 1990)), REGION, 1990),
                    new StockChanged(skuId, productId, WAREHOUSE, STOCK_ON_HAND, held, STOCK_ON_HAND - held, StockLevel.OK, 0,
                            StockMovementReason.RESERVE, orderId, paid.plusSeconds(1)),
                    new WaybillPrinted(waybillId, orderId, CARRIER, number, parcel, paid.plusSeconds(20), false),
                    new OrderShipped(orderId, List.of(new ShippedPackage(CARRIER, number, parcel)), paid.plusSeconds(30), true, false),
                    new DeclarationSettled(orderId, n + 1, DeclarationSettled.Action.SEND, List.of(number),
                            DeclarationSettled.Outcome.ACKNOWLEDGED, null, null, 1, paid.plusSeconds(30), paid.plusSeconds(32)),
                    tracked(number, orderId, TrackingState.PICKED_UP, "1", paid.plusSeconds(45), "【深圳市】顺丰速运 已收取快件"),
                    tracked(number, orderId, TrackingState.IN_TRANSIT, "0", paid.plusSeconds(60), "【深圳市】快件已到达 深圳转运中心"),
                    tracked(number, orderId, last, delivered ? "3" : "5", paid.plusSeconds(90),
                            delivered ? "【杭州市】快件已签收 签收人: 本人" : "【杭州市】快件交给李师傅，正在派送途中"));
            for (DomainEvent event : events) {
                EventEnvelope envelope = codec.envelope(event, shop, UUID.randomUUID(), null, paid);
                records.add(new ProducerRecord<>(Topics.forAggregateType(envelope.aggregateType()), envelope.aggregateId(),
                        codec.write(envelope)));
            }
        }
        return records;
    }

    private static TrackingUpdated tracked(String number, String orderId, TrackingState state, String carrierState, Instant at,
                                           String description) {
        String location = description.substring(1, description.indexOf('】'));
        return new TrackingUpdated(number, CARRIER, orderId, state, carrierState, at, location, description,
                List.of(new TrackingCheckpoint(at, state, carrierState, location, description, null)), null);
    }

    private void produce(List<ProducerRecord<String, String>> records) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (ProducerRecord<String, String> record : records) {
                sent.add(producer.send(record));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        }
    }

    private static void awaitInbox(Connection db, long expected) throws Exception {
        long deadline = System.nanoTime() + APPLY_LIMIT.toNanos();
        long lastReport = System.nanoTime();
        try (PreparedStatement count = db.prepareStatement("SELECT count(*) FROM inbox")) {
            while (System.nanoTime() < deadline) {
                long applied = single(count);
                if (applied >= expected) {
                    return;
                }
                if (System.nanoTime() - lastReport > 30e9) {
                    progress("  %,d of %,d applied", applied, expected);
                    lastReport = System.nanoTime();
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("not all " + expected + " events applied within " + APPLY_LIMIT);
    }

    /** The feed topics read from the beginning by one consumer with every partition assigned, until all are read. */
    private RawConsume rawConsume(boolean decode) {
        long expected = readModel.expectedInbox();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, FEED_TOPICS);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            long bytes = 0;
            long first = 0;
            long last = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (records < expected && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(100));
                if (polled.isEmpty()) {
                    continue;
                }
                if (first == 0) {
                    first = System.nanoTime();
                }
                for (ConsumerRecord<String, String> record : polled) {
                    bytes += record.serializedValueSize();
                    if (decode) {
                        // As the service's inbox does before a projection: the envelope, then the payload record.
                        codec.payload(codec.read(record.value()));
                    }
                }
                records += polled.count();
                last = System.nanoTime();
            }
            return new RawConsume(records, (last - first) / 1e9, bytes);
        }
    }

    private long endOffsets(List<String> topics) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topics);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
            return partitions.stream().mapToLong(p -> ends.get(p) - starts.get(p)).sum();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    // ---- helpers ----

    private ServiceProcess startService(String database, String log, List<String> options) throws Exception {
        // alerting-service calls no platform: the simulator URL ServiceProcess passes on points nowhere.
        return ServiceProcess.start(MODULE, log, ServiceProcess.freePort(), database, bootstrap, "http://127.0.0.1:9", options);
    }

    private static List<String> serviceOptions(String... options) {
        List<String> all = new ArrayList<>(List.of(options));
        if (!SERVICE_OPTIONS.isBlank()) {
            all.addAll(Arrays.asList(SERVICE_OPTIONS.trim().split("\\s+")));
        }
        return all;
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(TestDatabase.jdbcUrl(database), TestDatabase.USER, TestDatabase.PASSWORD);
    }

    /** WARN and ERROR lines of the service's log, printed: a benchmark that hides its service's complaints hides a finding. */
    private int serviceLogProblems(String log) throws IOException {
        Path file = Path.of("bench", "target", log);
        List<String> problems = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        problems.stream().limit(5).forEach(l -> logProblems.add(log + ": " + (l.length() > 300 ? l.substring(0, 300) + "…" : l)));
        progress("  %s: %d WARN/ERROR lines", file, problems.size());
        return problems.size();
    }

    private static String between(GcLog gc, long from, long to) throws IOException {
        String text = gc.text(from);
        return text.substring(0, (int) Math.min(text.length(), to - from));
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static double millis(Instant from, Instant to) {
        return from == null || to == null ? Double.NaN : Duration.between(from, to).toNanos() / 1e6;
    }

    private static double median(List<Sweep> sweeps) {
        if (sweeps.isEmpty()) {
            return Double.NaN;
        }
        double[] ms = sweeps.stream().mapToDouble(Sweep::millis).sorted().toArray();
        return ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
    }

    private static double max(List<Sweep> sweeps) {
        return sweeps.stream().mapToDouble(Sweep::millis).max().orElse(Double.NaN);
    }

    private static long single(Connection db, String sql) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            return single(query);
        }
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet row = query.executeQuery()) {
            row.next();
            return Math.round(row.getDouble(1));
        }
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "· " + format + "%n", args);
    }

    private static String mib(long bytes) {
        return bytes <= 0 ? "—" : String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
    }

    private static String gc(Heap heap) {
        return heap.gc().collections() == 0 ? "no collection"
                : String.format(Locale.ROOT, "%d collections, at most %s before one, %s after", heap.gc().collections(),
                mib(heap.gc().maxBefore()), mib(heap.gc().maxAfter()));
    }

    private void print() {
        SweepResult s = sweep;
        Consumed c = consumed;
        ReadModel m = readModel;
        System.out.printf(Locale.ROOT, "%n## alerting-service: events into the read model, and one ladder sweep over %,d watched parcels (%s, %d cores)%n%n",
                WATCHED, LocalDate.now(), Runtime.getRuntime().availableProcessors());
        System.out.println("Cores busy = CPU seconds per second of the phase: alerting-service / PostgreSQL / bench JVM (broker, producer).");
        System.out.println();
        if (c != null) {
            System.out.println("| Consumption | events | Baseline: plain KafkaConsumer, same topics | alerting-service: **events/s into the read model**"
                    + " | cores busy | CPU ms per event (service / PostgreSQL) | heap | checks |");
            System.out.println("|---|---:|---:|---:|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| %,d orders × %d events over %d shops, %,d SKUs (warm-up first: %,d events in %.1f s) | %,d (produced in %.2f s) ",
                    ORDERS, EVENTS_PER_ORDER, SHOPS, m.expectedSkus(), c.warmUpEvents(), c.warmUpSeconds(), c.events(), c.produceSeconds());
            System.out.printf(Locale.ROOT, "| raw %,.0f records/s (%,.1f MB/s; first pass %,.0f/s); decoded with EventCodec %,.0f/s ",
                    raw.perSecond(), raw.bytes() / raw.seconds() / 1e6, rawWarm.perSecond(), decoded.perSecond());
            System.out.printf(Locale.ROOT, "| **%,.0f** (produce start → last inbox row seen, %.1f s); %,.0f between the first and last inbox row ",
                    c.perSecond(), c.wallSeconds(), c.servicePerSecond());
            System.out.printf(Locale.ROOT, "| %s (other %.2f) | %.2f / %.2f | %s; sampled max %s (%d samples) ", c.cores(), c.other(),
                    c.cpu()[0] * 1000 / c.events(), c.cpu()[1] * 1000 / c.events(), gc(c.heap()), mib(c.heap().sampledMax()), c.heap().samples());
            System.out.printf(Locale.ROOT, "| orders %,d, declared parcels %,d, scanned numbers %,d, SKUs %,d, stall timers %,d, alerts %d, inbox %,d, "
                            + "dead letters %d, log WARN/ERROR %d: %s |%n",
                    m.orders(), m.parcels(), m.tracking(), m.skus(), m.stallTimers(), m.alerts(), m.inbox(), m.deadLetters(), m.logProblems(),
                    m.ok() ? "PASS" : "FAIL");
        }
        if (s != null) {
            System.out.println();
            System.out.printf(Locale.ROOT, "| Sweep over %,d ladder timers | sweep time (JFR: first JDBC write → last read) | per due timer "
                    + "| DB: due instant → first / last alert | heap (GC log; /q/metrics max) | service CPU s (cores busy) | checks |%n", s.watched());
            System.out.println("|---|---:|---:|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| Baseline: none due (%d sweeps, every %d s, over %.0f s) | median %.2f ms, max %.2f ms | | | %s; max %s | %.2f over %.0f s | |%n",
                    s.baseline().size(), SWEEP_INTERVAL_SECONDS, s.baselineSeconds(), median(s.baseline()), max(s.baseline()),
                    gc(s.baselineHeap()), mib(s.baselineHeap().sampledMax()), s.baselineCpu()[0], s.baselineSeconds());
            System.out.printf(Locale.ROOT, "| After the ladder sweep: none due again (%d sweeps) | median %.2f ms, max %.2f ms | | | | | |%n",
                    s.after().size(), median(s.after()), max(s.after()));
            System.out.printf(Locale.ROOT, "| Empty table, at start-up (%d sweeps) | median %.2f ms, max %.2f ms | | | | | |%n",
                    s.emptyTable().size(), median(s.emptyTable()), max(s.emptyTable()));
            Sweep ladder = s.ladder();
            System.out.printf(Locale.ROOT, "| **%,d due (%.0f %%)** | **%,.0f ms** (%d due-timer queries, %,d socket I/Os) | %.2f ms ",
                    s.due(), 100.0 * s.due() / s.watched(), ladder == null ? Double.NaN : ladder.millis(),
                    ladder == null ? 0 : ladder.dueQueries(), ladder == null ? 0 : ladder.io(),
                    ladder == null ? Double.NaN : ladder.millis() / Math.max(1, s.due()));
            System.out.printf(Locale.ROOT, "| %.0f / %,.0f ms (first → last %,.0f ms) | **%s; max %s** | %.1f (%s) ",
                    s.dueToFirstAlertMs(), s.dueToLastAlertMs(), s.firstToLastAlertMs(), gc(s.sweepHeap()), mib(s.sweepHeap().sampledMax()),
                    s.sweepCpu()[0], s.sweepCores());
            System.out.printf(Locale.ROOT, "| alerts %,d, RAISED %,d, timers at step 1 %,d, at step 0 %,d, fired %d, outbox left %d, "
                            + "JFR stacks cut %d, log WARN/ERROR %d: %s |%n",
                    s.alerts(), s.actions(), s.stepOne(), s.stepZero(), s.fired(), s.outboxLeft(), s.truncatedStacks(), s.logProblems(),
                    s.ok() ? "PASS" : "FAIL");
            System.out.printf(Locale.ROOT, "%nPlanting %,d parcels + timers took %.1f s.%n", s.watched(), s.plantSeconds());
        }
        if (!logProblems.isEmpty()) {
            System.out.println("\nService log WARN/ERROR lines (first ones):");
            logProblems.forEach(l -> System.out.println("    " + l));
        }
    }

    /**
     * The service's heap in use (every heap pool of {@code jvm_memory_used_bytes}) sampled from {@code /q/metrics}
     * every 250 ms: between collections, where the GC log has no figure.
     */
    private static final class HeapSampler implements AutoCloseable {

        private record Sample(Instant at, long bytes) {
        }

        private final List<Sample> samples = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        HeapSampler(String url) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        String body = Http.body(url, null);
                        long bytes = Arrays.stream(body.split("\n"))
                                .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
                        samples.add(new Sample(Instant.now(), bytes));
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // The service stopping: sampling ends with it (said, in case it was anything else).
                        progress("  heap sampling ended: %s", e);
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long max(Instant from, Instant to) {
            return samples.stream().filter(s -> !s.at().isBefore(from) && !s.at().isAfter(to)).mapToLong(Sample::bytes).max().orElse(0);
        }

        int count(Instant from, Instant to) {
            return (int) samples.stream().filter(s -> !s.at().isBefore(from) && !s.at().isAfter(to)).count();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(2_000);
        }
    }
}
