package io.shipsync.bench;

import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestSecrets;
import io.shipsync.infra.testing.TestTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packaged ShipSync service ({@code <module>/target/quarkus-app}) run as its own process, as it is deployed,
 * against the benchmark's broker, its database on the machine's PostgreSQL and a platform-sim. Its output
 * goes to {@code bench/target/<log>}; closing it stops the process.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final String baseUrl;

    private ServiceProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the service and waits until it is ready. {@code properties} are further {@code -Dkey=value}
     * settings for this run.
     */
    static ServiceProcess start(String module, String log, int port, String database, String bootstrap, String simUrl,
                                List<String> properties) throws IOException, InterruptedException {
        Path jar = Path.of(module, "target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build first (./mvnw -B -ntp -q install -DskipTests)");
        }
        Path logFile = Files.createDirectories(Path.of("bench", "target")).resolve(log);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + TestDatabase.jdbcUrl(database),
                "-Dquarkus.datasource.username=" + TestDatabase.ownerOf(database),
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dshipsync.wechat.api-url=" + simUrl,
                "-Dquarkus.log.level=WARN"));
        // production's profile has no JWT settings and no key for the platform credentials a service stores
        TestTokens.serviceConfig().forEach((key, value) -> command.add("-D" + key + "=" + value));
        TestSecrets.serviceConfig().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(properties);
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile())).start();
        ServiceProcess service = new ServiceProcess(process, "http://127.0.0.1:" + port);
        try {
            Http.waitUntil(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see " + logFile);
                }
                return Http.get(service.baseUrl + "/q/health/ready", null) == 200;
            }, Duration.ofSeconds(90));
        } catch (RuntimeException | InterruptedException e) {
            service.close();
            throw e;
        }
        return service;
    }

    String baseUrl() {
        return baseUrl;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
