package io.shipsync.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against stand-ins for order-service and inventory-service that answer as the real ones do. */
class DemoTrafficTest {

    private static final String SHOP = "demo-shop";
    private static final String PRODUCT = "10000029995861";
    private static final String FROZEN_SKU = "1873926101";
    private static final String NEW_SKU = "1873926102";

    /** One POST a stand-in received. */
    private record Posted(String path, JsonNode body) {
    }

    private final AtomicBoolean inventoryHoldsAccount = new AtomicBoolean();
    private final List<Posted> adjustments = new CopyOnWriteArrayList<>();
    private PlatformSim sim;
    private HttpServer orderService;
    private HttpServer inventoryService;
    private DemoTraffic traffic;

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        sim = PlatformSim.start();
        sim.createShop(new ShopSpec(SHOP, "wx5f2b1c9e8d7a6b40", "secret", "pushtoken",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", null, "gh_demo"));
        sim.addProduct(SHOP, ProductSpec.of(PRODUCT, "T恤",
                new SkuSpec(FROZEN_SKU, "TS-WHITE-M", 5900, 500), new SkuSpec(NEW_SKU, "TS-WHITE-L", 5900, 300)));
        orderService = serve(this::orderService);
        inventoryService = serve(this::inventoryService);
        Path tokenFile = Files.writeString(dir.resolve("operator.token"), "test-token\n");
        traffic = DemoTraffic.start(sim, new DemoTraffic.Options(SHOP, uri(orderService), uri(inventoryService), null, tokenFile));
    }

    @AfterEach
    void stop() {
        traffic.close();
        orderService.stop(0);
        inventoryService.stop(0);
        sim.close();
    }

    @Test
    void waitsForInventoryServiceToHoldTheAccountThenStocksAndRestocksAFrozenSku() throws InterruptedException {
        Thread.sleep(3_000);
        assertThat(sim.orders(SHOP)).as("no order before inventory-service holds the account").isEmpty();
        assertThat(adjustments).isEmpty();

        inventoryHoldsAccount.set(true);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(sim.orders(SHOP)).isNotEmpty();
            assertThat(adjustments).hasSize(2);
        });
        Posted opening = adjustments.stream().filter(p -> p.path().contains(NEW_SKU)).findFirst().orElseThrow();
        assertThat(opening.body().path("direction").asText()).isEqualTo("INCREASE");
        assertThat(opening.body().path("quantity").asInt()).isEqualTo(300);
        assertThat(opening.body().path("create").asBoolean()).isTrue();
        assertThat(opening.body().path("productId").asText()).isEqualTo(PRODUCT);
        Posted restock = adjustments.stream().filter(p -> p.path().contains(FROZEN_SKU)).findFirst().orElseThrow();
        assertThat(restock.path()).isEqualTo("/api/shops/" + SHOP + "/skus/" + FROZEN_SKU + "/adjustments");
        assertThat(restock.body().path("direction").asText()).isEqualTo("INCREASE");
        assertThat(restock.body().path("quantity").asInt()).isPositive();
        assertThat(restock.body().path("warehouseId").asText()).isEqualTo("default");
        assertThat(restock.body().has("create")).isFalse();
    }

    private void orderService(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/platform-account")) {
            reply(exchange, 200, "{\"shopId\":\"" + SHOP + "\",\"appId\":\"wx5f2b1c9e8d7a6b40\"}");
        } else if (path.endsWith("/shipments")) {
            reply(exchange, 202, "{}");
        } else if (path.contains("/orders/")) {
            reply(exchange, 200, "{\"sync\":{\"status\":\"SYNCED\",\"attempts\":1}}");
        } else {
            reply(exchange, 404, "{}");
        }
    }

    /** FROZEN_SKU has been frozen for two minutes; NEW_SKU was never counted. */
    private void inventoryService(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/platform-account")) {
            reply(exchange, inventoryHoldsAccount.get() ? 200 : 404, "{\"appId\":\"wx5f2b1c9e8d7a6b40\"}");
        } else if (path.endsWith("/skus/" + FROZEN_SKU + "/stock")) {
            reply(exchange, 200, "{\"skuId\":\"" + FROZEN_SKU + "\",\"productId\":\"" + PRODUCT + "\",\"available\":12,"
                    + "\"warehouses\":[{\"warehouseId\":\"default\",\"available\":12,\"frozen\":true,"
                    + "\"frozenSince\":\"" + Instant.now().minusSeconds(120) + "\"}]}");
        } else if (path.endsWith("/adjustments") && exchange.getRequestMethod().equals("POST")) {
            adjustments.add(new Posted(path, ShipSyncApi.JSON.readTree(exchange.getRequestBody())));
            reply(exchange, 200, "{}");
        } else {
            reply(exchange, 404, "{}");
        }
    }

    private static HttpServer serve(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        });
        server.start();
        return server;
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static URI uri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
