package io.shipsync.order.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.eventing.secrets.SealedColumn;
import io.shipsync.eventing.secrets.SecretCipher;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.order.BuyerMask;
import io.shipsync.order.platform.CallbackCrypto.CallbackRejected;
import io.shipsync.order.platform.CallbackCrypto.CallbackRejected.Reason;
import io.shipsync.wechat.PlatformAccount;
import io.shipsync.wechat.PlatformSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Accepts WeChat Shop message pushes (消息推送): verifies, decrypts and stores each one before the
 * endpoint answers {@code success}, so the answer stays far inside the platform's 5 s window and
 * nothing accepted is lost; the push's work item is submitted in the same transaction and
 * {@link PushProcessor} does the work afterwards.
 */
@ApplicationScoped
public class PushInbox {

    /** Where the decoy token is sealed for: no table has it, so no stored value opens there. */
    private static final SealedColumn DECOY = SealedColumn.of("push_inbox", "decoy", "push_token");

    private final EntityManager entityManager;
    private final ObjectMapper mapper;
    private final PlatformConfig config;
    private final WorkQueue work;
    private final PlatformSecrets secrets;
    private final SecretCipher cipher;
    private final Clock clock;
    /**
     * Signs for shops that do not exist: random per process, so no caller can produce a signature it accepts. Kept
     * sealed like a shop's push token and opened for each use, so an unknown shop costs the same decryption.
     */
    private final String sealedDecoyToken;

    PushInbox(EntityManager entityManager, ObjectMapper mapper, PlatformConfig config, WorkQueue work,
              PlatformSecrets secrets, SecretCipher cipher, Clock clock) {
        this.entityManager = entityManager;
        this.mapper = mapper;
        this.config = config;
        this.work = work;
        this.secrets = secrets;
        this.cipher = cipher;
        this.clock = clock;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.sealedDecoyToken = cipher.seal(HexFormat.of().formatHex(random), DECOY.place("decoy"));
    }

    /** What one push asked of us, as stored. */
    public record Accepted(long pushId, boolean duplicate) {
    }

    /**
     * URL verification: returns {@code echostr} when the signature is the shop's. An unknown shop is refused like a
     * wrong signature, after the same work (see {@link #accept}).
     */
    @Transactional
    public String verifyUrl(String shopId, String signature, String timestamp, String nonce, String echostr) {
        PlatformAccount account = PlatformAccount.findById(shopId);
        boolean signed = CallbackCrypto.matches(
                CallbackCrypto.signature(pushToken(account), orEmpty(timestamp), orEmpty(nonce)), signature);
        if (account == null) {
            throw new CallbackRejected(Reason.UNKNOWN_SHOP, "no account for shop " + shopId);
        }
        if (!signed) {
            throw new CallbackRejected(Reason.BAD_SIGNATURE, "the signature does not match this shop's push token");
        }
        return echostr;
    }

    /**
     * Verifies and stores one encrypted push. A retry of a stored push (the platform sends up to 10) is
     * acknowledged again without a second row; a replayed request (same nonce and timestamp) is refused.
     * The signature is checked over the raw {@code Encrypt} field, found by a bounded scan, before anything else
     * of the body is parsed. An unknown shop costs the same as a known one (one row lookup by key, the scan, one
     * decryption and one SHA-1 of a decoy token, a constant-time comparison), and is refused after that work, so
     * neither the answer nor its time tells a caller which shops exist.
     */
    @Transactional
    public Accepted accept(String shopId, String msgSignature, String timestamp, String nonce, String encryptType,
                           String body) {
        PlatformAccount account = PlatformAccount.findById(shopId);
        String encrypted = PushEnvelope.encrypted(body);
        boolean signed = CallbackCrypto.matches(CallbackCrypto.msgSignature(
                pushToken(account), orEmpty(timestamp), orEmpty(nonce), orEmpty(encrypted)), msgSignature);
        if (account == null) {
            throw new CallbackRejected(Reason.UNKNOWN_SHOP, "no account for shop " + shopId);
        }
        if (encrypted == null || timestamp == null || nonce == null) {
            throw new CallbackRejected(Reason.MALFORMED, "Encrypt, timestamp and nonce are required");
        }
        if (!signed) {
            throw new CallbackRejected(Reason.BAD_SIGNATURE, "msg_signature does not match this shop's push token");
        }
        if (!"aes".equals(encryptType)) {
            throw new CallbackRejected(Reason.NOT_SAFE_MODE, "only safe-mode (encrypt_type=aes) pushes are accepted");
        }
        long sentAt = parseTimestamp(timestamp);
        Instant now = clock.instant();
        if (Duration.between(Instant.ofEpochSecond(sentAt), now).abs().compareTo(config.pushMaxSkew()) > 0) {
            throw new CallbackRejected(Reason.STALE, "the push timestamp " + timestamp + " is stale");
        }
        String message = CallbackCrypto.decrypt(secrets.encodingAesKey(account), account.appId, encrypted);
        int nonceRows = entityManager.createNativeQuery("""
                INSERT INTO platform_push_nonces (shop_id, nonce, timestamp, seen_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT DO NOTHING""")
                .setParameter(1, account.shopId).setParameter(2, nonce).setParameter(3, sentAt).setParameter(4, now)
                .executeUpdate();
        if (nonceRows == 0) {
            throw new CallbackRejected(Reason.REPLAYED, "replayed push: nonce " + nonce + " was already used at " + timestamp);
        }
        JsonNode push = json(message);
        // FromUserName is the buyer's openid: processing never reads it, so the stored push keeps it masked only.
        if (push instanceof ObjectNode fields && fields.hasNonNull("FromUserName")) {
            fields.put("FromUserName", BuyerMask.openid(fields.get("FromUserName").asText()));
        }
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
                .setParameter(4, createTime).setParameter(5, push.toString()).setParameter(6, now)
                .getResultList();
        if (ids.isEmpty()) {
            return new Accepted(-1, true);
        }
        work.submit(PushProcessor.QUEUE, account.shopId, ids.get(0).toString(), now);
        return new Accepted(ids.get(0).longValue(), false);
    }

    private JsonNode json(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw new CallbackRejected(Reason.MALFORMED, "the decrypted push is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new CallbackRejected(Reason.MALFORMED, "the decrypted push is not JSON");
        }
    }

    private String pushToken(PlatformAccount account) {
        return account == null ? cipher.open(sealedDecoyToken, DECOY.place("decoy")) : secrets.pushToken(account);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static long parseTimestamp(String timestamp) {
        try {
            return Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new CallbackRejected(Reason.MALFORMED, "timestamp " + timestamp + " is not a number");
        }
    }
}
