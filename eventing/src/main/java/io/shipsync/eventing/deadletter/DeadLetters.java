package io.shipsync.eventing.deadletter;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.failure.FailureKind;
import io.shipsync.eventing.failure.Failures;
import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.eventing.security.KafkaSecurity;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's dead letters ({@code shipsync.dlq.<service>}), read straight from Kafka, beside the log of
 * their redrives. A redrive re-applies a letter's original record through the consumer of its origin topic
 * and the normal {@link Inbox}, in one transaction with the redrive's log row: its effect happens at most
 * once however often it is redriven, and who redrove it is recorded.
 */
@ApplicationScoped
public class DeadLetters {

    /** Letters read at most per listing: a dead-letter topic that holds more needs a fix, not a page. */
    static final int MAX_LETTERS = 10_000;

    /** A record that could not be applied, with why and where it came from. */
    public record DeadLetter(String id, int partition, long offset, Instant deadAt, String key, String reason, String cause,
                             String originTopic, Integer originPartition, Long originOffset, UUID eventId, String eventType,
                             String shopId, Redrive redriven) {
    }

    /** A successful redrive: who, when, and whether the inbox had applied the event already. */
    public record Redrive(String by, Instant at, String outcome) {
    }

    /** What one redrive of one letter came to. */
    public record Outcome(String id, String outcome, String detail) {
        static final String APPLIED = "APPLIED";
        static final String ALREADY_APPLIED = "ALREADY_APPLIED";
        static final String FAILED = "FAILED";
    }

    private final EntityManager entityManager;
    private final Inbox inbox;
    private final EventCodec codec;
    private final Instance<EventConsumer> consumers;
    private final Config config;
    private final Clock clock;
    private final String bootstrapServers;
    private final KafkaSecurity kafkaSecurity;
    private final String topic;

    DeadLetters(EntityManager entityManager, Inbox inbox, EventCodec codec, Instance<EventConsumer> consumers, Config config,
                Clock clock, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                KafkaSecurity kafkaSecurity, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.entityManager = entityManager;
        this.inbox = inbox;
        this.codec = codec;
        this.consumers = consumers;
        this.config = config;
        this.clock = clock;
        this.bootstrapServers = bootstrapServers;
        this.kafkaSecurity = kafkaSecurity;
        this.topic = Topics.deadLetter(service);
    }

    public String topic() {
        return topic;
    }

    /** Every letter, oldest first; {@code pendingOnly} leaves out those redriven already. */
    public List<DeadLetter> list(boolean pendingOnly) {
        Map<String, Redrive> redriven = redriven();
        return read().stream()
                .map(record -> letter(record, redriven.get(id(record.partition(), record.offset()))))
                .filter(letter -> !pendingOnly || letter.redriven() == null)
                .toList();
    }

    /**
     * Re-applies the chosen pending letters ({@code ids} as {@code partition:offset}), or every pending one when
     * {@code ids} is empty. A letter that fails again stays pending; its outcome says why.
     */
    public List<Outcome> redrive(Collection<String> ids, String actor) {
        Map<String, Redrive> redriven = redriven();
        List<Outcome> outcomes = new ArrayList<>();
        for (ConsumerRecord<String, String> record : read()) {
            String id = id(record.partition(), record.offset());
            if ((!ids.isEmpty() && !ids.contains(id)) || redriven.containsKey(id)) {
                continue;
            }
            outcomes.add(redrive(record, id, actor));
        }
        ids.stream().filter(id -> outcomes.stream().noneMatch(o -> o.id().equals(id)))
                .forEach(id -> outcomes.add(new Outcome(id, Outcome.FAILED,
                        redriven.containsKey(id) ? "already redriven by " + redriven.get(id).by() : "no such dead letter")));
        return outcomes;
    }

    private Outcome redrive(ConsumerRecord<String, String> letter, String id, String actor) {
        String originTopic = header(letter, "dead-letter-topic");
        Optional<EventConsumer> consumer = consumerOf(originTopic);
        if (consumer.isEmpty()) {
            return log(letter, null, id, Outcome.FAILED, "no consumer of topic " + originTopic + " in this service", actor);
        }
        ReceivedEvent event;
        try {
            event = inbox.read(letter);
        } catch (RuntimeException e) {
            return log(letter, null, id, Outcome.FAILED, Failures.describe(e), actor);
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                boolean applied = inbox.applyOnce(event, consumer.get());
                insert(letter, event.envelope().eventId(), applied ? Outcome.APPLIED : Outcome.ALREADY_APPLIED, null, actor);
                return new Outcome(id, applied ? Outcome.APPLIED : Outcome.ALREADY_APPLIED, null);
            });
        } catch (RuntimeException e) {
            if (Failures.classify(e) == FailureKind.TRANSIENT) {
                throw e; // a dependency is down: the caller tries again later, nothing is logged as a failure
            }
            return log(letter, event.envelope().eventId(), id, Outcome.FAILED, Failures.describe(e), actor);
        }
    }

    private Outcome log(ConsumerRecord<String, String> letter, UUID eventId, String id, String outcome, String detail, String actor) {
        QuarkusTransaction.requiringNew().run(() -> insert(letter, eventId, outcome, detail, actor));
        return new Outcome(id, outcome, detail);
    }

    private void insert(ConsumerRecord<String, String> letter, UUID eventId, String outcome, String detail, String actor) {
        entityManager.createNativeQuery("""
                INSERT INTO dead_letter_redrives (dlq_topic, dlq_partition, dlq_offset, event_id, outcome, detail, redriven_by, redriven_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                .setParameter(1, topic).setParameter(2, letter.partition()).setParameter(3, letter.offset())
                .setParameter(4, eventId).setParameter(5, outcome).setParameter(6, detail).setParameter(7, actor)
                .setParameter(8, clock.instant()).executeUpdate();
    }

    /** Letters whose redrive took effect (or found the effect already there), by id. */
    private Map<String, Redrive> redriven() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<jakarta.persistence.Tuple> rows = entityManager.createNativeQuery("""
                    SELECT dlq_partition, dlq_offset, redriven_by, redriven_at, outcome
                    FROM dead_letter_redrives WHERE dlq_topic = ?1 AND outcome <> 'FAILED'""", jakarta.persistence.Tuple.class)
                    .setParameter(1, topic).getResultList();
            Map<String, Redrive> redriven = new HashMap<>();
            rows.forEach(row -> redriven.put(id(row.get("dlq_partition", Integer.class), row.get("dlq_offset", Long.class)),
                    new Redrive(row.get("redriven_by", String.class), row.get("redriven_at", Instant.class),
                            row.get("outcome", String.class))));
            return redriven;
        });
    }

    private Optional<EventConsumer> consumerOf(String originTopic) {
        return consumers.stream().filter(c -> config.getOptionalValue("mp.messaging.incoming." + c.channel() + ".topic", String.class)
                .orElse(c.channel()).equals(originTopic)).findFirst();
    }

    private List<ConsumerRecord<String, String>> read() {
        Map<String, Object> settings = new HashMap<>(kafkaSecurity.settings());
        settings.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> partitions = consumer.listTopics(Duration.ofSeconds(10)).getOrDefault(topic, List.of());
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(10));
            List<ConsumerRecord<String, String>> letters = new ArrayList<>();
            Instant deadline = clock.instant().plusSeconds(30);
            while (letters.size() < MAX_LETTERS && assigned.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (clock.instant().isAfter(deadline)) {
                    throw new org.apache.kafka.common.errors.TimeoutException("reading " + topic + " took longer than 30 s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
            }
            letters.sort(java.util.Comparator.comparing(ConsumerRecord<String, String>::timestamp)
                    .thenComparing(ConsumerRecord::partition).thenComparing(ConsumerRecord::offset));
            return letters;
        }
    }

    private DeadLetter letter(ConsumerRecord<String, String> record, Redrive redriven) {
        EventEnvelope envelope = null;
        try {
            envelope = record.value() == null ? null : codec.read(record.value());
        } catch (RuntimeException unreadable) {
            // A garbage letter still lists, with its reason and origin.
        }
        String originPartition = header(record, "dead-letter-partition");
        String originOffset = header(record, "dead-letter-offset");
        return new DeadLetter(id(record.partition(), record.offset()), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), header(record, "dead-letter-reason"),
                header(record, "dead-letter-cause"), header(record, "dead-letter-topic"),
                originPartition == null ? null : Integer.valueOf(originPartition),
                originOffset == null ? null : Long.valueOf(originOffset),
                envelope == null ? null : envelope.eventId(), envelope == null ? null : envelope.eventType(),
                envelope == null ? null : envelope.shopId(), redriven);
    }

    private static String id(int partition, long offset) {
        return partition + ":" + offset;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
