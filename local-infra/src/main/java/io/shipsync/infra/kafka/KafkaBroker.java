package io.shipsync.infra.kafka;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

import kafka.tools.StorageTool;

/**
 * Runs a single-node KRaft Kafka broker (combined broker+controller) as its own OS process, so local
 * development needs neither Docker nor a Kafka distribution: the broker runs from the jars already on
 * this module's classpath.
 *
 * <p>Exit codes: 0 success, 1 failure, 2 a port is taken by something else, 3 not running (status),
 * 64 usage error.
 */
public final class KafkaBroker {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int PORT_IN_USE = 2;
    public static final int NOT_RUNNING = 3;
    public static final int USAGE = 64;

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration STATUS_PROBE = Duration.ofSeconds(3);
    private static final String BROKER_MAIN = BrokerMain.class.getName();

    private final BrokerSettings settings;
    private final PrintStream out;
    private final PrintStream err;

    public KafkaBroker(BrokerSettings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // The admin client logs every refused connection while the broker boots; the launcher reports itself.
        JvmLogging.install(Level.WARNING, Map.of("org.apache.kafka", Level.OFF));
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The whole command line behaviour, callable from tests: parses, dispatches, returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            out.println(BrokerSettings.USAGE);
            return OK;
        }
        BrokerSettings settings;
        try {
            settings = BrokerSettings.parse(args, env, System.getProperty("java.class.path"));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(BrokerSettings.USAGE);
            return USAGE;
        }
        KafkaBroker broker = new KafkaBroker(settings, out, err);
        return switch (settings.command()) {
            case "start" -> broker.start();
            case "stop" -> broker.stop();
            default -> broker.status();
        };
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    public Path pidFile() {
        return dataDir().resolve("kafka.pid");
    }

    public Path logFile() {
        return dataDir().resolve("kafka.log");
    }

    public Path serverProperties() {
        return dataDir().resolve("server.properties");
    }

    /** The directory holding the partitions and the KRaft metadata log. */
    public Path logDir() {
        return dataDir().resolve("data");
    }

    /** The broker process recorded in the pid file, if it is still alive and is this data dir's broker. */
    public Optional<ProcessHandle> process() {
        return readPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).filter(this::isThisBroker);
    }

    public int start() {
        try {
            Optional<ProcessHandle> running = process();
            if (running.isPresent()) {
                return alreadyRunning(running.get());
            }
            Files.deleteIfExists(pidFile());
            String taken = takenPort();
            if (taken != null) {
                err.println(taken);
                return PORT_IN_USE;
            }
            Files.createDirectories(logDir());
            writeServerProperties();
            if (!Files.exists(logDir().resolve("meta.properties")) && !format()) {
                return FAILED;
            }
            return launch();
        } catch (IOException e) {
            err.println("Kafka broker failed to start: " + e.getMessage());
            return FAILED;
        }
    }

    public int stop() {
        Optional<ProcessHandle> running = process();
        if (running.isEmpty()) {
            deletePidFile();
            out.println("Kafka broker is not running (data " + dataDir() + ")");
            return OK;
        }
        ProcessHandle broker = running.get();
        broker.destroy();
        if (awaitExit(broker, STOP_GRACE)) {
            out.println("Kafka broker stopped (pid " + broker.pid() + ")");
        } else {
            broker.destroyForcibly();
            awaitExit(broker, Duration.ofSeconds(10));
            out.println("Kafka broker did not stop within " + STOP_GRACE.toSeconds() + " s; killed (pid "
                    + broker.pid() + ")");
        }
        deletePidFile();
        return OK;
    }

    public int status() {
        Optional<ProcessHandle> running = process();
        if (running.isEmpty()) {
            out.println("Kafka broker is not running (data " + dataDir() + ")");
            return NOT_RUNNING;
        }
        String bootstrap = runningBootstrap();
        if (answers(bootstrap, STATUS_PROBE, running.get())) {
            out.println("Kafka broker running: bootstrap " + bootstrap + " (pid " + running.get().pid() + ", data "
                    + dataDir() + ")");
            return OK;
        }
        out.println("Kafka broker process " + running.get().pid() + " is alive but not answering on " + bootstrap
                + " (data " + dataDir() + ")");
        return NOT_RUNNING;
    }

    private int alreadyRunning(ProcessHandle broker) {
        String bootstrap = runningBootstrap();
        // A broker started moments ago by someone else may still be booting: give it the same patience.
        if (answers(bootstrap, settings.timeout(), broker)) {
            out.println("Kafka broker already running: bootstrap " + bootstrap + " (pid " + broker.pid()
                    + ", data " + dataDir() + ")");
            return OK;
        }
        err.println("Kafka broker process " + broker.pid() + " is alive but did not answer on " + bootstrap
                + " within " + settings.timeout().toSeconds() + " s; run stop first. Last lines of "
                + logFile() + ":");
        err.println(tail(logFile()));
        return FAILED;
    }

    /** The message naming the first requested port that something else holds, or null when both are free. */
    private String takenPort() throws IOException {
        if (!isFree(settings.port())) {
            return "port " + settings.port() + " is already in use by another process; stop it or pass --port";
        }
        if (!isFree(settings.controllerPort())) {
            return "controller port " + settings.controllerPort()
                    + " is already in use by another process; stop it or pass --controller-port";
        }
        return null;
    }

    private boolean isFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), port));
            return true;
        } catch (BindException e) {
            // Other bind failures (e.g. a host that is not a local address) are not about the port.
            if (e.getMessage() != null && e.getMessage().contains("in use")) {
                return false;
            }
            throw e;
        }
    }

    private void writeServerProperties() throws IOException {
        String host = settings.host();
        String config = String.join("\n",
                "# Written by io.shipsync.infra.kafka.KafkaBroker on every start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + host + ":" + settings.controllerPort(),
                "listeners=PLAINTEXT://" + host + ":" + settings.port() + ",CONTROLLER://" + host + ":"
                        + settings.controllerPort(),
                "advertised.listeners=PLAINTEXT://" + settings.bootstrap() + ",CONTROLLER://" + host + ":"
                        + settings.controllerPort(),
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + logDir(),
                "num.partitions=3",
                "default.replication.factor=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
        Files.writeString(serverProperties(), config, StandardCharsets.UTF_8);
    }

    /**
     * Formats the log dir as a single-voter dynamic quorum, as {@code kafka-storage format --standalone} does.
     * Runs in this JVM; the tool's report goes to DIR/kafka.log. The cluster id is kept in DIR/cluster.id so
     * a format retried after a failure reuses it.
     */
    private boolean format() throws IOException {
        Path idFile = dataDir().resolve("cluster.id");
        if (!Files.exists(idFile)) {
            Files.writeString(idFile, Uuid.randomUuid() + "\n", StandardCharsets.UTF_8);
        }
        String clusterId = Files.readString(idFile, StandardCharsets.UTF_8).trim();
        int exit;
        try (PrintStream log = new PrintStream(new FileOutputStream(logFile().toFile(), true), true,
                StandardCharsets.UTF_8)) {
            try {
                exit = StorageTool.execute(new String[] {"format", "--config", serverProperties().toString(),
                        "--cluster-id", clusterId, "--standalone"}, log);
            } catch (RuntimeException e) {
                log.println(e.getMessage());
                exit = FAILED;
            }
        }
        if (exit != 0) {
            err.println("Formatting " + logDir() + " failed; last lines of " + logFile() + ":");
            err.println(tail(logFile()));
            return false;
        }
        out.println("Formatted KRaft storage " + logDir() + " (cluster id " + clusterId + ")");
        return true;
    }

    private int launch() throws IOException {
        // The classpath goes through an argument file: short `ps` lines, and /proc cmdline (read by
        // isThisBroker) is not truncated before the main class.
        Path classpathArgs = dataDir().resolve("classpath.args");
        String quoted = settings.classpath().replace("\\", "\\\\").replace("\"", "\\\"");
        Files.writeString(classpathArgs, "-cp \"" + quoted + "\"\n", StandardCharsets.UTF_8);
        Process broker = new ProcessBuilder(javaCommand(), "-Xms256m", "-Xmx1g", "@" + classpathArgs,
                BROKER_MAIN, serverProperties().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        broker.getOutputStream().close();
        Files.writeString(pidFile(), broker.pid() + "\n", StandardCharsets.UTF_8);
        if (answers(settings.bootstrap(), settings.timeout(), broker.toHandle())) {
            out.println("Kafka broker ready: bootstrap " + settings.bootstrap() + " (pid " + broker.pid() + ", data "
                    + dataDir() + ")");
            return OK;
        }
        String why = broker.isAlive()
                ? "did not answer within " + settings.timeout().toSeconds() + " s"
                : "exited with code " + broker.exitValue();
        // Taken before the kill, so it shows why the broker got stuck rather than its shutdown.
        String tail = tail(logFile());
        broker.destroy();
        if (!awaitExit(broker.toHandle(), Duration.ofSeconds(10))) {
            broker.destroyForcibly();
            awaitExit(broker.toHandle(), Duration.ofSeconds(10));
        }
        deletePidFile();
        err.println("Kafka broker " + why + "; stopped it. Last lines of " + logFile() + ":");
        err.println(tail);
        return FAILED;
    }

    /** True once describeCluster answers with at least one node; gives up early if the process dies. */
    private static boolean answers(String bootstrap, Duration timeout, ProcessHandle broker) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // An admin client facing a closed port re-bootstraps in a tight loop; wait for the listener first.
            while (!accepts(bootstrap)) {
                if (!broker.isAlive() || System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(100);
            }
            Properties config = new Properties();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(config)) {
                while (broker.isAlive()) {
                    long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (remainingMs <= 0) {
                        return false;
                    }
                    int attemptMs = (int) Math.min(remainingMs, 2_000);
                    try {
                        if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(attemptMs)).nodes()
                                .get(attemptMs + 1_000L, TimeUnit.MILLISECONDS).isEmpty()) {
                            return true;
                        }
                    } catch (ExecutionException | TimeoutException notYet) {
                        Thread.sleep(100); // listening but not yet registered with the controller
                    }
                }
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean accepts(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The bootstrap the running broker was started with, which may differ from this command's options. */
    private String runningBootstrap() {
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(serverProperties())) {
            config.load(in);
        } catch (IOException e) {
            return settings.bootstrap();
        }
        String listeners = config.getProperty("advertised.listeners", "");
        for (String listener : listeners.split(",")) {
            if (listener.startsWith("PLAINTEXT://")) {
                return listener.substring("PLAINTEXT://".length());
            }
        }
        return settings.bootstrap();
    }

    /** Guards against a recycled pid: only a kafka.Kafka JVM running this data dir's config counts. */
    private boolean isThisBroker(ProcessHandle process) {
        return process.info().commandLine()
                .map(line -> line.contains(BROKER_MAIN) && line.contains(serverProperties().toString()))
                .orElse(true);
    }

    private Optional<Long> readPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile(), StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The last lines of a possibly large log, read from its end. */
    static String tail(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, 8_192);
            byte[] buffer = new byte[size];
            raf.seek(length - size);
            raf.readFully(buffer);
            List<String> lines = new ArrayList<>(List.of(new String(buffer, StandardCharsets.UTF_8).split("\n")));
            if (size < length) {
                lines.remove(0); // cut mid-line by the 8 KiB window
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
