package io.shipsync.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the launcher through its command-line entry point against real broker processes. The steps
 * build on each other (one broker, started once and restarted once) to stay well under a minute.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerTest {

    private static final String TOPIC = "launcher-check";

    @TempDir
    static Path tmp;

    private Path dataDir;
    private int port;
    private int controllerPort;
    private String clusterId;

    @BeforeAll
    void pickFreePorts() throws IOException {
        dataDir = tmp.resolve("kafka");
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = a.getLocalPort();
            controllerPort = b.getLocalPort();
        }
    }

    @AfterAll
    void stopBroker() {
        launcher("stop", dataDir, port, controllerPort);
    }

    @Test
    @Order(1)
    void startsABrokerThatCarriesARecord() throws Exception {
        Result start = launcher("start", dataDir, port, controllerPort);

        assertThat(start.code).as(start.text()).isZero();
        assertThat(start.out).contains("Formatted KRaft storage")
                .contains("Kafka broker ready: bootstrap 127.0.0.1:" + port + " (pid " + pid() + ", data "
                        + dataDir + ")");
        clusterId = metaProperties().getProperty("cluster.id");
        assertThat(Files.readString(dataDir.resolve("cluster.id")).trim()).isEqualTo(clusterId);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(TOPIC, "order-1", "hello")).get();
        }
        assertThat(readTopic()).containsExactly("order-1=hello");
    }

    @Test
    @Order(2)
    void secondStartOnTheSameDataDirIsIdempotent() throws IOException {
        long pid = pid();

        Result again = launcher("start", dataDir, port, controllerPort);

        assertThat(again.code).as(again.text()).isZero();
        assertThat(again.out).contains("already running").contains("pid " + pid);
        assertThat(pid()).isEqualTo(pid);
    }

    @Test
    @Order(3)
    void refusesPortsTakenByAnotherProcessBeforeSpawningAnything() throws IOException {
        Path other = tmp.resolve("other");
        int freeControllerPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freeControllerPort = s.getLocalPort();
        }

        Result clientPort = launcher("start", other, port, freeControllerPort);
        Result controller = launcher("start", other, freeControllerPort, controllerPort);

        assertThat(clientPort.code).isEqualTo(KafkaBroker.PORT_IN_USE);
        assertThat(clientPort.err)
                .contains("port " + port + " is already in use by another process; stop it or pass --port");
        assertThat(controller.code).isEqualTo(KafkaBroker.PORT_IN_USE);
        assertThat(controller.err)
                .contains("controller port " + controllerPort + " is already in use by another process");
        assertThat(other.resolve("kafka.pid")).doesNotExist();
        assertThat(other.resolve("data")).doesNotExist();
    }

    @Test
    @Order(4)
    void stopLeavesNoProcess() throws IOException {
        long pid = pid();

        Result stop = launcher("stop", dataDir, port, controllerPort);

        assertThat(stop.code).as(stop.text()).isZero();
        assertThat(stop.out).contains("Kafka broker stopped (pid " + pid + ")");
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(dataDir.resolve("kafka.pid")).doesNotExist();
        assertThat(launcher("stop", dataDir, port, controllerPort).out).contains("not running");
        assertThat(launcher("status", dataDir, port, controllerPort).code).isEqualTo(KafkaBroker.NOT_RUNNING);
    }

    @Test
    @Order(5)
    void restartOnTheSameDataDirKeepsTheData() throws Exception {
        Result start = launcher("start", dataDir, port, controllerPort);

        assertThat(start.code).as(start.text()).isZero();
        assertThat(start.out).doesNotContain("Formatted").contains("Kafka broker ready");
        assertThat(metaProperties().getProperty("cluster.id")).isEqualTo(clusterId);
        assertThat(readTopic()).containsExactly("order-1=hello");
        Result status = launcher("status", dataDir, port, controllerPort);
        assertThat(status.code).isZero();
        assertThat(status.out).contains("Kafka broker running: bootstrap 127.0.0.1:" + port);
    }

    private List<String> readTopic() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            // assign() instead of a group: no coordinator round trips, and every partition is read from the start
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            List<String> records = new ArrayList<>();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(record.key() + "=" + record.value());
                }
            }
            return records;
        }
    }

    private long pid() throws IOException {
        return Long.parseLong(Files.readString(dataDir.resolve("kafka.pid")).trim());
    }

    private Properties metaProperties() throws IOException {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve("data").resolve("meta.properties"))) {
            meta.load(in);
        }
        return meta;
    }

    private String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private static Result launcher(String command, Path dir, int port, int controllerPort) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = KafkaBroker.run(new String[] {command, "--data-dir", dir.toString(), "--port", String.valueOf(port),
                        "--controller-port", String.valueOf(controllerPort), "--timeout", "45"}, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
        String text() {
            return out + err;
        }
    }
}
