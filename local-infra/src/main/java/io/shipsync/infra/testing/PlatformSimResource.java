package io.shipsync.infra.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shipsync.sim.PlatformSim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

/**
 * platform-sim, embedded on a loopback port, plays WeChat Shop for the service under test; the service
 * gets a fixed HTTP port so the simulator can push to its callback URL.
 */
public class PlatformSimResource implements QuarkusTestResourceLifecycleManager {

    private static PlatformSim sim;
    private static int servicePort;

    public static synchronized PlatformSim sim() {
        if (sim == null) {
            // Push retries 1000× faster than the platform's schedule; a timeout fault outlasts our 5 s client timeout.
            sim = PlatformSim.start(PlatformSim.Config.defaults().withPushRetryScale(0.001)
                    .withStockUpdatesPerSecond(0).withFaultHold(Duration.ofSeconds(8)));
            servicePort = freePort();
        }
        return sim;
    }

    /** Where the service under test answers, e.g. for callback URLs. */
    public static String serviceUrl() {
        sim();
        return "http://127.0.0.1:" + servicePort;
    }

    @Override
    public Map<String, String> start() {
        PlatformSim started = sim();
        return Map.of("shipsync.wechat.api-url", started.baseUrl(),
                "quarkus.http.test-port", Integer.toString(servicePort));
    }

    @Override
    public void stop() {
        // The simulator lives as long as the JVM: later test classes reuse it.
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
