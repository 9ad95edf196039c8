package io.shipsync.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shipsync.infra.testing.SharedKafka;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged order-service in production's profile: without a key for the platform credentials it stores, it
 * refuses to start and names the setting; given one, it seals at start the plaintext rows a ShipSync from before
 * sealing left in its database.
 */
class SecretsAtStartIT {

    private static final Path ROOT = Path.of(System.getProperty("shipsync.root", ".."));
    private static final Path JAR = ROOT.resolve("order-service/target/quarkus-app/quarkus-run.jar");
    private static final String DB = "shipsync_it_secrets";
    private static final List<String> PLAINTEXT = List.of("plain-app-secret-0001", "plainpushtoken0001",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "plain-access-token-0001");

    @Test
    void withoutAKeyTheServiceRefusesToStartAndWithOneItSealsThePlaintextItFinds() throws Exception {
        TestDatabase.recreate(DB, TestDatabase.serviceRole("order-service"));
        Map<String, String> config = new HashMap<>(TestTokens.serviceConfig());
        config.put("quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(DB));
        config.put("quarkus.datasource.username", TestDatabase.ownerOf(DB));
        config.put("kafka.bootstrap.servers", SharedKafka.bootstrapServers());

        Exit refused = startWithoutKey(config);
        assertThat(refused.status()).isNotZero();
        assertThat(refused.output()).contains("shipsync.secrets.keys", "SHIPSYNC_SECRETS_KEYS");

        // the tables are there (Flyway ran before the check); a ShipSync from before sealing filled them
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            sql.executeUpdate("""
                    INSERT INTO platform_accounts (shop_id, app_id, app_secret, push_token, encoding_aes_key, updated_at)
                    VALUES ('shop-before', 'wxbefore00000001', '%s', '%s', '%s', now())""".formatted(
                    PLAINTEXT.get(0), PLAINTEXT.get(1), PLAINTEXT.get(2)));
            sql.executeUpdate("""
                    INSERT INTO platform_access_tokens (shop_id, access_token, expires_at, refreshed_at)
                    VALUES ('shop-before', '%s', now() + interval '1 hour', now())""".formatted(PLAINTEXT.get(3)));
        }

        try (ServiceProcess order = ServiceProcess.start("order-service", "order-secrets", config)) {
            assertThat(order.alive()).isTrue();
            List<String> stored = stored();
            assertThat(stored).hasSize(4).allSatisfy(value -> assertThat(value).startsWith("v1:run:"));
            List<String> rows = rows();
            for (String secret : PLAINTEXT) {
                assertThat(rows).noneMatch(row -> row.contains(secret));
            }
        }
    }

    private record Exit(int status, String output) {
    }

    /** The packaged service with {@code config} and no secrets key at all, until it exits. */
    private static Exit startWithoutKey(Map<String, String> config) throws Exception {
        assertThat(JAR).as("package order-service first").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=" + ServiceProcess.freePort()));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = Files.createDirectories(Path.of("target", "system-tests")).resolve("order-no-secrets-key.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SHIPSYNC_SECRETS_"));
        Process process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> !process.isAlive());
        } finally {
            process.destroyForcibly();
        }
        return new Exit(process.exitValue(), Files.readString(log));
    }

    private static List<String> stored() throws Exception {
        try (Connection db = connect(); PreparedStatement read = db.prepareStatement("""
                SELECT app_secret FROM platform_accounts WHERE shop_id = 'shop-before'
                UNION ALL SELECT push_token FROM platform_accounts WHERE shop_id = 'shop-before'
                UNION ALL SELECT encoding_aes_key FROM platform_accounts WHERE shop_id = 'shop-before'
                UNION ALL SELECT access_token FROM platform_access_tokens WHERE shop_id = 'shop-before'""");
             ResultSet rows = read.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    /** Both tables' rows, each read as text whole. */
    private static List<String> rows() throws Exception {
        try (Connection db = connect(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("""
                     SELECT a::text FROM platform_accounts a UNION ALL SELECT t::text FROM platform_access_tokens t""")) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(TestDatabase.jdbcUrl(DB), TestDatabase.USER, TestDatabase.PASSWORD);
    }
}
