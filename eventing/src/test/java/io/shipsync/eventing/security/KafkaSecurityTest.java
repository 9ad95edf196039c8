package io.shipsync.eventing.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSecurityTest {

    @Test
    void takesTheSecuritySettingsAmongAServicesKafkaSettingsAndNothingElse() {
        Map<String, Object> kafka = Map.of("bootstrap.servers", "kafka:9093", "group.id", "order-service",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"order-service\" password=\"s\";",
                "ssl.truststore.location", "/etc/kafka/ca.p12", "ssl.truststore.type", "PKCS12",
                "tls-configuration-name", "kafka");

        assertThat(KafkaSecurity.of(kafka)).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location", "ssl.truststore.type", "tls-configuration-name")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void noneSetMeansNoneAdded() {
        assertThat(KafkaSecurity.of(Map.of("bootstrap.servers", "127.0.0.1:9092", "group.id", "order-service"))).isEmpty();
    }
}
