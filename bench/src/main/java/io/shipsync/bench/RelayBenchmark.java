package io.shipsync.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shipsync.eventing.relay.OutboxRelay;
import io.shipsync.events.AggregateTypes;
import io.shipsync.events.Topics;
import io.shipsync.infra.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Outbox-to-consumer latency and relayed events per second of one {@link OutboxRelay}, measured in the same
 * run as Kafka's own {@code EndToEndLatency} and {@code ProducerPerformance} against the same in-process
 * KRaft broker, on the machine's real PostgreSQL. Prints one Markdown table. Exits 1 when an event was lost,
 * 2 on any other error; a missed target is a finding, not an error. Commands: docs/benchmarks.md.
 */
public final class RelayBenchmark {

    private static final String DATABASE = "shipsync_bench";
    private static final String JDBC_URL = TestDatabase.jdbcUrl(DATABASE);
    private static final String SLOT = "shipsync_relay_bench";
    private static final String TOPIC = Topics.forAggregateType(AggregateTypes.ORDER);
    // As the local broker and the test kit create topics (num.partitions=3).
    private static final int PARTITIONS = 3;
    private static final int RECORD_SIZE = 1024;
    private static final int E2E_RECORDS = Integer.getInteger("bench.e2eRecords", 10_000);
    private static final int PERF_RECORDS = Integer.getInteger("bench.perfRecords", 500_000);
    private static final int RATE = Integer.getInteger("bench.rate", 200);
    private static final int WARMUP_SECONDS = 5;
    private static final int MEASURE_SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int EVENTS = Integer.getInteger("bench.events", 100_000);
    private static final int WRITERS = 2;
    private static final int BATCH = 100;
    // With no new receipt for this long, whatever has not arrived counts as lost.
    private static final Duration QUIET_LIMIT = Duration.ofSeconds(60);
    private static final double P99_FACTOR_TARGET = 10;
    private static final double RATE_TARGET = 5_000;

    private final List<String> written = new ArrayList<>();

    private RelayBenchmark() {
    }

    public static void main(String[] args) {
        // Before any logger exists: OutboxRelay logs through jboss-logging, sent to SLF4J like Kafka and Debezium.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        BenchMain.runAndExit(() -> new RelayBenchmark().run());
    }

    /** True unless an event was lost. */
    private boolean run() throws Exception {
        KafkaClusterTestKit kafka = BenchKafka.start(PARTITIONS);
        try {
            String bootstrap = kafka.bootstrapServers();
            createTopics(bootstrap);
            prepareDatabase();
            progress("Kafka EndToEndLatency, %,d records of %d B, acks=all", E2E_RECORDS, RECORD_SIZE);
            KafkaTools.EndToEnd e2e = KafkaTools.endToEndLatency(bootstrap, "bench.e2e", E2E_RECORDS, RECORD_SIZE);
            progress("Kafka ProducerPerformance, %,d records of %d B, acks=all", PERF_RECORDS, RECORD_SIZE);
            KafkaTools.Producer perf = KafkaTools.producerPerformance(bootstrap, "bench.perf", PERF_RECORDS,
                    RECORD_SIZE);
            RelayFigures relay = measureRelay(bootstrap);
            print(e2e, perf, relay);
            return relay.missing() == 0;
        } finally {
            dropDatabase();
            kafka.close();
        }
    }

    /** Created up front, so no tool's first sends wait on topic auto-creation. */
    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(
                    new NewTopic("bench.e2e", 1, (short) 1), // what EndToEndLatency would create itself
                    new NewTopic("bench.perf", PARTITIONS, (short) 1),
                    new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
        }
    }

    private static void prepareDatabase() throws IOException, SQLException {
        TestDatabase.recreate(DATABASE);
        String tables;
        try (InputStream script = RelayBenchmark.class.getClassLoader()
                .getResourceAsStream("db/eventing/R__eventing_tables.sql")) {
            tables = new String(Objects.requireNonNull(script, "eventing tables script").readAllBytes(),
                    StandardCharsets.UTF_8);
        }
        try (Connection connection = connect(JDBC_URL); Statement statement = connection.createStatement()) {
            statement.execute(tables);
        }
    }

    private RelayFigures measureRelay(String bootstrap) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(JDBC_URL);
        dataSource.setUser(TestDatabase.USER);
        dataSource.setPassword(TestDatabase.PASSWORD);
        // Offset flush and heartbeat intervals are RelayConfig's defaults, as a service runs the relay.
        OutboxRelay relay = new OutboxRelay(new OutboxRelay.Settings(JDBC_URL, TestDatabase.USER,
                TestDatabase.PASSWORD, SLOT, "shipsync_outbox", bootstrap, Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofSeconds(10)), dataSource, new SimpleMeterRegistry());
        OutboxEvents events = new OutboxEvents();
        try (Receipts receipts = new Receipts(bootstrap, TOPIC, PARTITIONS)) {
            relay.start();
            try {
                progress("Outbox latency: %d events/s, %d s warm-up + %d s measured, one transaction each",
                        RATE, WARMUP_SECONDS, MEASURE_SECONDS);
                Percentiles latency = latency(events, receipts, relay);
                progress("Outbox throughput: %,d events from %d writers, %d per transaction", EVENTS, WRITERS, BATCH);
                return throughput(events, receipts, relay, latency);
            } finally {
                relay.stop();
            }
        }
    }

    private Percentiles latency(OutboxEvents events, Receipts receipts, OutboxRelay relay) throws Exception {
        Map<String, Long> committedAt = new HashMap<>();
        try (Connection connection = connect(JDBC_URL);
             PreparedStatement insert = connection.prepareStatement(OutboxEvents.INSERT)) {
            connection.setAutoCommit(false);
            // The first event's arrival shows the relay streams (slot made, snapshot done) before any clock runs.
            insertOne(connection, insert, events.next());
            awaitReceipts(receipts, relay);
            paced(connection, insert, events, RATE * WARMUP_SECONDS, new HashMap<>());
            paced(connection, insert, events, RATE * MEASURE_SECONDS, committedAt);
        }
        awaitReceipts(receipts, relay);
        long[] nanos = committedAt.entrySet().stream()
                .filter(e -> receipts.receivedAt(e.getKey()) != null)
                .mapToLong(e -> receipts.receivedAt(e.getKey()) - e.getValue())
                .toArray();
        return Percentiles.ofNanos(nanos);
    }

    /** Inserts {@code count} events on a fixed schedule, noting when each commit returned. */
    private void paced(Connection connection, PreparedStatement insert, OutboxEvents events, int count,
                       Map<String, Long> committedAt) throws SQLException {
        long interval = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            OutboxEvents.Row row = events.next();
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            committedAt.put(row.id().toString(), insertOne(connection, insert, row));
        }
    }

    /** Inserts one event in its own transaction; returns when the commit returned. */
    private long insertOne(Connection connection, PreparedStatement insert, OutboxEvents.Row row) throws SQLException {
        row.bind(insert);
        insert.executeUpdate();
        connection.commit();
        long committed = System.nanoTime();
        written.add(row.id().toString());
        return committed;
    }

    private RelayFigures throughput(OutboxEvents events, Receipts receipts, OutboxRelay relay, Percentiles latency)
            throws Exception {
        // Built before the clock starts, so the writers only write.
        List<OutboxEvents.Row> rows = events.next(EVENTS);
        rows.forEach(row -> written.add(row.id().toString()));
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        long start = System.nanoTime();
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                List<OutboxEvents.Row> share = rows.subList(w * EVENTS / WRITERS, (w + 1) * EVENTS / WRITERS);
                done.add(writers.submit(() -> writeBatches(share)));
            }
            for (Future<Void> writer : done) {
                writer.get();
            }
        } finally {
            writers.shutdown();
        }
        long inserted = System.nanoTime();
        awaitReceipts(receipts, relay);

        long[] received = rows.stream()
                .map(row -> receipts.receivedAt(row.id().toString()))
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .sorted()
                .toArray();
        int n = received.length;
        if (n < 2) {
            throw new IllegalStateException("Only " + n + " of " + EVENTS + " events were relayed");
        }
        int from = n * 5 / 100;
        int to = n * 95 / 100 - 1;
        return new RelayFigures(latency,
                perSecond(n - 1, received[n - 1] - received[0]),
                perSecond(to - from, received[to] - received[from]),
                perSecond(EVENTS, inserted - start),
                (received[n - 1] - inserted) / 1e9,
                written.size(), receipts.missing(written), receipts.duplicates(),
                rows.get(0).bytes(), receipts.valueBytes());
    }

    private static Void writeBatches(List<OutboxEvents.Row> rows) throws SQLException {
        // reWriteBatchedInserts turns each JDBC batch into multi-row INSERTs.
        try (Connection connection = connect(JDBC_URL + "?reWriteBatchedInserts=true");
             PreparedStatement insert = connection.prepareStatement(OutboxEvents.INSERT)) {
            connection.setAutoCommit(false);
            for (int i = 0; i < rows.size(); i++) {
                rows.get(i).bind(insert);
                insert.addBatch();
                if ((i + 1) % BATCH == 0 || i == rows.size() - 1) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
        return null;
    }

    /** Waits until every event written so far was received, the relay failed, or receipts stopped coming. */
    private void awaitReceipts(Receipts receipts, OutboxRelay relay) throws InterruptedException {
        int seen = receipts.distinct();
        long lastProgress = System.nanoTime();
        while (receipts.distinct() < written.size()) {
            if (relay.stopped()) {
                throw new IllegalStateException("The outbox relay stopped", relay.failure());
            }
            if (receipts.failure() != null) {
                throw new IllegalStateException("The bench consumer failed", receipts.failure());
            }
            if (receipts.distinct() > seen) {
                seen = receipts.distinct();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > QUIET_LIMIT.toNanos()) {
                return;
            }
            Thread.sleep(10);
        }
    }

    private static double perSecond(long count, long nanos) {
        return count * 1e9 / nanos;
    }

    /** Releases the bench slot (once its walsender has gone) and the database. */
    private static void dropDatabase() throws SQLException, InterruptedException {
        try (Connection admin = connect(TestDatabase.jdbcUrl("postgres"));
             PreparedStatement drop = admin.prepareStatement("""
                     SELECT active, CASE WHEN NOT active THEN pg_drop_replication_slot(slot_name) END
                     FROM pg_replication_slots WHERE slot_name = ?""");
             Statement statement = admin.createStatement()) {
            drop.setString(1, SLOT);
            for (int attempt = 0; attempt < 100; attempt++) {
                try (ResultSet slot = drop.executeQuery()) {
                    if (!slot.next() || !slot.getBoolean(1)) {
                        break;
                    }
                }
                Thread.sleep(100);
            }
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, TestDatabase.USER, TestDatabase.PASSWORD);
    }

    private static void print(KafkaTools.EndToEnd e2e, KafkaTools.Producer perf, RelayFigures relay) {
        Percentiles latency = relay.latency();
        // EndToEndLatency truncates to whole milliseconds: a 0 means under 1 ms, so it is compared as 1 ms.
        long kafkaP99 = Math.max(1, e2e.p99Ms());
        double factor = latency.p99() / kafkaP99;
        double rate = relay.firstToLast();
        System.out.printf(Locale.ROOT, """

                ## Outbox relay vs Kafka's own tools (%s, %d cores)

                | Figure | Kafka's own tool | ShipSync outbox relay | Target | Result |
                |---|---:|---:|---|---|
                | latency p50 (ms) | %d | %.1f | | |
                | latency p99 (ms) | %d | %.1f | ≤ %.0f× Kafka p99 = %.0f ms | %s (%.0f×) |
                | latency p99.9 (ms) | %d | %.1f | | |
                | latency max (ms) | | %.1f | | |
                | throughput (records or events/s) | %,.0f | %,.0f (steady state %,.0f) | ≥ %,.0f events/s | %s |

                Kafka: EndToEndLatency, %,d records (avg %.2f ms; whole ms, truncated); ProducerPerformance, %,d records \
                (%.1f MB/s, p99 %d ms).
                Outbox: latency = commit returned → consumer received, %,d events at %d/s; throughput = %,d events \
                first → last receipt (steady state: 5th–95th percentile of receipts), written at %,.0f rows/s, \
                last received %.1f s after the last insert.
                Events: %,d written, %,d missing, %,d duplicates; envelope %,d B as written, %,d B as relayed (jsonb).
                """,
                LocalDate.now(), Runtime.getRuntime().availableProcessors(),
                e2e.p50Ms(), latency.p50(),
                kafkaP99, latency.p99(), P99_FACTOR_TARGET, P99_FACTOR_TARGET * kafkaP99,
                factor <= P99_FACTOR_TARGET ? "PASS" : "FAIL", factor,
                e2e.p999Ms(), latency.p999(),
                latency.max(),
                perf.recordsPerSecond(), rate, relay.steady(), RATE_TARGET, rate >= RATE_TARGET ? "PASS" : "FAIL",
                E2E_RECORDS, e2e.avgMs(), perf.records(), perf.megabytesPerSecond(), perf.p99Ms(),
                latency.samples(), RATE, EVENTS, relay.writerRate(), relay.drainSeconds(),
                relay.written(), relay.missing(), relay.duplicates(), relay.envelopeBytes(), relay.relayedBytes());
        if (relay.missing() > 0) {
            System.out.printf("ERROR: %,d events were lost%n", relay.missing());
        }
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "· " + format + "%n", args);
    }

    private record RelayFigures(Percentiles latency, double firstToLast, double steady, double writerRate,
                                double drainSeconds, long written, long missing, long duplicates, int envelopeBytes,
                                int relayedBytes) {
    }
}
