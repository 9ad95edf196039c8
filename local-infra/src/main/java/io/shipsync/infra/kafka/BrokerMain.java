package io.shipsync.infra.kafka;

import java.util.Map;
import java.util.logging.Level;

/**
 * Entry point of the broker JVM that {@link KafkaBroker} spawns: {@code kafka.Kafka} with its log made
 * visible (stderr, which the launcher appends to DIR/kafka.log). See {@link JvmLogging} for why this
 * wrapper is needed instead of running {@code kafka.Kafka} directly.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    /** @param args the server.properties path, as for {@code kafka.Kafka} */
    public static void main(String[] args) {
        JvmLogging.install(Level.INFO, Map.of());
        kafka.Kafka.main(args);
    }
}
