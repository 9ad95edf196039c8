package io.shipsync.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The merchant's print component (打印组件, reference §1.5): a local WebSocket server (the real one listens on
 * {@code ws://127.0.0.1:12705}) answering JSON commands, each answer carrying the request's {@code command} and
 * {@code requestID}: {@code getAppInfo} → {@code appInfo{version}}, {@code getPrinterList} →
 * {@code printerList[{name, displayName, status}]}, and {@code print} ({@code version "2.0"},
 * {@code taskList[{taskID, printInfo, printNum{curNum, sumNum}}]}, {@code printType}, {@code printer}) →
 * {@code results[{taskID, success, failureReason}]}. Every print task is logged with the label it printed,
 * read back from the print_info the platform issued. Printing notifies nobody: the caller tells the platform
 * (order/print) itself.
 */
final class PrintComponent extends WebSocketServer {

    /** The version getAppInfo reports (the simulator's own; the reference names none). */
    static final String VERSION = "1.4.0";
    /** The one printer it offers (name as the platform's example shapes it; status 3 as in that example). */
    static final String PRINTER = "_SIM_LABEL_PRINTER_";

    private final Clock clock;
    private final BoundedLog<PrintedTask> printed;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;
    private int failuresLeft;
    private String failureReason;

    PrintComponent(InetSocketAddress address, Clock clock, int logCapacity) {
        super(address);
        this.clock = clock;
        this.printed = new BoundedLog<>(logCapacity);
        setReuseAddr(true);
        setDaemon(true);
    }

    /** Listens, or fails when the port is taken. */
    void listen() {
        start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("print component did not start on " + getAddress());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the print component", e);
        }
        if (startFailure != null) {
            throw new UncheckedIOException("print component could not listen on " + getAddress(),
                    startFailure instanceof IOException io ? io : new IOException(startFailure));
        }
    }

    /** The next {@code tasks} print tasks fail with {@code reason} (paper out, printer offline…). */
    synchronized void failNext(int tasks, String reason) {
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks must be positive");
        }
        failuresLeft = tasks;
        failureReason = Require.text(reason, "failureReason");
    }

    List<PrintedTask> printed() {
        return printed.list();
    }

    synchronized void clear() {
        printed.clear();
        failuresLeft = 0;
    }

    void close() {
        try {
            stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        // Nothing to greet with: the component only answers commands.
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        // Connections carry no state.
    }

    @Override
    public void onError(WebSocket conn, Exception e) {
        if (conn == null) {
            // The server itself failed, e.g. the port is taken: report it to listen().
            startFailure = e;
            started.countDown();
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(message);
        } catch (JsonProcessingException e) {
            request = Json.object();
        }
        String command = request.path("command").asText("");
        ObjectNode reply = Json.object().put("command", command).put("requestID", request.path("requestID").asText(""));
        switch (command) {
            case "getAppInfo" -> reply.putObject("appInfo").put("version", VERSION);
            case "getPrinterList" -> reply.putArray("printerList").addObject()
                    .put("name", PRINTER).put("displayName", "platform-sim 面单打印机").put("status", 3);
            case "print" -> reply.set("results", print(request));
            default -> reply.put("success", false).put("failureReason", "unknown command: " + command);
        }
        conn.send(Json.write(reply));
    }

    /** Prints each task (or says why not) and logs it. */
    private ArrayNode print(JsonNode request) {
        String requestId = request.path("requestID").asText("");
        String printer = request.path("printer").asText(PRINTER);
        int printType = request.path("printType").asInt(1);
        String refusal = !"2.0".equals(request.path("version").asText()) ? "version must be \"2.0\""
                : !printer.equals(PRINTER) ? "打印机不存在: " + printer
                : printType != 1 && printType != 2 ? "printType must be 1 or 2"
                : printType == 2 && !request.path("size").isObject() ? "printType 2 needs size"
                : null;
        ArrayNode results = Json.MAPPER.createArrayNode();
        for (JsonNode task : request.path("taskList")) {
            String taskId = task.path("taskID").asText("");
            int curNum = task.path("printNum").path("curNum").asInt(0);
            int sumNum = task.path("printNum").path("sumNum").asInt(0);
            JsonNode label = printType == 1 ? label(task.path("printInfo").asText("")) : null;
            String failure = refusal != null ? refusal
                    : taskId.isEmpty() ? "taskID is required"
                    : curNum < 1 || curNum > sumNum ? "printNum needs 1 ≤ curNum ≤ sumNum"
                    : printType == 1 && label == null ? "打印报文无效 (print_info not issued by the platform)"
                    : injectedFailure();
            printed.add(new PrintedTask(clock.instant(), requestId, taskId, printer,
                    label == null ? null : label.path("ewaybill_order_id").asText(null),
                    label == null ? null : label.path("waybill_id").asText(null),
                    label == null ? null : label.path("delivery_id").asText(null),
                    curNum, sumNum, failure == null, failure == null ? "" : failure));
            results.addObject().put("taskID", taskId).put("success", failure == null)
                    .put("failureReason", failure == null ? "" : failure);
        }
        return results;
    }

    private synchronized String injectedFailure() {
        if (failuresLeft == 0) {
            return null;
        }
        failuresLeft--;
        return failureReason;
    }

    /** The platform's print data (base64 JSON naming the e-waybill and number), or null when it is not one. */
    private static JsonNode label(String printInfo) {
        try {
            JsonNode data = Json.MAPPER.readTree(new String(Base64.getDecoder().decode(printInfo), StandardCharsets.UTF_8));
            return data != null && data.path("waybill_id").isTextual() ? data : null;
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return null;
        }
    }
}
