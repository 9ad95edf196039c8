package io.shipsync.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * order-service's system API and logistics-service's switch-carrier, as alerting-service calls them, played on one
 * loopback JDK HTTP server for the JVM. order-service's paths ({@code /api/system/…}) refuse (401) any bearer token whose
 * {@code groups} are not exactly {@code ["system"]} or that names a shop; every request is kept, headers and body, for
 * the tests to compare. Answers are scripted per path, one per request, the last repeating; an unscripted path is 404.
 */
public final class ServiceReceivers {

    /** One request as it arrived, header names lower-cased, and the status it was answered with. */
    public record Request(String method, String path, Map<String, String> headers, String body, int status) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * A scripted answer.
     *
     * @param heldUntil the answer goes only once this is counted down (a service too slow for the caller); null: at once
     */
    public record Answer(int status, String contentType, String body, Map<String, String> headers, CountDownLatch heldUntil) {

        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, Map.of(), null);
        }

        public static Answer problem(int status, String detail) {
            return new Answer(status, "application/problem+json",
                    "{\"type\":\"about:blank\",\"title\":\"Refused\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}",
                    Map.of(), null);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new TreeMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, body, more, heldUntil);
        }

        public Answer heldUntil(CountDownLatch release) {
            return new Answer(status, contentType, body, headers, release);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServiceReceivers instance;

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();

    private ServiceReceivers() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // A held answer must not hold up the others.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public static synchronized ServiceReceivers get() {
        if (instance == null) {
            try {
                instance = new ServiceReceivers();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests on {@code path} get these answers in turn, the last one for every request after. */
    public void answer(String path, Answer... script) {
        answers.put(path, new ArrayDeque<>(List.of(script)));
    }

    /** The requests on {@code path}, oldest first. */
    public List<Request> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String path = exchange.getRequestURI().getRawPath();
        Answer answer = path.startsWith("/api/system/") && !systemToken(headers.get("authorization"))
                ? Answer.problem(401, "a system token (groups [system], no shop) is required")
                : next(path);
        received.add(new Request(exchange.getRequestMethod(), path, headers, body, answer.status()));
        if (answer.heldUntil() != null) {
            try {
                answer.heldUntil().await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status(), out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private Answer next(String path) {
        Deque<Answer> script = answers.get(path);
        if (script == null) {
            return Answer.problem(404, "nothing scripted for " + path);
        }
        synchronized (script) {
            return script.size() > 1 ? script.poll() : script.peek();
        }
    }

    /** {@code Bearer <JWT>} whose payload's groups are exactly ["system"] and whose shops are none. */
    private static boolean systemToken(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            List<String> groups = new ArrayList<>();
            claims.path("groups").forEach(g -> groups.add(g.asText()));
            return groups.equals(List.of("system")) && claims.path("shops").isEmpty();
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
