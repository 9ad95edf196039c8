package io.shipsync.eventing.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker that takes SASL/SCRAM clients only: the relay's producer, given a service's SCRAM settings, gets its
 * events through; with a wrong password, or with no settings at all, it is refused.
 */
class RelayProducerScramTest {

    private static final String USER = "order-service";
    private static final String PASSWORD = "relay-secret";
    private static final String TOPIC = "shipsync.order";
    /** The test kit's own PLAIN super-user, which provisions the SCRAM user. */
    private static final Map<String, String> KIT_ADMIN = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"plain-admin\" password=\"plain-admin-secret\";");

    private static KafkaClusterTestKit kafka;
    private static String previousJaas;

    @BeforeAll
    static void startBrokerTakingScram() throws Exception {
        previousJaas = System.getProperty("java.security.auth.login.config");
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .build())
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                // The service's user may write where it likes; ACLs are the cluster's business, not this test's.
                .setConfigProp("super.users", "User:plain-admin;User:" + USER)
                .setConfigProp("offsets.topic.replication.factor", (short) 1)
                .setConfigProp("transaction.state.log.replication.factor", (short) 1)
                .setConfigProp("transaction.state.log.min.isr", 1)
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.<String, Object>copyOf(withBootstrap(KIT_ADMIN)))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get(30, TimeUnit.SECONDS);
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        // As SharedKafka does: closing may race the broker's own threads, which would halt the test JVM.
        Exit.setHaltProcedure((status, message) -> { });
        Exit.setExitProcedure((status, message) -> { });
        kafka.close();
        if (previousJaas == null) {
            System.clearProperty("java.security.auth.login.config");
        } else {
            System.setProperty("java.security.auth.login.config", previousJaas);
        }
    }

    @Test
    void theRelaysProducerWithTheServicesScramSettingsGetsThrough() {
        Map<String, String> scram = scram(PASSWORD);

        // SCRAM credentials reach the broker through its metadata log, a moment after they are accepted.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(send(scram).topic()).isEqualTo(TOPIC));
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> send(scram("not-" + PASSWORD)))
                .satisfies(refusal -> assertThat(rootCause(refusal)).isInstanceOf(SaslAuthenticationException.class));
    }

    @Test
    void withoutSecuritySettingsTheProducerNeverGetsIn() {
        assertThatThrownBy(() -> send(Map.of()))
                .satisfies(refusal -> assertThat(rootCause(refusal)).isInstanceOf(TimeoutException.class));
    }

    private static Map<String, String> scram(String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + USER + "\" password=\"" + password + "\";");
    }

    /** Sends one record with the producer the relay builds from {@code security}. */
    private static RecordMetadata send(Map<String, String> security) throws ExecutionException, InterruptedException {
        Properties properties = new OutboxRelay(new OutboxRelay.Settings("jdbc:postgresql://127.0.0.1:5432/unused", "unused", "",
                "unused", "shipsync_outbox", kafka.bootstrapServers(), security, Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofSeconds(10)), null, new SimpleMeterRegistry()).producerProperties();
        // A refused producer would otherwise wait a minute for metadata it never gets.
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            return producer.send(new ProducerRecord<>(TOPIC, "order-1", "{}")).get();
        }
    }

    private static Throwable rootCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Map<String, String> withBootstrap(Map<String, String> security) {
        Map<String, String> settings = new HashMap<>(security);
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        return settings;
    }
}
