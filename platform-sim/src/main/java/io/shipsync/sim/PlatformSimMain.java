package io.shipsync.sim;

import io.shipsync.sim.demo.DemoTraffic;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Runs the simulator standalone for the demo and load runs:
 * <pre>
 * java -cp … io.shipsync.sim.PlatformSimMain --port 8090 [--print-port 12705] [--host 127.0.0.1]
 *      [--demo-shop builtin|FILE.json]
 *      [--callback-url URL] [--push-retry-scale 1.0] [--push-timeout-ms 5000] [--stock-updates-per-second 5]
 *      [--demo-traffic --order-service URL [--inventory-service URL] [--logistics-service URL] --token-file FILE]
 *      [--tracking-step-every 20s] [--tracking-automatic true] [--kuaidi100-key KEY] [--kuaidi100-customer ID]
 *      [--kdniao-ebusiness-id ID] [--kdniao-app-key KEY] [--kdniao-callback-url URL]
 * </pre>
 * A demo shop file is {@code {"shop": ShopSpec, "products": [ProductSpec…], "ewaybillAccounts": [EwaybillAccountSpec…]}}
 * ({@code ewaybillAccounts} optional: each replaces the account the simulator binds for its carrier, so that a
 * restarted simulator shows ShipSync the same accounts); {@code builtin} loads the bundled {@code demo-shop} one. {@code --callback-url} sets (or replaces) the demo shop's push URL. {@code --demo-traffic}
 * runs {@link DemoTraffic} on the demo shop against ShipSync, with the operator token in the token file; with
 * {@code --logistics-service} its orders are mostly printed there (打单, through this simulator's print component)
 * and declared by order-service's auto-ship. The tracking feeds (kuaidi100, 快递鸟) answer on the same port and
 * push subscribed numbers on the compressed schedule ({@code --tracking-step-every} per 4 carrier hours).
 */
public final class PlatformSimMain {

    /** A shop, its catalogue and (optional) its e-waybill accounts, preloaded at start. */
    record DemoShop(ShopSpec shop, List<ProductSpec> products, List<EwaybillAccountSpec> ewaybillAccounts) {
    }

    private PlatformSimMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        PlatformSim.Config config = PlatformSim.Config.defaults().withPort(8090).withPrintPort(12705);
        String demoShop = null;
        String callbackUrl = null;
        boolean demoTraffic = false;
        URI orderService = null;
        URI inventoryService = null;
        URI logisticsService = null;
        Path tokenFile = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--demo-traffic")) {
                demoTraffic = true;
                continue;
            }
            if (i + 1 >= args.length) {
                usage("missing value for " + flag);
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--port" -> config = config.withPort(Integer.parseInt(value));
                    case "--print-port" -> config = config.withPrintPort(Integer.parseInt(value));
                    case "--host" -> config = config.withHost(value);
                    case "--push-retry-scale" -> config = config.withPushRetryScale(Double.parseDouble(value));
                    case "--push-timeout-ms" ->
                            config = config.withPushTimeout(Duration.ofMillis(Long.parseLong(value)));
                    case "--stock-updates-per-second" ->
                            config = config.withStockUpdatesPerSecond(Integer.parseInt(value));
                    case "--demo-shop" -> demoShop = value;
                    case "--callback-url" -> callbackUrl = value;
                    case "--order-service" -> orderService = URI.create(value);
                    case "--inventory-service" -> inventoryService = URI.create(value);
                    case "--logistics-service" -> logisticsService = URI.create(value);
                    case "--token-file" -> tokenFile = Path.of(value);
                    case "--tracking-step-every" -> config = config.withTrackingStepEvery(duration(value));
                    case "--tracking-automatic" -> config = config.withTracking(
                            config.tracking().withAutomatic(bool(value)));
                    case "--kuaidi100-key" -> config = config.withTracking(
                            config.tracking().withKuaidi100(value, config.tracking().kuaidi100Customer()));
                    case "--kuaidi100-customer" -> config = config.withTracking(
                            config.tracking().withKuaidi100(config.tracking().kuaidi100Key(), value));
                    case "--kdniao-ebusiness-id" -> config = config.withTracking(config.tracking().withKdniao(value,
                            config.tracking().kdniaoAppKey(), config.tracking().kdniaoCallbackUrl()));
                    case "--kdniao-app-key" -> config = config.withTracking(config.tracking().withKdniao(
                            config.tracking().kdniaoEBusinessId(), value, config.tracking().kdniaoCallbackUrl()));
                    case "--kdniao-callback-url" -> config = config.withTracking(config.tracking().withKdniao(
                            config.tracking().kdniaoEBusinessId(), config.tracking().kdniaoAppKey(), value));
                    default -> usage("unknown option " + flag);
                }
            } catch (IllegalArgumentException e) {
                usage("bad value for " + flag + ": " + value);
            }
        }
        if (demoTraffic && (demoShop == null || orderService == null || tokenFile == null)) {
            usage("--demo-traffic needs --demo-shop, --order-service and --token-file");
        }
        PlatformSim sim = PlatformSim.start(config);
        String demoShopId = null;
        if (demoShop != null) {
            DemoShop demo = loadDemoShop(demoShop);
            ShopSpec shop = callbackUrl != null ? demo.shop().withCallbackUrl(callbackUrl) : demo.shop();
            sim.createShop(shop);
            demo.products().forEach(product -> sim.addProduct(shop.shopId(), product));
            List<EwaybillAccountSpec> accounts = demo.ewaybillAccounts() == null ? List.of() : demo.ewaybillAccounts();
            for (EwaybillAccountSpec account : accounts) {
                sim.ewaybillAccounts(shop.shopId()).stream().filter(a -> a.deliveryId().equals(account.deliveryId()))
                        .forEach(a -> sim.removeEwaybillAccount(shop.shopId(), a.acctId()));
            }
            accounts.forEach(account -> sim.addEwaybillAccount(shop.shopId(), account));
            System.out.println("demo shop " + shop.shopId() + " (appid " + shop.appId() + ", "
                    + demo.products().size() + " products, e-waybill accounts "
                    + sim.ewaybillAccounts(shop.shopId()).stream().map(a -> a.deliveryId() + " " + a.acctId())
                    .collect(Collectors.joining(", ")) + "), pushes to "
                    + (shop.callbackUrl() != null ? shop.callbackUrl() : "nowhere (no callback URL)"));
            demoShopId = shop.shopId();
        }
        // Printed once the demo shop is loaded (a script that waits for this line finds it there), before any
        // line of the demo traffic.
        System.out.println("platform-sim listening on " + sim.baseUrl() + " (state: " + sim.baseUrl() + "/sim, print component: "
                + sim.printComponentUrl() + ")");
        TrackingConfig tracking = config.tracking();
        System.out.println("tracking feeds at " + sim.baseUrl() + ": kuaidi100 key " + tracking.kuaidi100Key()
                + " customer " + tracking.kuaidi100Customer() + ", 快递鸟 EBusinessID " + tracking.kdniaoEBusinessId()
                + " pushing to " + (tracking.kdniaoCallbackUrl() != null ? tracking.kdniaoCallbackUrl() : "nowhere")
                + "; " + (tracking.automatic() ? "automatic pushes, one step every " + tracking.stepEvery()
                : "no automatic pushes"));
        DemoTraffic traffic = demoTraffic ? DemoTraffic.start(sim,
                new DemoTraffic.Options(demoShopId, orderService, inventoryService, logisticsService, tokenFile)) : null;
        // The driver stops before the simulator it drives.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (traffic != null) {
                traffic.close();
            }
            sim.close();
        }, "platform-sim-shutdown"));
        new CountDownLatch(1).await();
    }

    /** {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT20S}). */
    static Duration duration(String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value);
        }
        String number = value.replaceAll("[a-z]+$", "");
        long amount = Long.parseLong(number);
        return switch (value.substring(number.length())) {
            case "ms" -> Duration.ofMillis(amount);
            case "s", "" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("unknown unit in " + value);
        };
    }

    private static boolean bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("true or false");
        }
        return Boolean.parseBoolean(value);
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
        System.err.println("usage: PlatformSimMain [--port 8090] [--print-port 12705] [--host 127.0.0.1]"
                + " [--demo-shop builtin|FILE.json]"
                + " [--callback-url URL] [--push-retry-scale 1.0] [--push-timeout-ms 5000]"
                + " [--stock-updates-per-second 5]"
                + " [--demo-traffic --order-service URL [--inventory-service URL] [--logistics-service URL]"
                + " --token-file FILE]"
                + " [--tracking-step-every 20s] [--tracking-automatic true] [--kuaidi100-key KEY]"
                + " [--kuaidi100-customer ID] [--kdniao-ebusiness-id ID] [--kdniao-app-key KEY]"
                + " [--kdniao-callback-url URL]");
        System.exit(2);
    }
}
