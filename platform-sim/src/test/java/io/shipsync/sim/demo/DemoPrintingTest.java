package io.shipsync.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.shipsync.sim.OrderView;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.PrintedTask;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's 打单 against a stand-in for logistics-service that answers as the real one does (and stand-ins for
 * order-service): waiting orders the demo paid are printed in a run on the platform's SF account, their labels go
 * to the simulator's print component, and the print is confirmed for the labels that came out.
 */
class DemoPrintingTest {

    private static final String SHOP = "demo-shop";
    private static final String PRODUCT = "10000029995861";

    private PlatformSim sim;
    private HttpServer orderService;
    private HttpServer logisticsService;
    private DemoTraffic traffic;
    /** Orders the stand-in's queue still shows waiting, and orders declared by hand in order-service. */
    private final Set<String> printed = ConcurrentHashMap.newKeySet();
    private final Set<String> declaredByHand = ConcurrentHashMap.newKeySet();
    private final List<JsonNode> runsStarted = new CopyOnWriteArrayList<>();
    private final List<JsonNode> confirmations = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> runOrders = new ConcurrentHashMap<>();

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        sim = PlatformSim.start();
        sim.createShop(new ShopSpec(SHOP, "wx5f2b1c9e8d7a6b40", "secret", "pushtoken",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", null, "gh_demo"));
        sim.addProduct(SHOP, ProductSpec.of(PRODUCT, "T恤", new SkuSpec("1873926101", "TS-WHITE-M", 5900, 500)));
        orderService = serve(this::orderService);
        logisticsService = serve(this::logisticsService);
        Path tokenFile = Files.writeString(dir.resolve("operator.token"), "test-token\n");
        traffic = DemoTraffic.start(sim, new DemoTraffic.Options(SHOP, uri(orderService), null, uri(logisticsService), tokenFile));
    }

    @AfterEach
    void stop() {
        traffic.close();
        orderService.stop(0);
        logisticsService.stop(0);
        sim.close();
    }

    @Test
    void printsTheWaitingOrdersItPaidOnThePrintComponentAndConfirmsThePrint() {
        await().atMost(Duration.ofSeconds(40)).until(() -> !confirmations.isEmpty());

        String account = sim.ewaybillAccount(SHOP, "SF").acctId();
        JsonNode run = runsStarted.get(0);
        assertThat(run.path("carrierCode").asText()).isEqualTo("SF");
        assertThat(run.path("accountId").asText()).as("the platform's account, named").isEqualTo(account);
        List<String> orderIds = new ArrayList<>();
        run.path("orderIds").forEach(id -> orderIds.add(id.asText()));
        // noneMatch, not doesNotContainAnyElementsOf: nothing may have been declared by hand yet, and AssertJ refuses an
        // empty iterable of values.
        assertThat(orderIds).isNotEmpty().noneMatch(declaredByHand::contains)
                .allSatisfy(id -> assertThat(sim.order(SHOP, id).status()).isEqualTo(20));

        List<PrintedTask> tasks = sim.printedTasks();
        assertThat(tasks).hasSize(orderIds.size()).allSatisfy(t -> assertThat(t.success()).isTrue());
        assertThat(tasks.stream().map(PrintedTask::waybillId).collect(Collectors.toList()))
                .containsExactlyElementsOf(orderIds.stream().map(DemoPrintingTest::number).toList());

        JsonNode confirmed = confirmations.get(0);
        assertThat(confirmed.path("waybillIds")).hasSize(orderIds.size());
        assertThat(printed).containsAll(orderIds);
    }

    private void orderService(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/platform-account")) {
            reply(exchange, 200, "{\"shopId\":\"" + SHOP + "\",\"appId\":\"wx5f2b1c9e8d7a6b40\"}");
        } else if (path.endsWith("/shipments")) {
            declaredByHand.add(path.split("/")[5]);
            reply(exchange, 202, "{}");
        } else if (path.contains("/orders/")) {
            reply(exchange, 200, "{\"sync\":{\"status\":\"SYNCED\",\"attempts\":1}}");
        } else {
            reply(exchange, 404, "{}");
        }
    }

    /** logistics-service as the demo shop's: SF account checked, every paid order waiting, runs finished at once. */
    private void logisticsService(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String base = "/api/shops/" + SHOP;
        ObjectNode json = ShipSyncApi.JSON.createObjectNode();
        if (path.equals(base + "/platform-account")) {
            reply(exchange, 200, "{\"shopId\":\"" + SHOP + "\",\"appId\":\"wx5f2b1c9e8d7a6b40\"}");
        } else if (path.equals(base + "/carriers")) {
            reply(exchange, 200, "{\"shopId\":\"" + SHOP + "\",\"enabledCarriers\":[\"SF\",\"ZTO\"],\"defaultCarrier\":\"SF\","
                    + "\"backupCarrier\":\"ZTO\",\"balanceThreshold\":100}");
        } else if (path.equals(base + "/carrier-accounts")) {
            reply(exchange, 200, "[{\"carrierCode\":\"SF\",\"accountId\":\"" + sim.ewaybillAccount(SHOP, "SF").acctId()
                    + "\",\"state\":\"AUTHORIZED\",\"balance\":1000}]");
        } else if (path.equals(base + "/print-queue")) {
            ArrayNode items = json.putArray("items");
            for (OrderView order : sim.orders(SHOP)) {
                if (order.status() == 20 && !printed.contains(order.orderId())) {
                    items.addObject().put("orderId", order.orderId()).put("state", "WAITING");
                }
            }
            reply(exchange, 200, json.toString());
        } else if (path.equals(base + "/print-runs") && method.equals("POST")) {
            JsonNode start = ShipSyncApi.JSON.readTree(exchange.getRequestBody());
            runsStarted.add(start);
            String runId = "run-" + runsStarted.size();
            List<String> ids = new ArrayList<>();
            start.path("orderIds").forEach(id -> ids.add(id.asText()));
            runOrders.put(runId, ids);
            reply(exchange, 202, run(runId, start.path("accountId").asText()).toString());
        } else if (path.matches(base + "/print-runs/[^/]+")) {
            reply(exchange, 200, run(path.substring(path.lastIndexOf('/') + 1), "acct").toString());
        } else if (path.endsWith("/waybills")) {
            ArrayNode items = json.putArray("items");
            runOrders.get(path.split("/")[5]).forEach(id -> items.addObject().put("orderId", id).put("state", "TAKEN")
                    .put("trackingNumber", number(id)));
            reply(exchange, 200, json.toString());
        } else if (path.endsWith("/print-tasks")) {
            ArrayNode tasks = ShipSyncApi.JSON.createArrayNode();
            List<String> ids = runOrders.get(path.split("/")[5]);
            for (int i = 0; i < ids.size(); i++) {
                String label = "{\"ewaybill_order_id\":\"" + (9000 + i) + "\",\"waybill_id\":\"" + number(ids.get(i))
                        + "\",\"delivery_id\":\"SF\"}";
                tasks.addObject().put("taskId", String.valueOf(100 + i))
                        .put("printInfo", Base64.getEncoder().encodeToString(label.getBytes(StandardCharsets.UTF_8)))
                        .put("curNum", i + 1).put("sumNum", ids.size()).put("waybillId", 100 + i)
                        .put("orderId", ids.get(i)).put("carrierCode", "SF").put("trackingNumber", number(ids.get(i)));
            }
            reply(exchange, 200, tasks.toString());
        } else if (path.endsWith("/labels.pdf")) {
            byte[] pdf = "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
            exchange.getResponseHeaders().set("Content-Type", "application/pdf");
            exchange.sendResponseHeaders(200, pdf.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(pdf);
            }
        } else if (path.endsWith("/printed") && method.equals("POST")) {
            confirmations.add(ShipSyncApi.JSON.readTree(exchange.getRequestBody()));
            List<String> ids = runOrders.get(path.split("/")[5]);
            printed.addAll(ids);
            ArrayNode waybills = ShipSyncApi.JSON.createArrayNode();
            ids.forEach(id -> waybills.addObject().put("orderId", id).put("trackingNumber", number(id)));
            reply(exchange, 200, waybills.toString());
        } else {
            reply(exchange, 404, "{}");
        }
    }

    private ObjectNode run(String runId, String accountId) {
        int total = runOrders.get(runId).size();
        ObjectNode run = ShipSyncApi.JSON.createObjectNode().put("runId", runId).put("carrierCode", "SF")
                .put("accountId", accountId).put("templateId", "single").put("total", total);
        run.putObject("progress").put("taken", total).put("failed", 0).put("remaining", 0);
        return run;
    }

    /** The number the stand-in takes for an order. */
    private static String number(String orderId) {
        return "SF" + orderId.substring(orderId.length() - 13);
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
