package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The receivers of ShipSync's alert notifications, each checking what it is sent on its own terms (written from
 * the channels' documentation, not from alerting-service): the WeCom (企业微信) group robot's
 * {@code POST /cgi-bin/webhook/send?key=KEY}, signed generic webhooks under {@code /hooks/{name}}, and Tencent Cloud
 * SMS {@code SendSms} ({@link TencentSmsReceiver}). Every request
 * is recorded with what the receiver made of it; a receiver can be taken down for its next requests (HTTP 503).
 */
final class NotificationReceivers {

    static final String WECOM_PATH = "/cgi-bin/webhook/send";
    static final String WEBHOOK_PREFIX = "/hooks/";
    static final String TIMESTAMP_HEADER = "X-ShipSync-Timestamp";
    static final String SIGNATURE_HEADER = "X-ShipSync-Signature";
    /** A robot's documented limit: 20 messages a minute, 45009 beyond it. */
    static final int WECOM_PER_MINUTE = 20;
    static final int WECOM_MAX_CONTENT_BYTES = 4096;

    private final Clock clock;
    private final BoundedLog<NotificationReceived> received;
    private final Map<String, Deque<Instant>> robots = new ConcurrentHashMap<>();
    private final Map<String, String> webhookSecrets = new ConcurrentHashMap<>();
    private final Map<String, Integer> down = new ConcurrentHashMap<>();
    private final TencentSmsReceiver sms;

    NotificationReceivers(Clock clock, int logCapacity) {
        this.clock = clock;
        this.received = new BoundedLog<>(logCapacity);
        this.sms = new TencentSmsReceiver(clock);
    }

    static boolean serves(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        return path.equals(WECOM_PATH) || path.startsWith(WEBHOOK_PREFIX) || TencentSmsReceiver.serves(exchange);
    }

    void addSmsAccount(TencentSmsReceiver.Account account) {
        sms.addAccount(account);
    }

    void addWeComRobot(String key) {
        Require.text(key, "key");
        robots.putIfAbsent(key, new ArrayDeque<>());
    }

    void addWebhook(String name, String secret) {
        Require.text(name, "name");
        Require.text(secret, "secret");
        webhookSecrets.put(name, secret);
    }

    /** The robot (by key), webhook (by name) or SMS account (by SecretId) answers its next {@code requests} requests with HTTP 503. */
    void takeDown(String target, int requests) {
        if (!robots.containsKey(target) && !webhookSecrets.containsKey(target) && !sms.knows(target)) {
            throw new NoSuchElementException("no robot key, webhook or SMS SecretId " + target);
        }
        down.put(target, requests);
    }

    List<NotificationReceived> received() {
        return received.list();
    }

    void reset() {
        robots.clear();
        webhookSecrets.clear();
        down.clear();
        received.clear();
        sms.reset();
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        String body = new String(raw, StandardCharsets.UTF_8);
        if (TencentSmsReceiver.serves(exchange)) {
            String secretId = TencentSmsReceiver.secretIdOf(exchange);
            TencentSmsReceiver.Answer answer = isDown(secretId) ? null : sms.handle(exchange, body);
            record(exchange, NotificationReceived.Receiver.TENCENT_SMS, secretId, body, answer == null
                    ? new Answer(503, null, "receiver down", "")
                    : new Answer(answer.status(), null, answer.problem(), answer.body()), answer == null ? null : answer.code());
        } else if (path.equals(WECOM_PATH)) {
            String key = Http.query(exchange).getOrDefault("key", "");
            Answer answer = wecom(exchange, key, body, raw.length);
            record(exchange, NotificationReceived.Receiver.WECOM_ROBOT, key, body, answer,
                    answer.errcode() == null ? null : answer.errcode().toString());
        } else {
            String name = path.substring(WEBHOOK_PREFIX.length());
            Answer answer = webhook(exchange, name, body);
            record(exchange, NotificationReceived.Receiver.WEBHOOK, name, body, answer, null);
        }
    }

    private Answer wecom(HttpExchange exchange, String key, String body, int bytes) {
        if (isDown(key)) {
            return new Answer(503, null, "receiver down", "");
        }
        Deque<Instant> sent = robots.get(key);
        if (sent == null) {
            return wecomError(93000, "invalid webhook url");
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            return wecomError(43002, "require POST method");
        }
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return wecomError(40001, "invalid json");
        }
        if (!"markdown".equals(message.path("msgtype").asText())) {
            return wecomError(40008, "invalid message type");
        }
        String content = message.path("markdown").path("content").asText("");
        if (content.isBlank()) {
            return wecomError(44004, "empty content");
        }
        if (content.getBytes(StandardCharsets.UTF_8).length > WECOM_MAX_CONTENT_BYTES) {
            return wecomError(40058, "markdown.content exceed max length " + WECOM_MAX_CONTENT_BYTES);
        }
        synchronized (sent) {
            Instant now = clock.instant();
            while (!sent.isEmpty() && !sent.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) {
                sent.removeFirst();
            }
            if (sent.size() >= WECOM_PER_MINUTE) {
                return wecomError(45009, "api freq out of limit");
            }
            sent.addLast(now);
        }
        return new Answer(200, 0, null, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    private static Answer wecomError(int errcode, String errmsg) {
        return new Answer(200, errcode, errmsg, Json.write(Map.of("errcode", errcode, "errmsg", errmsg)));
    }

    private Answer webhook(HttpExchange exchange, String name, String body) {
        if (isDown(name)) {
            return new Answer(503, null, "receiver down", "");
        }
        String secret = webhookSecrets.get(name);
        if (secret == null) {
            return new Answer(404, null, "no webhook named " + name, "");
        }
        String timestamp = exchange.getRequestHeaders().getFirst(TIMESTAMP_HEADER);
        String signature = exchange.getRequestHeaders().getFirst(SIGNATURE_HEADER);
        if (timestamp == null || !timestamp.matches("\\d{1,12}") || signature == null) {
            return new Answer(401, null, "missing or malformed " + TIMESTAMP_HEADER + " / " + SIGNATURE_HEADER, "");
        }
        String expected = "sha256=" + hmacSha256Hex(secret, timestamp + "." + body);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Answer(401, null, "signature mismatch", "");
        }
        return new Answer(200, null, null, "{\"received\":true}");
    }

    private boolean isDown(String target) {
        boolean[] wasDown = {false};
        down.computeIfPresent(target, (t, left) -> {
            wasDown[0] = true;
            return left <= 1 ? null : left - 1;
        });
        return wasDown[0];
    }

    private void record(HttpExchange exchange, NotificationReceived.Receiver receiver, String target, String body,
                        Answer answer, String code) throws IOException {
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        received.add(new NotificationReceived(receiver, target, clock.instant(), exchange.getRequestURI().toString(),
                Map.copyOf(headers), body, answer.status(), code, answer.problem() == null, answer.problem()));
        Http.send(exchange, answer.status(), Http.JSON, answer.body());
    }

    static String hmacSha256Hex(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int status, Integer errcode, String problem, String body) {
    }
}
