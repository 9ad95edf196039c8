package io.shipsync.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.order.platform.PushPruning;
import io.shipsync.order.platform.PushRefusals;
import io.shipsync.order.rest.PlatformCallbackResource;
import io.shipsync.sim.PushCrypto;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** The push callback under attack: size, forged and unknown shops, the logs they cause, and table growth. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class CallbackHardeningTest {

    private static final String FORGED = "0123456789abcdef0123456789abcdef01234567";

    @Inject
    EntityManager entityManager;
    @Inject
    PushRefusals refusals;
    @Inject
    PushPruning pruning;
    @Inject
    MeterRegistry registry;
    @TestHTTPResource("/")
    URL root;

    @Test
    void anUnknownShopAndABadSignatureGetTheSameAnswer() {
        SimScenario shop = SimScenario.newShop();
        String timestamp = now();
        String encrypted = PushCrypto.encrypt(shop.aesKey, shop.appId, message(timestamp), new Random(1));
        String unknownShop = "no-such-shop-" + UUID.randomUUID().toString().substring(0, 8);

        Response badSignature = post(shop.shopId, "n-1", timestamp, envelope(encrypted), FORGED);
        Response unknown = post(unknownShop, "n-1", timestamp, envelope(encrypted), FORGED);
        // Signed with a real shop's token, sent under a shop id that does not exist.
        Response unknownButSigned = post(unknownShop, "n-2", timestamp, envelope(encrypted),
                PushCrypto.msgSignature(shop.token, timestamp, "n-2", encrypted));
        assertThat(badSignature.statusCode()).isEqualTo(401);
        assertThat(badSignature.contentType()).startsWith("application/problem+json");
        for (Response other : List.of(unknown, unknownButSigned)) {
            assertThat(other.statusCode()).isEqualTo(badSignature.statusCode());
            assertThat(other.contentType()).isEqualTo(badSignature.contentType());
            assertThat(other.asByteArray()).isEqualTo(badSignature.asByteArray());
        }
        assertThat(badSignature.asString()).doesNotContain(shop.shopId);

        Response badUrlSignature = verify(shop.shopId, FORGED, timestamp);
        Response unknownUrl = verify(unknownShop, PushCrypto.signature(shop.token, timestamp, "n-3"), timestamp);
        assertThat(unknownUrl.statusCode()).isEqualTo(badUrlSignature.statusCode()).isEqualTo(401);
        assertThat(unknownUrl.asByteArray()).isEqualTo(badUrlSignature.asByteArray()).isEqualTo(badSignature.asByteArray());
        assertThat(verify(shop.shopId, PushCrypto.signature(shop.token, timestamp, "n-3"), timestamp).asString()).isEqualTo("hello");
    }

    @Test
    void theSignatureCoversTheRawEncryptFieldAndNothingElseOfTheBodyIsParsedBeforeIt() {
        SimScenario shop = SimScenario.newShop();
        String timestamp = now();
        String encrypted = null;
        for (int seed = 1; encrypted == null || !encrypted.contains("/"); seed++) {
            encrypted = PushCrypto.encrypt(shop.aesKey, shop.appId, message(timestamp), new Random(seed));
        }
        // Some JSON writers escape '/': the signature is over the field's value, not its spelling.
        String escaped = "{\"ToUserName\":\"gh_x\",\"Encrypt\":\"" + encrypted.replace("/", "\\/") + "\"}";
        post(shop.shopId, "n-1", timestamp, escaped, PushCrypto.msgSignature(shop.token, timestamp, "n-1", encrypted))
                .then().statusCode(200);
        // A signed Encrypt inside a body that is not the flat envelope: refused without parsing the rest.
        String nested = "{\"ToUserName\":{\"x\":[1,2]},\"Encrypt\":\"" + encrypted + "\"}";
        post(shop.shopId, "n-2", timestamp, nested, PushCrypto.msgSignature(shop.token, timestamp, "n-2", encrypted))
                .then().statusCode(401);
        assertThat(count("SELECT count(*) FROM platform_pushes WHERE shop_id = ?1", shop.shopId)).isEqualTo(1);
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        SimScenario shop = SimScenario.newShop();
        double before = refused("TOO_LARGE");
        String path = "/callbacks/wechat/" + shop.shopId + "?encrypt_type=aes&timestamp=1&nonce=n&msg_signature=" + FORGED;

        // Declared too large and never sent: answered at once, so nothing of it was waited for.
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1048576\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(statusLine).isEqualTo("HTTP/1.1 413");
        }
        String over = envelope("A".repeat(PlatformCallbackResource.MAX_BODY_BYTES));
        given().contentType("application/json").body(over).post(path).then().statusCode(413)
                .contentType("application/problem+json");
        // Without a length (chunked): cut off at the limit while it is read.
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + path.substring(1)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(over.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(refused("TOO_LARGE") - before).isEqualTo(3);

        String atLimit = envelope("A".repeat(PlatformCallbackResource.MAX_BODY_BYTES - envelope("").length()));
        assertThat(atLimit).hasSize(PlatformCallbackResource.MAX_BODY_BYTES);
        given().contentType("application/json").body(atLimit).post(path).then().statusCode(401);
    }

    @Test
    void refusalsAreCountedPerReasonAndLoggedOncePerReportNeverPerRequest() {
        SimScenario shop = SimScenario.newShop();
        refusals.report();
        double badBefore = refused("BAD_SIGNATURE");
        double unknownBefore = refused("UNKNOWN_SHOP");
        Capture capture = new Capture();
        Logger logger = Logger.getLogger("io.shipsync.order");
        logger.addHandler(capture);
        try {
            String timestamp = now();
            String encrypted = PushCrypto.encrypt(shop.aesKey, shop.appId, message(timestamp), new Random(3));
            for (int i = 0; i < 20; i++) {
                post(shop.shopId, "n-" + i, timestamp, envelope(encrypted), FORGED).then().statusCode(401);
            }
            for (int i = 0; i < 5; i++) {
                post("no-such-shop-" + i, "n-" + i, timestamp, envelope(encrypted), FORGED).then().statusCode(401);
            }
            assertThat(capture.lines()).isEmpty();
            assertThat(refused("BAD_SIGNATURE") - badBefore).isEqualTo(20);
            assertThat(refused("UNKNOWN_SHOP") - unknownBefore).isEqualTo(5);

            assertThat(refusals.report()).isEqualTo(2);
            assertThat(capture.lines()).containsExactlyInAnyOrder(
                    "Refused 20 WeChat push callback(s) since the last report: BAD_SIGNATURE",
                    "Refused 5 WeChat push callback(s) since the last report: UNKNOWN_SHOP");
            assertThat(refusals.report()).isZero();
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void noncesOutsideTheWindowAndOldProcessedPushesArePruned() {
        String shopId = "prune-" + UUID.randomUUID().toString().substring(0, 8);
        long now = Instant.now().getEpochSecond();
        nonce(shopId, "outside-past", now - 6 * 60);
        nonce(shopId, "inside-past", now - 4 * 60);
        nonce(shopId, "inside-future", now + 4 * 60);
        push(shopId, "done-31d", "DONE", Duration.ofDays(31));
        push(shopId, "failed-31d", "FAILED", Duration.ofDays(31));
        push(shopId, "pending-31d", "PENDING", Duration.ofDays(31));
        push(shopId, "done-29d", "DONE", Duration.ofDays(29));

        pruning.prune();

        assertThat(strings("SELECT nonce FROM platform_push_nonces WHERE shop_id = ?1", shopId))
                .containsExactlyInAnyOrder("inside-past", "inside-future");
        assertThat(strings("SELECT order_id FROM platform_pushes WHERE shop_id = ?1", shopId))
                .containsExactlyInAnyOrder("pending-31d", "done-29d");
    }

    private void nonce(String shopId, String nonce, long timestamp) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "INSERT INTO platform_push_nonces (shop_id, nonce, timestamp, seen_at) VALUES (?1, ?2, ?3, now())")
                .setParameter(1, shopId).setParameter(2, nonce).setParameter(3, timestamp).executeUpdate());
    }

    private void push(String shopId, String orderId, String status, Duration age) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        INSERT INTO platform_pushes (shop_id, event, order_id, create_time, body, received_at, status)
                        VALUES (?1, 'channels_ec_order_pay', ?2, 1, CAST('{}' AS jsonb), ?3, ?4)""")
                .setParameter(1, shopId).setParameter(2, orderId).setParameter(3, Instant.now().minus(age))
                .setParameter(4, status).executeUpdate());
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String sql, String parameter) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(sql)
                .setParameter(1, parameter).getResultList());
    }

    private long count(String sql, String parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter(1, parameter).getSingleResult()).longValue());
    }

    private double refused(String reason) {
        return registry.find("shipsync.callback.refusals").tag("reason", reason).counter().count();
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    /** A push without an order: accepted pushes of it are done without calling the platform. */
    private static String message(String timestamp) {
        return "{\"ToUserName\":\"gh_x\",\"FromUserName\":\"o1\",\"CreateTime\":" + timestamp
                + ",\"MsgType\":\"event\",\"Event\":\"channels_ec_hardening_probe\"}";
    }

    private static String envelope(String encrypted) {
        return "{\"ToUserName\":\"gh_x\",\"Encrypt\":\"" + encrypted + "\"}";
    }

    private static Response post(String shopId, String nonce, String timestamp, String body, String signature) {
        return given().queryParam("timestamp", timestamp).queryParam("nonce", nonce).queryParam("encrypt_type", "aes")
                .queryParam("msg_signature", signature).contentType("application/json").body(body)
                .post("/callbacks/wechat/{shop}", shopId);
    }

    private static Response verify(String shopId, String signature, String timestamp) {
        return given().queryParam("signature", signature).queryParam("timestamp", timestamp).queryParam("nonce", "n-3")
                .queryParam("echostr", "hello").get("/callbacks/wechat/{shop}", shopId);
    }

    /** WARN and above from the callback's own classes, formatted. */
    private static final class Capture extends Handler {

        private static final Set<String> CALLBACK_LOGGERS = Set.of(PushRefusals.class.getName(),
                PlatformCallbackResource.class.getName(), io.shipsync.order.platform.PushInbox.class.getName(),
                io.shipsync.order.rest.CallbackBodyLimit.class.getName());
        private final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && CALLBACK_LOGGERS.contains(record.getLoggerName())) {
                lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
