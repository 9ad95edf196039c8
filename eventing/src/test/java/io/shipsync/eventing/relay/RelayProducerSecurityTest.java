package io.shipsync.eventing.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The relay's own producer connects as the service's channels do: with the service's Kafka security settings. */
class RelayProducerSecurityTest {

    static final Map<String, String> SCRAM_OVER_TLS = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"order-service\" password=\"secret\";",
            "ssl.truststore.location", "/etc/kafka/ca.p12", "ssl.truststore.type", "PKCS12");

    @Test
    void theProducerCarriesTheConfiguredSecuritySettingsBesideItsOwn() {
        Properties producer = relay(SCRAM_OVER_TLS).producerProperties();

        assertThat(producer).containsAllEntriesOf(SCRAM_OVER_TLS)
                .containsEntry("bootstrap.servers", "kafka:9093").containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true");
    }

    @Test
    void withoutSecuritySettingsTheProducerIsPlaintextAsBefore() {
        Properties producer = relay(Map.of()).producerProperties();

        assertThat(producer.stringPropertyNames()).noneMatch(key -> key.startsWith("sasl.") || key.startsWith("ssl.")
                || key.equals("security.protocol"));
    }

    static OutboxRelay relay(Map<String, String> security) {
        return new OutboxRelay(new OutboxRelay.Settings("jdbc:postgresql://127.0.0.1:5432/probe", "probe", "", "probe_slot",
                "shipsync_outbox", "kafka:9093", security, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(10)),
                null, new SimpleMeterRegistry());
    }
}
