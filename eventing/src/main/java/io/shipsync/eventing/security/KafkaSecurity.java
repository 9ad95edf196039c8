package io.shipsync.eventing.security;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a service authenticates to Kafka and encrypts its connections — {@code security.protocol}, {@code sasl.*},
 * {@code ssl.*} (SASL/SCRAM, mTLS) — for the Kafka clients ShipSync builds itself: the outbox relay's producer, the
 * dead-letter reader, an admin client. They are taken from the {@code kafka.*} configuration the SmallRye channels
 * use (Quarkus' {@code default-kafka-broker} map, which also reads {@code KAFKA_*} environment variables), so every
 * client of a service connects the same way and a deployment sets them once, with no code change. None set means
 * plaintext.
 */
@ApplicationScoped
public class KafkaSecurity {

    /** Quarkus' name for the map of {@code kafka.*} settings, prefix removed. */
    static final String KAFKA_CONFIG = "default-kafka-broker";
    /** Quarkus' TLS registry entry for Kafka (it also sets {@code ssl.engine.factory.class}). */
    static final String TLS_CONFIGURATION = "tls-configuration-name";

    private final Map<String, String> settings;

    KafkaSecurity(@Identifier(KAFKA_CONFIG) Map<String, Object> kafka) {
        this.settings = of(kafka);
    }

    /** The security settings, to add to a client's own. */
    public Map<String, String> settings() {
        return settings;
    }

    /** The security settings among Kafka client settings. */
    public static Map<String, String> of(Map<String, ?> kafka) {
        Map<String, String> security = new TreeMap<>();
        kafka.forEach((key, value) -> {
            if (key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.") || key.equals(TLS_CONFIGURATION)) {
                security.put(key, String.valueOf(value));
            }
        });
        return Collections.unmodifiableMap(security);
    }
}
