package io.shipsync.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import io.shipsync.system.ServiceApi.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 9: ShipSync keeps its promises through faults, under traffic. order-service and inventory-service run
 * as their packaged apps against a KRaft broker of their own (a process, so it can be stopped), the machine's
 * PostgreSQL (databases of their own) and an embedded platform-sim, wired as {@code ./shipsync up} wires them:
 * the shop's account registered in both, the platform pushing to order-service, both reconciliations every
 * 30 s. A buyer pays orders on the platform at a fixed rate and an operator ships each one through
 * order-service ({@link ChaosTraffic}), and one order per fault is planted drift.
 *
 * <p>Each fault is applied on its own while traffic flows: each service killed with {@code kill -9} and
 * restarted; each service's database refusing connections; PostgreSQL restarted; the broker stopped;
 * platform-sim down. Once it is over (the service ready again, connections allowed, the broker answering,
 * the platform listening) the buyer stops paying and every {@link Invariants invariant} must hold within 2
 * minutes. For the whole run the platform must never show more stock than inventory-service had available
 * ({@link StockSampler}). Durations come from {@link ChaosSettings}; the figures go to
 * {@code target/system-tests/chaos-report.txt}. How to run it: docs/reliability.md.
 */
class ChaosIT {

    private static final String SHOP = "shop-chaos";
    private static final String ORDER_DB = "shipsync_chaos_order";
    private static final String INVENTORY_DB = "shipsync_chaos_inventory";
    /** inventory-service's default warehouse: the one it mirrors to the platform. */
    private static final String WAREHOUSE = "default";
    private static final String APP_ID = "wxchaos0000000001";
    private static final String APP_SECRET = "chaos-app-secret";
    private static final String PUSH_TOKEN = "chaospushtoken";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final Duration RECOVERY_WINDOW = Duration.ofMinutes(2);
    private static final Duration TRAFFIC_BEFORE_FAULT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofSeconds(2);
    /** Enough for hours at a few orders a second: no SKU comes near the freeze level (20). */
    private static final int OPENING_STOCK = 100_000;
    private static final List<ProductSpec> CATALOGUE = List.of(
            ProductSpec.of("10000029995861", "纯棉短袖T恤",
                    new SkuSpec("1873926101", "TS-WHITE-M", 5900, OPENING_STOCK),
                    new SkuSpec("1873926102", "TS-WHITE-L", 5900, OPENING_STOCK)),
            ProductSpec.of("10000029995862", "不锈钢保温杯 500ml",
                    new SkuSpec("1873926201", "CUP-500-SILVER", 8900, OPENING_STOCK)));

    private static ChaosSettings settings;
    private static ChaosReport report;
    private static BrokerProcess broker;
    private static PlatformSim sim;
    private static Deployed orderService;
    private static Deployed inventoryService;
    private static ChaosTraffic traffic;
    private static StockSampler sampler;
    private static Invariants invariants;

    /**
     * One fault: {@code inject} breaks something, {@code recover} mends it, {@code held} for the fault duration in
     * between; {@code key} names it in {@code chaos.faults}.
     */
    private record Fault(String key, String name, Runnable inject, Runnable recover, boolean held) {
    }

    /** A service on a fixed port (the platform pushes to it, the test calls it), killed and started again. */
    private static final class Deployed {
        final String module;
        final String instance;
        final Map<String, String> config;
        final int port;
        final ServiceApi api;
        ServiceProcess process;

        Deployed(String module, String instance, Map<String, String> config, int port) {
            this.module = module;
            this.instance = instance;
            this.config = config;
            this.port = port;
            this.api = new ServiceApi(module, URI.create("http://127.0.0.1:" + port), SHOP);
        }

        void start() {
            process = ServiceProcess.start(module, instance, config, port);
        }

        void kill() {
            process.kill();
        }

        void close() {
            if (process != null) {
                process.close();
            }
        }
    }

    @BeforeAll
    static void startShipSyncUnderTraffic() throws IOException {
        settings = ChaosSettings.fromSystemProperties();
        report = new ChaosReport(settings);
        ChaosTraffic.log("starting: " + settings);
        TestDatabase.recreate(ORDER_DB, TestDatabase.serviceRole("order-service"));
        TestDatabase.recreate(INVENTORY_DB, TestDatabase.serviceRole("inventory-service"));
        broker = BrokerProcess.startFresh(Path.of("target", "chaos", "kafka"));
        int orderPort = ServiceProcess.freePort();
        sim = PlatformSim.start(PlatformSim.Config.defaults());
        sim.createShop(new ShopSpec(SHOP, APP_ID, APP_SECRET, PUSH_TOKEN, AES_KEY,
                "http://127.0.0.1:" + orderPort + "/callbacks/wechat/" + SHOP, "gh_chaos"));
        CATALOGUE.forEach(product -> sim.addProduct(SHOP, product));

        // As ./shipsync up: both reconciliations every 30 s, orders over the last hour.
        Map<String, String> orderConfig = config(ORDER_DB);
        orderConfig.put("shipsync.orders.reconcile-interval", "30s");
        orderConfig.put("shipsync.orders.reconcile-look-back", "1h");
        Map<String, String> inventoryConfig = config(INVENTORY_DB);
        inventoryConfig.put("shipsync.inventory.platform.reconcile-interval", "30s");
        orderService = new Deployed("order-service", "chaos-order", orderConfig, orderPort);
        inventoryService = new Deployed("inventory-service", "chaos-inventory", inventoryConfig, ServiceProcess.freePort());
        orderService.start();
        inventoryService.start();
        connectShop();
        receiveOpeningStock();

        traffic = ChaosTraffic.start(sim, SHOP, CATALOGUE.stream()
                .flatMap(p -> p.skus().stream().map(s -> new ChaosTraffic.Sku(p.productId(), s.skuId()))).toList(),
                orderService.api, settings.orderInterval());
        invariants = new Invariants(sim, SHOP, traffic, orderService.api, inventoryService.api, INVENTORY_DB, broker.bootstrapServers());
        await("every invariant holds before the first fault").atMost(Duration.ofMinutes(1)).pollInterval(POLL)
                .untilAsserted(() -> {
                    Map<String, List<String>> differences = invariants.differences();
                    assertThat(differences).withFailMessage(() -> ChaosReport.describe(differences)).isEmpty();
                });
        sampler = StockSampler.start(sim, SHOP, INVENTORY_DB, WAREHOUSE);
    }

    @TestFactory
    Stream<DynamicTest> everyFaultUnderTrafficIsRecoveredFromWithinTwoMinutes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            int number = round;
            for (Fault fault : faults()) {
                tests.add(dynamicTest("round " + round + ": " + fault.name(), () -> survive(number, fault)));
            }
        }
        tests.add(dynamicTest("the platform never showed more stock than inventory-service had available", ChaosIT::neverOverShown));
        return tests.stream();
    }

    @AfterAll
    static void stopEverything() {
        if (traffic != null) {
            traffic.close();
        }
        if (sampler != null) {
            sampler.close();
            String lost;
            try {
                lost = Long.toString(invariants.ordersMissingInOrderService());
            } catch (IOException e) {
                lost = "unknown (" + e.getMessage() + ")";
            }
            System.out.println(report.write(Path.of("target", "system-tests", "chaos-report.txt"), traffic.paid(), traffic.declared(),
                    traffic.plantedDrift().size(), lost, sampler.figures()));
        }
        for (Deployed service : new Deployed[] {orderService, inventoryService}) {
            if (service != null) {
                service.close();
            }
        }
        if (sim != null) {
            sim.close();
        }
        if (broker != null) {
            broker.close();
        }
        // A run stopped mid-fault must not leave a database closed to everyone.
        PostgresFaults.allowConnections(ORDER_DB);
        PostgresFaults.allowConnections(INVENTORY_DB);
        TestDatabase.dropSlots(ORDER_DB);
        TestDatabase.dropSlots(INVENTORY_DB);
    }

    private static List<Fault> faults() {
        return Stream.of(
                new Fault("order-kill", "order-service killed (kill -9), then restarted", orderService::kill, orderService::start, true),
                new Fault("inventory-kill", "inventory-service killed (kill -9), then restarted",
                        inventoryService::kill, inventoryService::start, true),
                new Fault("order-db", "order-service's database refusing connections",
                        () -> PostgresFaults.refuseConnections(ORDER_DB), () -> PostgresFaults.allowConnections(ORDER_DB), true),
                new Fault("inventory-db", "inventory-service's database refusing connections",
                        () -> PostgresFaults.refuseConnections(INVENTORY_DB), () -> PostgresFaults.allowConnections(INVENTORY_DB), true),
                new Fault("postgres-restart", "PostgreSQL restarted", PostgresFaults::restartCluster, () -> { }, false),
                new Fault("broker-stop", "Kafka broker stopped", broker::stop, broker::start, true),
                new Fault("platform-down", "platform-sim down", sim::stopServing, sim::resumeServing, true))
                .filter(fault -> settings.applies(fault.key())).toList();
    }

    /**
     * Applies the fault while the buyer pays, lifts it, stops new orders and waits up to 2 minutes from the
     * moment it was lifted for every invariant to hold.
     */
    private static void survive(int round, Fault fault) {
        StockSampler.Figures before = sampler.figures();
        traffic.resumePaying();
        Duration held = Duration.ZERO;
        Instant recovered;
        try {
            ServiceProcess.sleep(TRAFFIC_BEFORE_FAULT.toMillis()); // the fault hits flowing traffic
            ChaosTraffic.log("round " + round + ": " + fault.name());
            traffic.plantDriftInNextOrder(); // the order paid as the fault hits
            Instant injected = Instant.now();
            fault.inject().run();
            if (fault.held()) {
                ServiceProcess.sleep(settings.faultDuration().toMillis());
            }
            fault.recover().run();
            recovered = Instant.now();
            held = Duration.between(injected, recovered);
        } catch (RuntimeException e) {
            report.notRecovered(round, fault.name(), held, "the fault could not be applied or lifted: " + e, traffic.paid(),
                    sampler.figures().since(before));
            throw e;
        } finally {
            traffic.stopPaying();
        }
        ChaosTraffic.log("round " + round + ": " + fault.name() + " over after " + held.toSeconds() + " s; " + traffic.paid()
                + " orders paid, " + traffic.awaitingShipment() + " awaiting shipment");
        invariants.forgetSettled();
        AtomicReference<Map<String, List<String>>> last = new AtomicReference<>(Map.of());
        try {
            await(fault.name()).atMost(RECOVERY_WINDOW.minus(Duration.between(recovered, Instant.now())))
                    .pollDelay(Duration.ZERO).pollInterval(POLL)
                    .untilAsserted(() -> {
                        Map<String, List<String>> differences = invariants.differences();
                        last.set(differences);
                        assertThat(differences).withFailMessage(() -> ChaosReport.describe(differences)).isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            String why = "still broken " + RECOVERY_WINDOW.toSeconds() + " s after recovery:" + ChaosReport.describe(last.get());
            report.notRecovered(round, fault.name(), held, why, traffic.paid(), sampler.figures().since(before));
            throw new AssertionError(fault.name() + ": " + why, e);
        } catch (RuntimeException e) {
            report.notRecovered(round, fault.name(), held, "the invariants could not be checked: " + e, traffic.paid(),
                    sampler.figures().since(before));
            throw e;
        }
        report.recovered(round, fault.name(), held, Duration.between(recovered, Instant.now()), traffic.paid(),
                sampler.figures().since(before));
    }

    private static void neverOverShown() {
        StockSampler.Figures figures = sampler.figures();
        assertThat(figures.overShownSamples())
                .withFailMessage(() -> "the platform showed more stock than inventory-service had available: " + figures.overShown()
                        + "; worst: " + figures.worst() + " (per fault: target/system-tests/chaos-report.txt)")
                .isZero();
    }

    /** Registers the shop's WeChat Shop account in both services, as an admin does, and proves the push URL answers. */
    private static void connectShop() throws IOException {
        ObjectNode account = ServiceApi.JSON.createObjectNode().put("appId", APP_ID).put("appSecret", APP_SECRET)
                .put("pushToken", PUSH_TOKEN).put("encodingAesKey", AES_KEY);
        for (Deployed service : List.of(orderService, inventoryService)) {
            Reply reply = service.api.putAsAdmin("/platform-account", account);
            assertThat(reply.status()).as(service.module + " takes the shop's account: " + reply.problem()).isEqualTo(200);
        }
        assertThat(sim.verifyCallback(SHOP).echoed()).as("order-service passes the platform's URL verification").isTrue();
    }

    /** inventory-service receives the platform's stock as its opening stock, as the demo driver does. */
    private static void receiveOpeningStock() throws IOException {
        for (ProductSpec product : CATALOGUE) {
            for (SkuSpec sku : product.skus()) {
                ObjectNode adjustment = ServiceApi.JSON.createObjectNode().put("direction", "INCREASE").put("quantity", sku.stock())
                        .put("reason", "chaos opening stock, as on the platform").put("create", true).put("productId", product.productId());
                Reply reply = inventoryService.api.post("/skus/" + sku.skuId() + "/adjustments", adjustment);
                assertThat(reply.status()).as("opening stock of " + sku.skuId() + ": " + reply.problem()).isEqualTo(200);
            }
        }
    }

    private static Map<String, String> config(String database) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(database));
        config.put("quarkus.datasource.username", TestDatabase.ownerOf(database));
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
        config.put("shipsync.wechat.api-url", sim.baseUrl());
        return config;
    }
}
