package io.shipsync.bench;

import io.shipsync.infra.testing.SharedKafka;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.ApiCall;
import io.shipsync.sim.OrderItem;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.PushCrypto;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * order-service's figures: platform pushes acknowledged per second and their ack latency under load
 * (the platform gives up after 5 s), and 发货 declaration → platform acknowledgement latency with a
 * simulator that answers at once. The packaged order-service runs as its own process against an
 * in-process KRaft broker, the machine's PostgreSQL and an embedded platform-sim. Baselines in the same
 * run: the same load on order-service's liveness endpoint, and a direct delivery/send to the simulator.
 */
public final class OrderServiceBenchmark {

    private static final String DB = "shipsync_bench_order";
    private static final String SHOP = "bench-shop";
    private static final String APP_ID = "wxbench0000000001";
    private static final String PUSH_TOKEN = "benchtoken";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String SEND = "/channels/ec/order/delivery/send";
    private static final int THREADS = Integer.getInteger("bench.threads", 16);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int DECLARATIONS = Integer.getInteger("bench.declarations", 200);

    private OrderServiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TestDatabase.recreate(DB, TestDatabase.serviceRole("order-service"));
        int port = ServiceProcess.freePort();
        String base = "http://127.0.0.1:" + port;
        ServiceProcess service = null;
        try (PlatformSim sim = PlatformSim.start(PlatformSim.Config.defaults().withPushRetryScale(0.01).withStockUpdatesPerSecond(0))) {
            sim.createShop(new ShopSpec(SHOP, APP_ID, "secret", PUSH_TOKEN, AES_KEY, base + "/callbacks/wechat/" + SHOP, "gh_bench"));
            sim.addProduct(SHOP, ProductSpec.of("p-1", "保温杯", new SkuSpec("sku-1", null, 4990, 10_000_000)));
            service = ServiceProcess.start("order-service", "order-service-bench.log", port, DB, bootstrap, sim.baseUrl(), List.of());
            Http.put(base + "/api/shops/" + SHOP + "/platform-account", TestTokens.admin(SHOP), """
                    {"appId":"%s","appSecret":"secret","pushToken":"%s","encodingAesKey":"%s"}""".formatted(APP_ID, PUSH_TOKEN, AES_KEY));

            List<String> unpaid = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                unpaid.add(sim.createOrder(SHOP, OrderSpec.of(new OrderItem("p-1", "sku-1", 1))).orderId());
            }
            AtomicLong sequence = new AtomicLong();
            long startSecond = Instant.now().getEpochSecond();
            Load live = Load.run(THREADS, 3, SECONDS, i -> HttpRequest.newBuilder(URI.create(base + "/q/health/live")).GET().build());
            Load pushes = Load.run(THREADS, 3, SECONDS, i -> {
                long n = sequence.incrementAndGet();
                String orderId = unpaid.get((int) (n % unpaid.size()));
                String timestamp = Long.toString(Instant.now().getEpochSecond());
                String nonce = "n" + n;
                String message = "{\"ToUserName\":\"gh_bench\",\"FromUserName\":\"o-bench\",\"CreateTime\":" + (startSecond + n)
                        + ",\"MsgType\":\"event\",\"Event\":\"channels_ec_order_pay\",\"order_info\":{\"order_id\":" + orderId
                        + ",\"pay_time\":" + timestamp + "}}";
                String encrypted = PushCrypto.encrypt(AES_KEY, APP_ID, message, new Random(n));
                return HttpRequest.newBuilder(URI.create(base + "/callbacks/wechat/" + SHOP + "?encrypt_type=aes&timestamp=" + timestamp
                                + "&nonce=" + nonce + "&msg_signature=" + PushCrypto.msgSignature(PUSH_TOKEN, timestamp, nonce, encrypted)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"ToUserName\":\"gh_bench\",\"Encrypt\":\"" + encrypted + "\"}"))
                        .build();
            });

            Percentiles direct = directDeliveries(sim);
            Percentiles declared = declarations(sim, base);

            System.out.printf("%n| Figure | Baseline | order-service | Target | Result |%n|---|---:|---:|---|---|%n");
            System.out.printf("| requests/s (%d clients, %d s) | %,.0f (GET /q/health/live) | %,.0f (signed, encrypted pushes acknowledged) | | |%n",
                    THREADS, SECONDS, live.perSecond(), pushes.perSecond());
            System.out.printf("| ack latency p50 / p99 / max (ms) | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | p99 far under 5,000 ms | %s |%n",
                    live.latency().p50(), live.latency().p99(), live.latency().max(),
                    pushes.latency().p50(), pushes.latency().p99(), pushes.latency().max(),
                    pushes.latency().p99() < 500 && pushes.failures() == 0 ? "PASS" : "FAIL");
            System.out.printf("| non-2xx answers | %d | %d | 0 | |%n", live.failures(), pushes.failures());
            System.out.printf("| declaration → platform ack p50 / p99 / max (ms), %d orders | %.1f / %.1f / %.1f (direct delivery/send) | %.1f / %.1f / %.1f | | |%n",
                    DECLARATIONS, direct.p50(), direct.p99(), direct.max(), declared.p50(), declared.p99(), declared.max());
        } finally {
            if (service != null) {
                service.close();
            }
            TestDatabase.dropSlots(DB);
        }
        System.exit(0);
    }

    /** Latency of declaring one paid order at a time, from the API call to the platform's delivery/send log entry. */
    private static Percentiles declarations(PlatformSim sim, String base) throws Exception {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < DECLARATIONS; i++) {
            orders.add(sim.createPaidOrder(SHOP, OrderSpec.of(new OrderItem("p-1", "sku-1", 1))).orderId());
        }
        String viewer = TestTokens.viewer(SHOP);
        for (String orderId : orders) {
            Http.waitUntil(() -> Http.get(base + "/api/shops/" + SHOP + "/orders/" + orderId, viewer) == 200, Duration.ofSeconds(60));
        }
        String operator = TestTokens.operator(SHOP);
        long[] nanos = new long[orders.size()];
        for (int i = 0; i < orders.size(); i++) {
            String orderId = orders.get(i);
            Instant started = Instant.now();
            int status = Http.post(base + "/api/shops/" + SHOP + "/orders/" + orderId + "/shipments", operator, """
                    {"packages":[{"carrierCode":"SF","trackingNumber":"SF1342567604302",
                      "items":[{"productId":"p-1","skuId":"sku-1","quantity":1}]}]}""");
            if (status != 202) {
                throw new IllegalStateException("declaration of " + orderId + " answered " + status);
            }
            ApiCall acknowledged = Http.waitFor(() -> sim.calls(SEND).stream()
                    .filter(c -> c.errcode() == 0 && c.request().contains(orderId)).findFirst().orElse(null), Duration.ofSeconds(30));
            nanos[i] = Duration.between(started, acknowledged.at()).toNanos();
        }
        return Percentiles.ofNanos(nanos);
    }

    /** The floor: the same delivery/send straight from a client to the simulator. */
    private static Percentiles directDeliveries(PlatformSim sim) throws Exception {
        String token = Http.platformToken(sim.baseUrl(), APP_ID, "secret");
        long[] nanos = new long[DECLARATIONS];
        for (int i = 0; i < DECLARATIONS; i++) {
            String orderId = sim.createPaidOrder(SHOP, OrderSpec.of(new OrderItem("p-1", "sku-1", 1))).orderId();
            long started = System.nanoTime();
            Http.CLIENT.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + SEND + "?access_token=" + token))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"order_id\":\"" + orderId + "\",\"delivery_list\":[{\"delivery_id\":\"SF\","
                            + "\"waybill_id\":\"SF1342567604302\",\"deliver_type\":1,\"product_infos\":[{\"product_id\":\"p-1\","
                            + "\"sku_id\":\"sku-1\",\"product_cnt\":1}]}]}")).build(), HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - started;
        }
        return Percentiles.ofNanos(nanos);
    }
}
