package io.shipsync.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tracking push callback for the tests: records each form POST's fields and answers from a script, then
 * with {@code okReply}.
 */
final class FeedReceiver implements AutoCloseable {

    static final String KUAIDI100_OK = "{\"result\":true,\"returnCode\":\"200\",\"message\":\"成功\"}";
    static final String KDNIAO_OK = "{\"EBusinessID\":\"1234567\",\"UpdateTime\":\"2026-03-10 10:00:00\",\"Success\":true,\"Reason\":\"\"}";

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<String> script = new ConcurrentLinkedQueue<>();
    private final String okReply;
    final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

    FeedReceiver(String okReply) throws IOException {
        this.okReply = okReply;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/callback", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    void script(String... replies) {
        script.addAll(List.of(replies));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        received.add(fields);
        String next = script.poll();
        byte[] bytes = (next == null ? okReply : next).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
