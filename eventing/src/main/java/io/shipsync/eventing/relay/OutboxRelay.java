package io.shipsync.eventing.relay;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * Tails the {@code outbox} table through PostgreSQL logical replication (an embedded Debezium engine,
 * pgoutput, one slot per service) and publishes each row to Kafka: topic by aggregate type, key =
 * aggregate id, event id and type in headers. A batch's positions are committed only after Kafka has
 * acknowledged every record in it, so a crash re-sends rather than loses; consumers deduplicate.
 * Relayed rows are then deleted, so the table holds only what is still on its way.
 *
 * <p>Plain Java on purpose: the service runs it under {@link RelayLeadership}, the benchmark directly.
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int PRUNE_TRIES = 20;
    private static final Duration PRUNE_RETRY = Duration.ofMillis(250);

    /**
     * Where to read from and write to; {@code kafkaSecurity} are the service's Kafka security settings
     * ({@link io.shipsync.eventing.security.KafkaSecurity}), none for a plaintext broker.
     */
    public record Settings(String jdbcUrl, String user, String password, String slotName, String publicationName,
                           String bootstrapServers, Map<String, String> kafkaSecurity, Duration pollInterval,
                           Duration offsetFlushInterval, Duration heartbeatInterval) {

        /** A plaintext broker's (the benchmark's). */
        public Settings(String jdbcUrl, String user, String password, String slotName, String publicationName,
                        String bootstrapServers, Duration pollInterval, Duration offsetFlushInterval,
                        Duration heartbeatInterval) {
            this(jdbcUrl, user, password, slotName, publicationName, bootstrapServers, Map.of(), pollInterval,
                    offsetFlushInterval, heartbeatInterval);
        }
    }

    private final Settings settings;
    private final DataSource dataSource;
    private final MeterRegistry registry;
    private final Timer delay;
    private final ConcurrentHashMap<String, Counter> published = new ConcurrentHashMap<>();
    /** Relayed rows not deleted yet, with the deletes that missed them; touched by the pruner thread only. */
    private final Map<UUID, Integer> unpruned = new LinkedHashMap<>();
    /** Pruning runs beside relaying, never in front of the next batch. */
    private ScheduledExecutorService pruner;
    private KafkaProducer<String, String> producer;
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private ExecutorService executor;
    private volatile boolean stopped = true;
    private volatile Throwable failure;

    public OutboxRelay(Settings settings, DataSource dataSource, MeterRegistry registry) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.registry = registry;
        this.delay = Timer.builder("shipsync.relay.delay")
                .description("Time from outbox commit to Kafka acknowledgement")
                .publishPercentiles(0.5, 0.99, 0.999)
                .register(registry);
    }

    public synchronized void start() {
        failure = null;
        stopped = false;
        producer = new KafkaProducer<>(producerProperties());
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(engineProperties())
                .using((success, message, error) -> {
                    if (!success) {
                        failure = error != null ? error : new IllegalStateException(message);
                        LOG.warnf("Outbox relay %s stopped: %s", settings.slotName(), message);
                    }
                    stopped = true;
                })
                .notifying(this::publish)
                .build();
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay-" + settings.slotName()));
        pruner = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "outbox-prune-" + settings.slotName()));
        executor.execute(engine);
        LOG.infof("Outbox relay started on slot %s, publishing to %s", settings.slotName(), settings.bootstrapServers());
    }

    /** True once the engine has stopped, by request or by failure. */
    public boolean stopped() {
        return stopped;
    }

    public Throwable failure() {
        return failure;
    }

    public synchronized void stop() {
        try {
            if (engine != null) {
                engine.close();
            }
            if (executor != null) {
                executor.shutdown();
                executor.awaitTermination(30, TimeUnit.SECONDS);
            }
            if (pruner != null) {
                pruner.shutdown();
                pruner.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warnf(e, "Outbox relay %s did not stop cleanly", settings.slotName());
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            engine = null;
            executor = null;
            pruner = null;
            producer = null;
            stopped = true;
        }
    }

    private void publish(List<RecordChangeEvent<SourceRecord>> records,
                         DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        List<UUID> ids = new ArrayList<>(records.size());
        List<Instant> createdAts = new ArrayList<>(records.size());
        List<String> topics = new ArrayList<>(records.size());
        for (RecordChangeEvent<SourceRecord> change : records) {
            SourceRecord record = change.record();
            String id = header(record, "id");
            if (id == null) {
                continue; // heartbeats, and anything else that is not an outbox event
            }
            ProducerRecord<String, String> out = new ProducerRecord<>(record.topic(), (String) record.key(), (String) record.value());
            out.headers().add("id", id.getBytes(StandardCharsets.UTF_8));
            addHeader(out, "eventType", header(record, "eventType"));
            addHeader(out, "shopId", header(record, "shopId"));
            sends.add(producer.send(out));
            ids.add(UUID.fromString(id));
            String createdAt = header(record, "createdAt");
            createdAts.add(createdAt == null ? null : Instant.parse(createdAt));
            topics.add(record.topic());
        }
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get();
            } catch (ExecutionException e) {
                // Nothing of this batch is marked processed: the engine stops and the leader restarts it from
                // the last committed position, re-sending the whole batch.
                throw new IllegalStateException("Kafka did not acknowledge an outbox event", e.getCause());
            }
            Instant createdAt = createdAts.get(i);
            if (createdAt != null) {
                delay.record(Duration.between(createdAt, Instant.now()));
            }
            published.computeIfAbsent(topics.get(i), t -> Counter.builder("shipsync.relay.published")
                    .description("Outbox events acknowledged by Kafka").tag("topic", t).register(registry)).increment();
        }
        for (RecordChangeEvent<SourceRecord> change : records) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
        if (!ids.isEmpty()) {
            pruner.execute(() -> prune(ids));
        }
    }

    /**
     * Deletes relayed rows; a failed delete is retried shortly, it never blocks relaying. PostgreSQL can hand a
     * committed transaction to logical decoding a moment before other sessions see it, so a delete right after
     * Kafka's acknowledgement may miss a row: rows the delete did not return are tried again. One still missing
     * after {@link #PRUNE_TRIES} tries was deleted already (a batch relayed twice after a restart).
     */
    private void prune(List<UUID> ids) {
        ids.forEach(id -> unpruned.putIfAbsent(id, 0));
        if (unpruned.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ANY (?) RETURNING id")) {
            delete.setArray(1, connection.createArrayOf("uuid", unpruned.keySet().toArray()));
            try (ResultSet deleted = delete.executeQuery()) {
                while (deleted.next()) {
                    unpruned.remove(deleted.getObject(1, UUID.class));
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            unpruned.replaceAll((id, tries) -> tries + 1);
            unpruned.values().removeIf(tries -> tries >= PRUNE_TRIES);
        } catch (SQLException e) {
            LOG.warnf("Could not prune %d relayed outbox rows yet: %s", unpruned.size(), e.getMessage());
        }
        if (!unpruned.isEmpty() && !pruner.isShutdown()) {
            pruner.schedule(() -> prune(List.of()), PRUNE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null || header.value() == null ? null : header.value().toString();
    }

    private static void addHeader(ProducerRecord<String, String> record, String name, String value) {
        if (value != null) {
            record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The relay's producer: the service's Kafka security settings (the same its channels use), then what the relay
     * itself needs. The embedded Debezium engine opens no Kafka connection: its offsets are in PostgreSQL
     * ({@link PostgresOffsetStore}) and what it reads goes through this producer.
     */
    Properties producerProperties() {
        Properties props = new Properties();
        props.putAll(settings.kafkaSecurity());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + settings.slotName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    private Properties engineProperties() {
        URI uri = URI.create(settings.jdbcUrl().substring("jdbc:".length()));
        Properties props = new Properties();
        props.setProperty("name", "outbox-relay-" + settings.slotName());
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("offset.storage", PostgresOffsetStore.class.getName());
        props.setProperty(PostgresOffsetStore.URL, settings.jdbcUrl());
        props.setProperty(PostgresOffsetStore.USER, settings.user());
        props.setProperty(PostgresOffsetStore.PASSWORD, settings.password());
        props.setProperty("offset.flush.interval.ms", Long.toString(settings.offsetFlushInterval().toMillis()));
        props.setProperty("database.hostname", uri.getHost());
        props.setProperty("database.port", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()));
        props.setProperty("database.dbname", uri.getPath().substring(1));
        props.setProperty("database.user", settings.user());
        props.setProperty("database.password", settings.password());
        props.setProperty("topic.prefix", settings.slotName());
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", settings.slotName());
        props.setProperty("publication.name", settings.publicationName());
        props.setProperty("publication.autocreate.mode", "disabled");
        props.setProperty("table.include.list", "public.outbox");
        // Rows written before the slot existed are still in the table: the first start snapshots them.
        props.setProperty("snapshot.mode", "initial");
        props.setProperty("tombstones.on.delete", "false");
        props.setProperty("poll.interval.ms", Long.toString(settings.pollInterval().toMillis()));
        props.setProperty("heartbeat.interval.ms", Long.toString(settings.heartbeatInterval().toMillis()));
        props.setProperty("errors.max.retries", "-1");
        props.setProperty("transforms", "outbox");
        props.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        props.setProperty("transforms.outbox.table.field.event.id", "id");
        props.setProperty("transforms.outbox.table.field.event.key", "aggregateid");
        props.setProperty("transforms.outbox.table.field.event.payload", "payload");
        props.setProperty("transforms.outbox.route.by.field", "aggregatetype");
        props.setProperty("transforms.outbox.route.topic.replacement", "shipsync.${routedByValue}");
        props.setProperty("transforms.outbox.table.fields.additional.placement",
                "type:header:eventType,shop_id:header:shopId,created_at:header:createdAt");
        return props;
    }
}
