package io.shipsync.order.platform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat message push (消息推送) in 安全模式: the signatures that prove a push came from the platform,
 * and the AES-256-CBC envelope around its JSON. The platform pads to 32-byte blocks (its own PKCS#7
 * variant), uses the key's first 16 bytes as IV, and frames the plaintext as
 * {@code random(16) ‖ length(4, big-endian) ‖ message ‖ appid}.
 */
public final class CallbackCrypto {

    private static final int BLOCK = 32;

    private CallbackCrypto() {
    }

    /** URL verification (GET) signature: sha1 of token, timestamp and nonce, sorted and joined. */
    public static String signature(String token, String timestamp, String nonce) {
        return sha1Sorted(token, timestamp, nonce);
    }

    /** Signature of an encrypted push: the plain signature is not valid for ciphertext. */
    public static String msgSignature(String token, String timestamp, String nonce, String encrypted) {
        return sha1Sorted(token, timestamp, nonce, encrypted);
    }

    /** Constant-time comparison, so a forger learns nothing from response times. */
    public static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Decrypts a push and checks it was meant for {@code appId}.
     *
     * @throws CallbackRejected when the ciphertext, its padding, its framing or its appid is wrong
     */
    public static String decrypt(String encodingAesKey, String appId, String encrypted) {
        byte[] key = aesKey(encodingAesKey);
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
            plain = cipher.doFinal(Base64.getDecoder().decode(encrypted));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new CallbackRejected(CallbackRejected.Reason.UNDECRYPTABLE, "the ciphertext cannot be decrypted with this shop's EncodingAESKey");
        }
        int pad = plain.length == 0 ? 0 : plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > plain.length) {
            throw new CallbackRejected(CallbackRejected.Reason.UNDECRYPTABLE, "the decrypted message has invalid padding");
        }
        byte[] unpadded = Arrays.copyOf(plain, plain.length - pad);
        if (unpadded.length < 20) {
            throw new CallbackRejected(CallbackRejected.Reason.UNDECRYPTABLE, "the decrypted message is too short");
        }
        int length = ByteBuffer.wrap(unpadded, 16, 4).getInt();
        if (length < 0 || 20 + length > unpadded.length) {
            throw new CallbackRejected(CallbackRejected.Reason.UNDECRYPTABLE, "the decrypted message has an invalid length field");
        }
        String message = new String(unpadded, 20, length, StandardCharsets.UTF_8);
        String receivedAppId = new String(unpadded, 20 + length, unpadded.length - 20 - length, StandardCharsets.UTF_8);
        if (!receivedAppId.equals(appId)) {
            throw new CallbackRejected(CallbackRejected.Reason.WRONG_APP, "the push was encrypted for appid " + receivedAppId + ", not this shop's");
        }
        return message;
    }

    static byte[] aesKey(String encodingAesKey) {
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("EncodingAESKey must be 43 characters");
        }
        return Base64.getDecoder().decode(encodingAesKey + "=");
    }

    private static String sha1Sorted(String... parts) {
        String joined = Stream.of(parts).sorted().collect(Collectors.joining());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /**
     * A push that must not be stored: not from the platform, not for this shop, or unreadable. The reason is for
     * the service's metrics and logs; the caller gets one answer whatever it is.
     */
    public static final class CallbackRejected extends RuntimeException {

        /** Why a callback was refused (the {@code reason} tag of {@code shipsync_callback_refusals_total}). */
        public enum Reason {
            TOO_LARGE, MALFORMED, UNKNOWN_SHOP, BAD_SIGNATURE, NOT_SAFE_MODE, STALE, REPLAYED, UNDECRYPTABLE, WRONG_APP
        }

        private final Reason reason;

        public CallbackRejected(Reason reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }
}
