package io.shipsync.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platform's push signing and 安全模式 encryption (reference §2.2–2.3): SHA-1 over the sorted,
 * concatenated parts; AES-256-CBC with key = Base64(EncodingAESKey + "="), IV = key[0:16], PKCS#7 padding to
 * 32-byte blocks over {@code random16 ‖ len(4, big-endian) ‖ msg ‖ appid}.
 */
public final class PushCrypto {

    private static final int BLOCK = 32;

    private PushCrypto() {
    }

    /** The URL {@code signature}: sha1(sort([token, timestamp, nonce]) joined). */
    public static String signature(String token, String timestamp, String nonce) {
        return sortedSha1(token, timestamp, nonce);
    }

    /** The {@code msg_signature} of an encrypted push: sha1(sort([token, timestamp, nonce, Encrypt]) joined). */
    public static String msgSignature(String token, String timestamp, String nonce, String encrypt) {
        return sortedSha1(token, timestamp, nonce, encrypt);
    }

    /** The base64 {@code Encrypt} value for {@code message}, with 16 random bytes from {@code random}. */
    public static String encrypt(String encodingAesKey, String appId, String message, Random random) {
        byte[] key = aesKey(encodingAesKey);
        byte[] prefix = new byte[16];
        random.nextBytes(prefix);
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        int length = prefix.length + 4 + msg.length + app.length;
        int pad = BLOCK - length % BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(length + pad)
                .put(prefix).putInt(msg.length).put(msg).put(app);
        byte[] padding = new byte[pad];
        Arrays.fill(padding, (byte) pad);
        plain.put(padding);
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(key, 0, 16)));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is not available", e);
        }
    }

    static byte[] aesKey(String encodingAesKey) {
        byte[] key = Base64.getDecoder().decode(encodingAesKey + "=");
        if (key.length != 32) {
            throw new IllegalArgumentException("EncodingAESKey must decode to 32 bytes");
        }
        return key;
    }

    private static String sortedSha1(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
