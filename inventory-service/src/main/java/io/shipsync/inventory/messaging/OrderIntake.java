package io.shipsync.inventory.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.shipsync.eventing.failure.Failures;
import io.shipsync.eventing.inbox.ConsumerStalls;
import io.shipsync.eventing.security.KafkaSecurity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * How far this service has got with the order events (订单事件) on {@code shipsync.order}: whether every event
 * published up to now has been handled, so the stock figures already count every order announced so far. A
 * partition is handled up to the larger of the offset this replica's consumers handled last and the offset its
 * consumer group committed (other replicas' partitions, committed every few seconds). A partition whose record
 * waits for a dependency ({@link ConsumerStalls}) is behind, whatever the offsets say.
 */
@ApplicationScoped
public class OrderIntake {

    private static final Logger LOG = Logger.getLogger(OrderIntake.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int ADMIN_TIMEOUT_MS = 5_000;

    private final Map<TopicPartition, Long> handled = new ConcurrentHashMap<>();
    private final ConsumerStalls stalls;
    private final String bootstrap;
    private final Map<String, String> kafkaSecurity;
    private final String topic;
    private final String group;
    private volatile Admin admin;

    OrderIntake(ConsumerStalls stalls, Config config, KafkaSecurity kafkaSecurity) {
        this.stalls = stalls;
        this.bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        this.kafkaSecurity = kafkaSecurity.settings();
        String channel = "mp.messaging.incoming." + OrderEventsConsumer.CHANNEL + ".";
        this.topic = config.getValue(channel + "topic", String.class);
        this.group = config.getOptionalValue(channel + "group.id", String.class)
                .orElseGet(() -> config.getValue("quarkus.application.name", String.class));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** The record at {@code offset} has been handled (applied, or found applied before). */
    void handled(String recordTopic, int partition, long offset) {
        handled.merge(new TopicPartition(recordTopic, partition), offset + 1, Math::max);
    }

    /**
     * Whether every order event published by now has been handled, waiting up to {@code within} for the consumers
     * to get there; false when they do not, when a partition is stalled, or when the broker cannot tell.
     */
    public boolean caughtUp(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            Map<TopicPartition, Long> published = published();
            while (true) {
                Map<TopicPartition, Long> behind = behind(published);
                if (behind.isEmpty() && !stalled()) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    LOG.infof("order events not all handled within %s: %s behind, stalled %s", within, behind,
                            stalls.current().keySet());
                    return false;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warnf("cannot tell whether order events are all handled: %s", Failures.describe(e));
            return false;
        }
    }

    /** Partitions not handled up to {@code published}, with how far they are. */
    private Map<TopicPartition, Long> behind(Map<TopicPartition, Long> published) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> behind = new HashMap<>();
        published.forEach((partition, end) -> {
            OffsetAndMetadata commit = committed.get(partition);
            long upTo = Math.max(handled.getOrDefault(partition, 0L), commit == null ? 0 : commit.offset());
            if (upTo < end) {
                behind.put(partition, end - upTo);
            }
        });
        return behind;
    }

    /** The end of each partition of the topic now. */
    private Map<TopicPartition, Long> published() throws Exception {
        List<TopicPartition> partitions = admin().describeTopics(List.of(topic)).allTopicNames()
                .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        return admin().listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private boolean stalled() {
        return stalls.current().keySet().stream().anyMatch(tp -> tp.startsWith(topic + "-"));
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> settings = new HashMap<>(kafkaSecurity);
                    settings.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            AdminClientConfig.CLIENT_ID_CONFIG, group + "-order-intake",
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS));
                    admin = Admin.create(settings);
                }
            }
        }
        return admin;
    }
}
