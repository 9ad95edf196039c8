package io.shipsync.order.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.order.platform.CallbackCrypto.CallbackRejected;
import io.shipsync.wechat.PlatformAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Accepts WeChat Shop message pushes (消息推送): verifies, decrypts and stores each one before the
 * endpoint answers {@code success}, so the answer stays far inside the platform's 5 s window and
 * nothing accepted is lost; the push's work item is submitted in the same transaction and
 * {@link PushProcessor} does the work afterwards.
 */
@ApplicationScoped
public class PushInbox {

    private final EntityManager entityManager;
    private final ObjectMapper mapper;
    private final PlatformConfig config;
    private final WorkQueue work;
    private final Clock clock;

    PushInbox(EntityManager entityManager, ObjectMapper mapper, PlatformConfig config, WorkQueue work, Clock clock) {
        this.entityManager = entityManager;
        this.mapper = mapper;
        this.config = config;
        this.work = work;
        this.clock = clock;
    }

    /** What one push asked of us, as stored. */
    public record Accepted(long pushId, boolean duplicate) {
    }

    /** URL verification: returns {@code echostr} when the signature is the platform's. */
    public String verifyUrl(PlatformAccount account, String signature, String timestamp, String nonce, String echostr) {
        if (!CallbackCrypto.matches(CallbackCrypto.signature(account.pushToken, timestamp, nonce), signature)) {
            throw new CallbackRejected("the signature does not match this shop's push token");
        }
        return echostr;
    }

    /**
     * Verifies and stores one encrypted push. A retry of a stored push (the platform sends up to 10) is
     * acknowledged again without a second row; a replayed request (same nonce and timestamp) is refused.
     */
    @Transactional
    public Accepted accept(PlatformAccount account, String msgSignature, String timestamp, String nonce,
                           String encryptType, String body) {
        if (!"aes".equals(encryptType)) {
            throw new CallbackRejected("only safe-mode (encrypt_type=aes) pushes are accepted");
        }
        JsonNode envelope = json(body, "the body is not the platform's JSON envelope");
        String encrypted = envelope.path("Encrypt").asText(null);
        if (encrypted == null || timestamp == null || nonce == null) {
            throw new CallbackRejected("Encrypt, timestamp and nonce are required");
        }
        if (!CallbackCrypto.matches(CallbackCrypto.msgSignature(account.pushToken, timestamp, nonce, encrypted), msgSignature)) {
            throw new CallbackRejected("msg_signature does not match this shop's push token");
        }
        long sentAt = parseTimestamp(timestamp);
        Instant now = clock.instant();
        if (Duration.between(Instant.ofEpochSecond(sentAt), now).abs().compareTo(config.pushMaxSkew()) > 0) {
            throw new CallbackRejected("the push timestamp " + timestamp + " is stale");
        }
        String message = CallbackCrypto.decrypt(account.encodingAesKey, account.appId, encrypted);
        int nonceRows = entityManager.createNativeQuery("""
                INSERT INTO platform_push_nonces (shop_id, nonce, timestamp, seen_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT DO NOTHING""")
                .setParameter(1, account.shopId).setParameter(2, nonce).setParameter(3, sentAt).setParameter(4, now)
                .executeUpdate();
        if (nonceRows == 0) {
            throw new CallbackRejected("replayed push: nonce " + nonce + " was already used at " + timestamp);
        }
        JsonNode push = json(message, "the decrypted push is not JSON");
        String event = push.path("Event").asText("");
        // order_id arrives as a JSON number beyond 2^53: Jackson reads it exactly; keep its digits as text.
        JsonNode orderId = push.path("order_info").path("order_id");
        if (orderId.isMissingNode() || orderId.isNull()) {
            orderId = push.path("finder_shop_aftersale_status_update").path("order_id");
        }
        long createTime = push.path("CreateTime").asLong(sentAt);
        @SuppressWarnings("unchecked")
        java.util.List<Number> ids = entityManager.createNativeQuery("""
                INSERT INTO platform_pushes (shop_id, event, order_id, create_time, body, received_at)
                VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), ?6)
                ON CONFLICT (shop_id, event, order_id, create_time) DO NOTHING RETURNING id""")
                .setParameter(1, account.shopId).setParameter(2, event)
                .setParameter(3, orderId.isMissingNode() || orderId.isNull() ? null : orderId.asText())
                .setParameter(4, createTime).setParameter(5, message).setParameter(6, now)
                .getResultList();
        if (ids.isEmpty()) {
            return new Accepted(-1, true);
        }
        work.submit(PushProcessor.QUEUE, account.shopId, ids.get(0).toString(), now);
        return new Accepted(ids.get(0).longValue(), false);
    }

    private JsonNode json(String text, String reason) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw new CallbackRejected(reason);
            }
            return node;
        } catch (IOException e) {
            throw new CallbackRejected(reason);
        }
    }

    private static long parseTimestamp(String timestamp) {
        try {
            return Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new CallbackRejected("timestamp " + timestamp + " is not a number");
        }
    }
}
