package io.shipsync.infra.testing;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The key a packaged service under test seals its stored platform credentials with (eventing's SecretCipher) when it
 * runs in production's profile, which has none by default. Made for this JVM: nothing secret is committed, and every
 * service and replica of one run, restarts included, opens what another sealed.
 */
public final class TestSecrets {

    private static final String KEYS = "run:" + Base64.getEncoder().encodeToString(randomKey());

    private TestSecrets() {
    }

    /** {@code shipsync.secrets.keys} and {@code shipsync.secrets.active-key}, as system properties for a service. */
    public static Map<String, String> serviceConfig() {
        return Map.of("shipsync.secrets.keys", KEYS, "shipsync.secrets.active-key", "run");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
