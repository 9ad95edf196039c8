package io.shipsync.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shipsync.infra.testing.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A packaged service started in production's profile without its token settings refuses to start, naming what is
 * missing, rather than trusting a default key, issuer or audience. The audience matters most: smallrye-jwt alone
 * starts without one it cannot read, and then takes tokens made out to any audience.
 */
class ProductionWithoutJwtSettingsIT {

    private static final Path ROOT = Path.of(System.getProperty("shipsync.root", ".."));
    private static final Path JAR = ROOT.resolve("order-service/target/quarkus-app/quarkus-run.jar");

    @Test
    void withNoTokenSettingsTheServiceExitsNamingEachOne() throws Exception {
        Exit exit = startInProduction("prod-no-jwt", Map.of());

        assertThat(exit.status()).isNotZero();
        assertThat(exit.output()).contains("mp.jwt.verify.issuer", "SHIPSYNC_JWT_ISSUER",
                "mp.jwt.verify.audiences", "SHIPSYNC_JWT_AUDIENCE",
                "mp.jwt.verify.publickey.location", "SHIPSYNC_JWT_PUBLIC_KEY");
    }

    @Test
    void withKeyAndIssuerButNoAudienceTheServiceStillExitsNamingTheAudience() throws Exception {
        Map<String, String> config = Map.of("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation(),
                "mp.jwt.verify.issuer", "https://shipsync.local");

        Exit exit = startInProduction("prod-no-audience", config);

        assertThat(exit.status()).isNotZero();
        assertThat(exit.output()).contains("mp.jwt.verify.audiences", "SHIPSYNC_JWT_AUDIENCE")
                .doesNotContain("SHIPSYNC_JWT_ISSUER", "SHIPSYNC_JWT_PUBLIC_KEY");
    }

    private record Exit(int status, String output) {
    }

    /** Runs the packaged order-service with {@code -Dquarkus.profile=prod} and {@code config}, until it exits. */
    private static Exit startInProduction(String name, Map<String, String> config) throws IOException {
        assertThat(JAR).as("package order-service first").exists();
        // A database and broker nobody listens on: should the check ever let the service through, it touches nothing.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.profile=prod", "-Dquarkus.http.port=" + ServiceProcess.freePort(),
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + ServiceProcess.freePort() + "/none",
                "-Dkafka.bootstrap.servers=127.0.0.1:" + ServiceProcess.freePort()));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = Files.createDirectories(Path.of("target", "system-tests")).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Whatever this machine's environment holds, the service must find no token settings but the test's.
        builder.environment().keySet().removeIf(key -> key.startsWith("SHIPSYNC_JWT_") || key.startsWith("MP_JWT_"));
        Process process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive());
        } finally {
            process.destroyForcibly();
        }
        return new Exit(process.exitValue(), Files.readString(log));
    }
}
