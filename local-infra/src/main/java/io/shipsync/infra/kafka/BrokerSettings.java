package io.shipsync.infra.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where and how the local broker runs. Built from the launcher's command line, with environment
 * variables as defaults so scripts can move the broker without repeating flags.
 *
 * @param command   start, stop or status
 * @param dataDir   holds server.properties, classpath.args, the log dir, kafka.pid, kafka.log and cluster.id
 * @param host      the only address the broker binds to and advertises
 * @param port      client (PLAINTEXT) listener
 * @param controllerPort KRaft controller listener
 * @param timeout   how long {@code start} waits for the broker to answer
 * @param classpath classpath of the broker JVM
 */
public record BrokerSettings(String command, Path dataDir, String host, int port, int controllerPort,
                             Duration timeout, String classpath) {

    static final String USAGE = """
            usage: KafkaBroker <start|stop|status> [options]
              --data-dir DIR          broker state (default ${SHIPSYNC_HOME:-.shipsync}/kafka)
              --host HOST             bind/advertise address (default 127.0.0.1, env SHIPSYNC_KAFKA_HOST)
              --port N                client port (default 9092, env SHIPSYNC_KAFKA_PORT)
              --controller-port N     KRaft controller port (default 9093, env SHIPSYNC_KAFKA_CONTROLLER_PORT)
              --timeout SECONDS       start: wait this long for the broker (default 60)""";

    public BrokerSettings {
        dataDir = dataDir.toAbsolutePath().normalize();
        if (port == controllerPort) {
            throw new IllegalArgumentException("--port and --controller-port must differ (both " + port + ")");
        }
    }

    public String bootstrap() {
        return host + ":" + port;
    }

    public BrokerSettings withDataDir(Path dir) {
        return new BrokerSettings(command, dir, host, port, controllerPort, timeout, classpath);
    }

    /** Parses {@code <command> [--option value | --option=value]...}; throws IllegalArgumentException on misuse. */
    public static BrokerSettings parse(String[] args, Map<String, String> env, String classpath) {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.isEmpty() || !List.of("start", "stop", "status").contains(rest.get(0))) {
            throw new IllegalArgumentException(rest.isEmpty() ? "missing command" : "unknown command " + rest.get(0));
        }
        String command = rest.remove(0);
        Path dataDir = Path.of(env.getOrDefault("SHIPSYNC_HOME", ".shipsync"), "kafka");
        String host = env.getOrDefault("SHIPSYNC_KAFKA_HOST", "127.0.0.1");
        int port = number("SHIPSYNC_KAFKA_PORT", env.getOrDefault("SHIPSYNC_KAFKA_PORT", "9092"));
        int controllerPort = number("SHIPSYNC_KAFKA_CONTROLLER_PORT",
                env.getOrDefault("SHIPSYNC_KAFKA_CONTROLLER_PORT", "9093"));
        int timeoutSeconds = 60;
        for (int i = 0; i < rest.size(); i++) {
            String option = rest.get(i);
            String value;
            int eq = option.indexOf('=');
            if (eq > 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            } else if (i + 1 < rest.size()) {
                value = rest.get(++i);
            } else {
                throw new IllegalArgumentException("missing value for " + option);
            }
            switch (option) {
                case "--data-dir" -> dataDir = Path.of(value);
                case "--host" -> host = value;
                case "--port" -> port = number(option, value);
                case "--controller-port" -> controllerPort = number(option, value);
                case "--timeout" -> timeoutSeconds = number(option, value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new BrokerSettings(command, dataDir, host, port, controllerPort,
                Duration.ofSeconds(timeoutSeconds), classpath);
    }

    private static int number(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0 && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(name + " needs a number between 1 and 65535, got '" + value + "'");
    }
}
