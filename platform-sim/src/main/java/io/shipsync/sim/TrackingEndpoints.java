package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The tracking feeds' HTTP side on the simulator's server: kuaidi100 {@code POST /poll},
 * {@code POST /poll/query.do}, {@code GET /autonumber/auto}; 快递鸟 {@code POST /api/dist} (1008) and
 * {@code POST /Ebusiness/EbusinessOrderHandle.aspx} (8001, 1002, 2002). Injected faults by path apply
 * ({@code errcode} answers that code, kuaidi100-style, or Success false for 快递鸟), and every call goes to the
 * simulator's call log with the feed's code as {@code errcode} (200 when answered OK).
 */
final class TrackingEndpoints {

    static final Set<String> PATHS = Set.of("/poll", "/poll/query.do", "/autonumber/auto", "/api/dist",
            "/Ebusiness/EbusinessOrderHandle.aspx");
    private static final int LOGGED_REQUEST_CHARS = 2000;

    private final TrackingFeedSim feeds;
    private final Faults faults;
    private final BoundedLog<ApiCall> calls;
    private final Duration faultHold;
    private final Clock clock;

    TrackingEndpoints(TrackingFeedSim feeds, Faults faults, BoundedLog<ApiCall> calls, Duration faultHold,
                      Clock clock) {
        this.feeds = feeds;
        this.faults = faults;
        this.calls = calls;
        this.faultHold = faultHold;
        this.clock = clock;
    }

    void handle(HttpExchange exchange) throws IOException {
        Instant at = clock.instant();
        long started = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        String raw = Http.body(exchange);
        Map<String, String> form = path.equals("/autonumber/auto") ? Http.query(exchange) : Http.form(raw);
        boolean kdniao = path.equals("/api/dist") || path.startsWith("/Ebusiness/");
        JsonNode reply;
        boolean faulted = false;
        try {
            FaultSpec fault = faults.take(path, null, null);
            if (fault != null && fault.latencyMs() != null) {
                Thread.sleep(fault.latencyMs());
            }
            if (fault != null && fault.blocksCall()) {
                faulted = true;
                if (fault.timeout()) {
                    Thread.sleep(faultHold.toMillis());
                }
                int code = fault.errcode() == null ? 500 : fault.errcode();
                String message = fault.errmsg() != null ? fault.errmsg() : "服务器错误";
                reply = kdniao ? kdniaoAnswer(false, message)
                        : new TrackingFeedSim.Answer(Integer.toString(code), message).json();
            } else if (!path.equals("/autonumber/auto") && !exchange.getRequestMethod().equals("POST")) {
                reply = kdniao ? kdniaoAnswer(false, "请使用 POST")
                        : new TrackingFeedSim.Answer("500", "请使用 POST").json();
            } else {
                reply = serve(path, form);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        String code = reply.isArray() ? "200" : kdniao ? (reply.path("Success").asBoolean() ? "200" : "400")
                : reply.path("returnCode").asText("200");
        calls.add(new ApiCall(at, path, null, logged(raw.isEmpty() ? exchange.getRequestURI().getRawQuery() : raw),
                parseCode(code), reply.isObject() ? reply.path("message").asText(reply.path("Reason").asText("")) : "",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), faulted));
        Http.send(exchange, 200, Http.JSON, Json.write(reply));
    }

    private JsonNode serve(String path, Map<String, String> form) {
        switch (path) {
            case "/poll" -> {
                return feeds.subscribeKuaidi100(form.get("schema"), form.get("param")).json();
            }
            case "/poll/query.do" -> {
                return feeds.queryKuaidi100(form.get("customer"), form.get("sign"), form.get("param"));
            }
            case "/autonumber/auto" -> {
                return feeds.autonumber(form.get("num"), form.get("key"));
            }
            default -> {
                return kdniao(path, form);
            }
        }
    }

    private JsonNode kdniao(String path, Map<String, String> form) {
        String data = form.get("RequestData");
        if (!feeds.kdniaoSigned(form.get("EBusinessID"), data, form.get("DataSign"))) {
            return kdniaoAnswer(false, "EBusinessID 或 DataSign 不正确");
        }
        String type = String.valueOf(form.get("RequestType"));
        if (path.equals("/api/dist")) {
            if (!type.equals("1008")) {
                return kdniaoAnswer(false, "RequestType " + type + " 不支持（订阅为 1008）");
            }
            String reason = feeds.subscribeKdniao(data);
            return kdniaoAnswer(reason == null, reason == null ? "" : reason);
        }
        switch (type) {
            case "8001", "1002" -> {
                return feeds.queryKdniao(data);
            }
            case "2002" -> {
                return feeds.recogniseKdniao(data);
            }
            default -> {
                return kdniaoAnswer(false, "RequestType " + type + " 不支持");
            }
        }
    }

    private ObjectNode kdniaoAnswer(boolean success, String reason) {
        return Json.object().put("EBusinessID", feeds.kdniaoEBusinessId()).put("UpdateTime", feeds.now())
                .put("Success", success).put("Reason", reason);
    }

    private static int parseCode(String code) {
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String logged(String request) {
        String text = request == null ? "" : request;
        return text.length() <= LOGGED_REQUEST_CHARS ? text : text.substring(0, LOGGED_REQUEST_CHARS) + "…";
    }
}
