package io.shipsync.system;

import io.shipsync.infra.kafka.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A KRaft broker as its own OS process (local-infra's launcher, as {@code ./shipsync up} runs it), so a test
 * can stop it and start it again on the same ports and data, unlike the in-process test kit.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;

    private BrokerProcess(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker on fresh storage in {@code dataDir} (anything there is deleted first) and free ports. */
    static BrokerProcess startFresh(Path dataDir) {
        deleteRecursively(dataDir);
        BrokerProcess broker = new BrokerProcess(dataDir.toAbsolutePath(), ServiceProcess.freePort(), ServiceProcess.freePort());
        broker.start();
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again) and returns once it answers; the log is DATA_DIR/kafka.log. */
    void start() {
        launcher("start");
    }

    /** Stops the broker (SIGTERM, a controlled shutdown) and returns once its process is gone. */
    void stop() {
        launcher("stop");
    }

    @Override
    public void close() {
        stop();
    }

    private void launcher(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        // The launcher runs the broker JVM with this JVM's class path, which holds kafka_2.13 through local-infra.
        int code = KafkaBroker.run(new String[] {command, "--data-dir", dataDir.toString(), "--port", String.valueOf(port),
                "--controller-port", String.valueOf(controllerPort), "--timeout", "90"}, Map.of(), print, print);
        if (code != KafkaBroker.OK) {
            throw new IllegalStateException("Kafka broker " + command + " failed (exit " + code + "): "
                    + out.toString(StandardCharsets.UTF_8));
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
