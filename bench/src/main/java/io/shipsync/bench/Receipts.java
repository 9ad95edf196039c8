package io.shipsync.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A plain consumer of one topic that notes when each event id is first received ({@link System#nanoTime()},
 * comparable with the writers' commit times in this JVM) and how many records repeat an id.
 */
final class Receipts implements AutoCloseable {

    private final Map<String, Long> firstReceived = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile int valueBytes;
    private volatile Throwable failure;

    Receipts(String bootstrapServers, String topic, int partitions) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        // assign() rather than a group: no rebalance can pause receipt in the middle of a measurement.
        consumer.assign(IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p)).toList());
        thread = new Thread(this::receive, "bench-consumer");
        thread.start();
    }

    private void receive() {
        try {
            while (true) {
                var records = consumer.poll(Duration.ofMillis(200));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    Header id = record.headers().lastHeader("id");
                    if (id == null) {
                        continue;
                    }
                    if (firstReceived.putIfAbsent(new String(id.value(), StandardCharsets.UTF_8), now) != null) {
                        duplicates.incrementAndGet();
                    }
                    valueBytes = record.value().length;
                }
            }
        } catch (WakeupException closing) {
            // close() asked the loop to end
        } catch (Throwable e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** When {@code id} was first received, or null. */
    Long receivedAt(String id) {
        return firstReceived.get(id);
    }

    int distinct() {
        return firstReceived.size();
    }

    long duplicates() {
        return duplicates.get();
    }

    /** Size of the last record value received: the outbox payload as PostgreSQL's jsonb renders it. */
    int valueBytes() {
        return valueBytes;
    }

    Throwable failure() {
        return failure;
    }

    long missing(List<String> ids) {
        return ids.stream().filter(id -> !firstReceived.containsKey(id)).count();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
