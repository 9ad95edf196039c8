package io.shipsync.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone for the demo and load runs:
 * <pre>
 * java -cp … io.shipsync.sim.PlatformSimMain --port 8090 [--host 127.0.0.1] [--demo-shop builtin|FILE.json]
 *      [--callback-url URL] [--push-retry-scale 1.0] [--push-timeout-ms 5000] [--stock-updates-per-second 5]
 * </pre>
 * A demo shop file is {@code {"shop": ShopSpec, "products": [ProductSpec…]}}; {@code builtin} loads the bundled
 * {@code demo-shop} one. {@code --callback-url} sets (or replaces) the demo shop's push URL.
 */
public final class PlatformSimMain {

    /** A shop and its catalogue, preloaded at start. */
    record DemoShop(ShopSpec shop, List<ProductSpec> products) {
    }

    private PlatformSimMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        PlatformSim.Config config = PlatformSim.Config.defaults().withPort(8090);
        String demoShop = null;
        String callbackUrl = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                usage("missing value for " + flag);
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--port" -> config = config.withPort(Integer.parseInt(value));
                    case "--host" -> config = config.withHost(value);
                    case "--push-retry-scale" -> config = config.withPushRetryScale(Double.parseDouble(value));
                    case "--push-timeout-ms" ->
                            config = config.withPushTimeout(Duration.ofMillis(Long.parseLong(value)));
                    case "--stock-updates-per-second" ->
                            config = config.withStockUpdatesPerSecond(Integer.parseInt(value));
                    case "--demo-shop" -> demoShop = value;
                    case "--callback-url" -> callbackUrl = value;
                    default -> usage("unknown option " + flag);
                }
            } catch (IllegalArgumentException e) {
                usage("bad value for " + flag + ": " + value);
            }
        }
        PlatformSim sim = PlatformSim.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "platform-sim-shutdown"));
        if (demoShop != null) {
            DemoShop demo = loadDemoShop(demoShop);
            ShopSpec shop = callbackUrl != null ? demo.shop().withCallbackUrl(callbackUrl) : demo.shop();
            sim.createShop(shop);
            demo.products().forEach(product -> sim.addProduct(shop.shopId(), product));
            System.out.println("demo shop " + shop.shopId() + " (appid " + shop.appId() + ", "
                    + demo.products().size() + " products), pushes to "
                    + (shop.callbackUrl() != null ? shop.callbackUrl() : "nowhere (no callback URL)"));
        }
        // Printed last: a script that waits for this line finds the demo shop already loaded.
        System.out.println("platform-sim listening on " + sim.baseUrl() + " (state: " + sim.baseUrl() + "/sim)");
        new CountDownLatch(1).await();
    }

    private static DemoShop loadDemoShop(String source) throws IOException {
        if (source.equals("builtin")) {
            try (InputStream in = PlatformSimMain.class.getResourceAsStream("demo-shop.json")) {
                return Json.MAPPER.readValue(in, DemoShop.class);
            }
        }
        return Json.MAPPER.readValue(Files.readString(Path.of(source)), DemoShop.class);
    }

    private static void usage(String problem) {
        System.err.println("platform-sim: " + problem);
        System.err.println("usage: PlatformSimMain [--port 8090] [--host 127.0.0.1] [--demo-shop builtin|FILE.json]"
                + " [--callback-url URL] [--push-retry-scale 1.0] [--push-timeout-ms 5000]"
                + " [--stock-updates-per-second 5]");
        System.exit(2);
    }
}
