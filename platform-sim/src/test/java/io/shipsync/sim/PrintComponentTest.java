package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The print component's WebSocket protocol with a JDK client: commands answered by requestID, tasks logged. */
class PrintComponentTest {

    private PlatformSim sim;
    private Component component;

    @BeforeEach
    void start() {
        sim = PlatformSim.start();
        component = new Component(sim.printComponentUrl());
    }

    @AfterEach
    void stop() {
        component.close();
        sim.close();
    }

    @Test
    void answersVersionAndPrintersMatchedByRequestId() throws Exception {
        CompletableFuture<JsonNode> printers = component.send(Map.of("command", "getPrinterList", "requestID", "r-1"));
        CompletableFuture<JsonNode> info = component.send(Map.of("command", "getAppInfo", "requestID", "r-2"));
        assertThat(info.get(5, TimeUnit.SECONDS).path("appInfo").path("version").asText()).isEqualTo("1.4.0");
        assertThat(info.get().path("command").asText()).isEqualTo("getAppInfo");
        JsonNode list = printers.get(5, TimeUnit.SECONDS).path("printerList");
        assertThat(list.get(0).path("name").asText()).isEqualTo("_SIM_LABEL_PRINTER_");
        assertThat(list.get(0).path("displayName").asText()).isNotEmpty();
        assertThat(component.send(Map.of("command", "reboot", "requestID", "r-3")).get(5, TimeUnit.SECONDS)
                .path("success").asBoolean(true)).isFalse();
    }

    @Test
    void printsALabelThePlatformIssuedAndLogsIt() throws Exception {
        Label label = takeNumber();
        JsonNode reply = component.send(print("p-1", "2.0", null,
                task("t-1", label.printInfo(), 1, 1))).get(5, TimeUnit.SECONDS);
        assertThat(reply.path("command").asText()).isEqualTo("print");
        assertThat(reply.path("requestID").asText()).isEqualTo("p-1");
        assertThat(reply.path("results").get(0).path("taskID").asText()).isEqualTo("t-1");
        assertThat(reply.path("results").get(0).path("success").asBoolean()).isTrue();
        assertThat(sim.printedTasks()).singleElement().satisfies(task -> {
            assertThat(task.requestId()).isEqualTo("p-1");
            assertThat(task.waybillId()).isEqualTo(label.waybillId());
            assertThat(task.ewaybillOrderId()).isEqualTo(label.ewaybillOrderId());
            assertThat(task.deliveryId()).isEqualTo("SF");
            assertThat(task.printer()).isEqualTo("_SIM_LABEL_PRINTER_");
            assertThat(task.success()).isTrue();
        });
        var overHttp = new WeChatClient(sim.baseUrl()).sim("GET", "/sim/print-component/tasks?limit=5", null);
        assertThat(WeChatClient.JSON.readTree(overHttp.body()).get(0).path("waybillId").asText()).isEqualTo(label.waybillId());
        assertThat(sim.ewaybills().get(0).printed()).as("printing tells the platform nothing").isZero();
    }

    @Test
    void failsTasksItCannotPrintAndSaysWhy() throws Exception {
        Label label = takeNumber();
        JsonNode wrongVersion = component.send(print("v", "1.0", null, task("t-1", label.printInfo(), 1, 1)))
                .get(5, TimeUnit.SECONDS).path("results").get(0);
        assertThat(wrongVersion.path("success").asBoolean()).isFalse();
        assertThat(wrongVersion.path("failureReason").asText()).contains("2.0");
        assertThat(component.send(print("p", "2.0", "KM-118D", task("t-2", label.printInfo(), 1, 1)))
                .get(5, TimeUnit.SECONDS).path("results").get(0).path("failureReason").asText()).contains("打印机不存在");
        JsonNode two = component.send(print("q", "2.0", null, task("t-3", "bm90IGEgbGFiZWw=", 1, 1),
                task("t-4", label.printInfo(), 3, 2))).get(5, TimeUnit.SECONDS).path("results");
        assertThat(two.get(0).path("failureReason").asText()).contains("打印报文无效");
        assertThat(two.get(1).path("failureReason").asText()).contains("curNum");
        assertThat(sim.printedTasks()).hasSize(4).noneMatch(PrintedTask::success);
    }

    @Test
    void injectedFailuresHitTheNextTasksOnly() throws Exception {
        Label label = takeNumber();
        var injected = new WeChatClient(sim.baseUrl()).sim("POST", "/sim/print-component/failures",
                "{\"tasks\":1,\"failureReason\":\"打印机缺纸\"}");
        assertThat(injected.statusCode()).isEqualTo(201);
        JsonNode results = component.send(print("p", "2.0", null, task("t-1", label.printInfo(), 1, 2),
                task("t-2", label.printInfo(), 2, 2))).get(5, TimeUnit.SECONDS).path("results");
        assertThat(results.get(0).path("success").asBoolean()).isFalse();
        assertThat(results.get(0).path("failureReason").asText()).isEqualTo("打印机缺纸");
        assertThat(results.get(1).path("success").asBoolean()).isTrue();
    }

    @Test
    void listensWhereToldAndRefusesAPortInUse() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (PlatformSim fixed = PlatformSim.start(PlatformSim.Config.defaults().withPrintPort(port))) {
            assertThat(fixed.printComponentUrl()).isEqualTo("ws://127.0.0.1:" + port);
            assertThatThrownBy(() -> PlatformSim.start(PlatformSim.Config.defaults().withPrintPort(port)))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining(Integer.toString(port));
            Component again = new Component(fixed.printComponentUrl());
            assertThat(again.send(Map.of("command", "getAppInfo", "requestID", "x")).get(5, TimeUnit.SECONDS)
                    .path("requestID").asText()).isEqualTo("x");
            again.close();
        }
    }

    /** A label taken on the platform: its e-waybill, number and print data. */
    private record Label(String ewaybillOrderId, String waybillId, String printInfo) {
    }

    private Label takeNumber() {
        ShopSpec shop = Fixtures.seed(sim, "shop-1", null);
        WeChatClient client = new WeChatClient(sim.baseUrl());
        String token = client.token(shop.appId(), shop.appSecret());
        String orderId = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)))
                .orderId();
        Map<String, Object> party = Map.of("name", "王五", "mobile", "13700000000", "province", "浙江省",
                "city", "杭州市", "county", "余杭区", "address", "梦想小镇 1 号");
        Map<String, Object> create = new HashMap<>(Map.of("delivery_id", "SF",
                "ewaybill_acct_id", sim.ewaybillAccount("shop-1", "SF").acctId(), "sender", party, "receiver", party,
                "ec_order_list", List.of(Map.of("ec_order_id", orderId, "goods_list", List.of(Map.of("good_name", "T恤",
                        "good_count", 1)))), "ewaybill_order_id", "900", "template_id", "single"));
        JsonNode created = client.post(EwaybillApiTest.BASE + "/order/create", token, create);
        return new Label("900", created.path("waybill_id").asText(), created.path("print_info").asText());
    }

    private static Map<String, Object> print(String requestId, String version, String printer,
                                             Map<?, ?>... tasks) {
        Map<String, Object> print = new HashMap<>(Map.of("command", "print", "requestID", requestId,
                "version", version, "printType", 1, "taskList", List.of(tasks)));
        if (printer != null) {
            print.put("printer", printer);
        }
        return print;
    }

    private static Map<String, Object> task(String taskId, String printInfo, int curNum, int sumNum) {
        return Map.of("taskID", taskId, "printInfo", printInfo, "printNum", Map.of("curNum", curNum, "sumNum", sumNum));
    }

    /** A JDK WebSocket client that matches answers to requests by requestID, as the platform's guide says. */
    private static final class Component implements WebSocket.Listener {

        private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Component(String url) {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        CompletableFuture<JsonNode> send(Map<String, ?> request) {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put((String) request.get("requestID"), answer);
            socket.sendText(WeChatClient.JSON.valueToTree(request).toString(), true).join();
            return answer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode reply = WeChatClient.JSON.readTree(partial.toString());
                    pending.remove(reply.path("requestID").asText()).complete(reply);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
