package io.shipsync.infra.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.TrackingConfig;
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

    /** The salt the service under test gives the tracking feed: pushes are signed with it. */
    public static final String TRACKING_SALT = "test-tracking-salt";

    private static final TrackingConfig FEED = TrackingConfig.defaults();

    private static PlatformSim sim;
    private static int servicePort;

    public static synchronized PlatformSim sim() {
        if (sim == null) {
            // Push retries 1000× faster than the platform's schedule; a timeout fault outlasts our 5 s client timeout.
            // Tracking pushes come when a test asks for them (pushNext), not on the demo's schedule.
            sim = PlatformSim.start(PlatformSim.Config.defaults().withPushRetryScale(0.001).withStockUpdatesPerSecond(0)
                    .withFaultHold(Duration.ofSeconds(8)).withTracking(FEED.withAutomatic(false)));
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
        TrackingConfig feed = FEED;
        return Map.ofEntries(Map.entry("shipsync.wechat.api-url", started.baseUrl()),
                Map.entry("quarkus.http.test-port", Integer.toString(servicePort)),
                // The tracking feed (kuaidi100 and 快递鸟) is the simulator's too, with its keys.
                Map.entry("shipsync.tracking-feed.kuaidi100.url", started.baseUrl()),
                Map.entry("shipsync.tracking-feed.kuaidi100.autonumber-url", started.baseUrl()),
                Map.entry("shipsync.tracking-feed.kuaidi100.key", feed.kuaidi100Key()),
                Map.entry("shipsync.tracking-feed.kuaidi100.customer", feed.kuaidi100Customer()),
                Map.entry("shipsync.tracking-feed.kuaidi100.salt", TRACKING_SALT),
                Map.entry("shipsync.tracking-feed.kdniao.url", started.baseUrl()),
                Map.entry("shipsync.tracking-feed.kdniao.business-id", feed.kdniaoEBusinessId()),
                Map.entry("shipsync.tracking-feed.kdniao.app-key", feed.kdniaoAppKey()),
                Map.entry("shipsync.tracking-feed.callback-url", serviceUrl() + "/tracking-feed/kuaidi100/push"));
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
