package io.shipsync.eventing.secrets;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for storage with AES-256-GCM: a fresh 12-byte IV per value, a 128-bit tag, and the value's
 * {@link SecretPlace} as associated data. Stored text is {@code v1:<key id>:<base64(iv || ciphertext || tag)>}:
 * the key id says which key opens it, so keys can be rotated while old values stay readable. New values are sealed
 * under the active key. Keys come from {@code shipsync.secrets.keys} ({@code id:base64,id:base64}, each 32 bytes)
 * and {@code shipsync.secrets.active-key}.
 */
public final class SecretCipher {

    public static final String KEYS = "shipsync.secrets.keys";
    public static final String ACTIVE_KEY = "shipsync.secrets.active-key";
    static final String PREFIX = "v1:";

    private static final String KEY_ID = "[A-Za-z0-9_-]{1,32}";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HMAC = "HmacSHA256";

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;

    private SecretCipher(Map<String, SecretKeySpec> keys, String activeKeyId) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
    }

    /**
     * Reads the two settings. Anything missing or malformed is refused with a message naming the setting (and its
     * environment variable), never echoing key material.
     */
    public static SecretCipher fromSettings(String keysSetting, String activeKeySetting) {
        if (keysSetting == null || keysSetting.isBlank()) {
            throw new IllegalStateException(KEYS + " (env SHIPSYNC_SECRETS_KEYS) is not set: this service stores platform "
                    + "credentials sealed with AES-256-GCM and needs its key(s), as id:base64 of 32 random bytes, comma-separated "
                    + "(e.g. k1:$(head -c 32 /dev/urandom | base64))");
        }
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        for (String entry : keysSetting.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            String id = colon < 0 ? "" : trimmed.substring(0, colon);
            if (!id.matches(KEY_ID)) {
                throw new IllegalStateException(KEYS + ": each key is id:base64 with an id of 1-32 letters, digits, - or _ ("
                        + (keys.size() + 1) + ". entry is not)");
            }
            byte[] material;
            try {
                material = Base64.getDecoder().decode(trimmed.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(KEYS + ": key " + id + " is not base64");
            }
            if (material.length != 32) {
                throw new IllegalStateException(KEYS + ": key " + id + " has " + material.length + " bytes; AES-256 needs 32");
            }
            if (keys.put(id, new SecretKeySpec(material, "AES")) != null) {
                throw new IllegalStateException(KEYS + ": key id " + id + " appears twice");
            }
        }
        String active = activeKeySetting == null || activeKeySetting.isBlank() ? null : activeKeySetting.trim();
        if (active == null && keys.size() > 1) {
            throw new IllegalStateException(ACTIVE_KEY + " (env SHIPSYNC_SECRETS_ACTIVE_KEY) is not set: with "
                    + keys.size() + " keys " + keys.keySet() + ", name the one new values are sealed under");
        }
        if (active == null) {
            active = keys.keySet().iterator().next();
        }
        if (!keys.containsKey(active)) {
            throw new IllegalStateException(ACTIVE_KEY + " is " + active + ", which is not among " + KEYS + " " + keys.keySet());
        }
        return new SecretCipher(Collections.unmodifiableMap(keys), active);
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** Whether {@code stored} is in the sealed format (not whether it opens). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The key id a sealed value names; empty for anything not in the sealed format. */
    public static Optional<String> keyIdOf(String stored) {
        if (!isSealed(stored)) {
            return Optional.empty();
        }
        int end = stored.indexOf(':', PREFIX.length());
        return end < 0 ? Optional.empty() : Optional.of(stored.substring(PREFIX.length(), end));
    }

    /** {@code plaintext} sealed under the active key for {@code place}. */
    public String seal(String plaintext, SecretPlace place) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(place));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return PREFIX + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** The plaintext of a value sealed for {@code place}; anything else is {@link SecretUnreadable}. */
    public String open(String stored, SecretPlace place) {
        if (stored == null) {
            throw new SecretUnreadable(place, "there is no value");
        }
        if (!isSealed(stored)) {
            throw new SecretUnreadable(place, "it is not sealed (" + PREFIX + "<key id>:…); a plaintext value is sealed at start");
        }
        int end = stored.indexOf(':', PREFIX.length());
        String keyId = end < 0 ? "" : stored.substring(PREFIX.length(), end);
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new SecretUnreadable(place, "it is sealed under key id '" + keyId + "', which " + KEYS + " does not hold "
                    + keys.keySet());
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(stored.substring(end + 1));
        } catch (IllegalArgumentException e) {
            throw new SecretUnreadable(place, "its ciphertext is not base64 (altered)");
        }
        if (sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new SecretUnreadable(place, "its ciphertext is too short (altered)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(associatedData(place));
            byte[] plain = cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretUnreadable(place, "it does not authenticate under key '" + keyId
                    + "': altered, moved from another row or column, or sealed with other key material under that id");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * A keyed fingerprint of {@code value} for {@code purpose} (a buyer's openid, an IP address): equal values give equal
     * text under the same active key, so they can be counted without being kept, and without the key not even a small
     * space (every IPv4 address) can be searched for a value. Text is {@code <key id>:<base64url(HMAC-SHA256)>}, the
     * HMAC key derived from the active key for the purpose; after a rotation new fingerprints differ from earlier ones.
     */
    public String fingerprint(String purpose, String value) {
        try {
            Mac derive = Mac.getInstance(HMAC);
            derive.init(new SecretKeySpec(keys.get(activeKeyId).getEncoded(), HMAC));
            byte[] purposeKey = derive.doFinal(("shipsync fingerprint\0" + purpose).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(purposeKey, HMAC));
            return activeKeyId + ":" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /** Names the keys, never their material. */
    @Override
    public String toString() {
        return "SecretCipher[active=" + activeKeyId + ", keys=" + keys.keySet() + "]";
    }

    /**
     * {@code v1 NUL table NUL column NUL key...}: NUL can't occur in PostgreSQL text, so no two places share one
     * encoding.
     */
    private static byte[] associatedData(SecretPlace place) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> parts = new ArrayList<>(List.of("v1", place.table(), place.column()));
        parts.addAll(place.row());
        for (String part : parts) {
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }
}
