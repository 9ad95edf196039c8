package io.shipsync.eventing.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shipsync.eventing.failure.FailureKind;
import io.shipsync.eventing.failure.Failures;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String K1 = key();
    private static final String K2 = key();
    private static final SealedColumn APP_SECRET = SealedColumn.of("platform_accounts", "shop_id", "app_secret");
    private static final SealedColumn PUSH_TOKEN = SealedColumn.of("platform_accounts", "shop_id", "push_token");
    private static final String SECRET = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    @Test
    void aSealedValueOpensToItsPlaintextAndShowsNothingOfIt() {
        SecretCipher cipher = SecretCipher.fromSettings("k1:" + K1, null);
        String sealed = cipher.seal(SECRET, APP_SECRET.place("shop-1"));

        assertThat(sealed).startsWith("v1:k1:").doesNotContain(SECRET)
                .doesNotContain(Base64.getEncoder().encodeToString(SECRET.getBytes()));
        assertThat(Base64.getDecoder().decode(sealed.substring("v1:k1:".length())))
                .hasSize(12 + SECRET.length() + 16); // IV, ciphertext, 128-bit tag
        assertThat(cipher.open(sealed, APP_SECRET.place("shop-1"))).isEqualTo(SECRET);
        assertThat(SecretCipher.keyIdOf(sealed)).contains("k1");
        assertThat(cipher.open(cipher.seal("", APP_SECRET.place("shop-1")), APP_SECRET.place("shop-1"))).isEmpty();
        assertThat(cipher.open(cipher.seal("密钥", APP_SECRET.place("店")), APP_SECRET.place("店"))).isEqualTo("密钥");
    }

    @Test
    void aFingerprintIsStablePerKeyAndPurposeAndShowsNothingOfItsValue() {
        SecretCipher cipher = SecretCipher.fromSettings("k1:" + K1, null);
        String ip = "203.0.113.7";
        String print = cipher.fingerprint("buyer-ip", ip);

        assertThat(print).startsWith("k1:").doesNotContain(ip).hasSize("k1:".length() + 43); // 256 bits, base64url
        assertThat(cipher.fingerprint("buyer-ip", ip)).isEqualTo(print);
        assertThat(cipher.fingerprint("buyer-ip", "203.0.113.8")).isNotEqualTo(print);
        assertThat(cipher.fingerprint("openid", ip)).as("another purpose").isNotEqualTo(print);
        assertThat(SecretCipher.fromSettings("k1:" + K2, null).fingerprint("buyer-ip", ip))
                .as("other key material").isNotEqualTo(print);
        assertThat(SecretCipher.fromSettings("k1:" + K1 + ",k2:" + K2, "k2").fingerprint("buyer-ip", ip))
                .as("after a rotation").startsWith("k2:").isNotEqualTo(print);
    }

    @Test
    void everySealUsesAFreshIv() {
        SecretCipher cipher = SecretCipher.fromSettings("k1:" + K1, null);
        Set<String> sealed = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            sealed.add(cipher.seal(SECRET, APP_SECRET.place("shop-1")));
        }
        assertThat(sealed).hasSize(100);
        assertThat(sealed).extracting(s -> s.substring(0, "v1:k1:".length() + 16)).doesNotHaveDuplicates();
    }

    @Test
    void aValueMovedToAnotherRowOrColumnDoesNotOpen() {
        SecretCipher cipher = SecretCipher.fromSettings("k1:" + K1, null);
        String sealed = cipher.seal(SECRET, APP_SECRET.place("shop-1"));

        assertThatThrownBy(() -> cipher.open(sealed, APP_SECRET.place("shop-2")))
                .isInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("platform_accounts.app_secret of [shop-2]").hasMessageContaining("does not authenticate")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> cipher.open(sealed, PUSH_TOKEN.place("shop-1")))
                .isInstanceOf(SecretUnreadable.class).hasMessageContaining("push_token");
        // the row's key values are separated, not concatenated: ("ab","c") is not ("a","bc")
        SealedColumn twoKeys = new SealedColumn("t", List.of("a", "b"), "secret");
        String split = cipher.seal(SECRET, twoKeys.place("ab", "c"));
        assertThatThrownBy(() -> cipher.open(split, twoKeys.place("a", "bc"))).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void aTamperedValueFailsClearlyInsteadOfOpeningToGarbage() {
        SecretCipher cipher = SecretCipher.fromSettings("k1:" + K1, null);
        String sealed = cipher.seal(SECRET, APP_SECRET.place("shop-1"));
        byte[] raw = Base64.getDecoder().decode(sealed.substring("v1:k1:".length()));
        for (int at : new int[] {0, 11, 12, raw.length - 1}) { // the IV, the ciphertext, the tag
            byte[] flipped = raw.clone();
            flipped[at] ^= 1;
            String tampered = "v1:k1:" + Base64.getEncoder().encodeToString(flipped);
            assertThatThrownBy(() -> cipher.open(tampered, APP_SECRET.place("shop-1")))
                    .isInstanceOf(SecretUnreadable.class).hasMessageContaining("does not authenticate");
        }
        assertThatThrownBy(() -> cipher.open("v1:k1:AAAA", APP_SECRET.place("shop-1")))
                .isInstanceOf(SecretUnreadable.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> cipher.open("v1:k1:not base64!", APP_SECRET.place("shop-1")))
                .isInstanceOf(SecretUnreadable.class).hasMessageContaining("not base64");
        assertThatThrownBy(() -> cipher.open(SECRET, APP_SECRET.place("shop-1")))
                .isInstanceOf(SecretUnreadable.class).hasMessageContaining("not sealed").hasMessageNotContaining(SECRET);
        // work that needs the secret waits for the operator's fix instead of dying
        assertThat(Failures.classify(new RuntimeException(new SecretUnreadable(APP_SECRET.place("s"), "x"))))
                .isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void oldKeysStillOpenAfterTheActiveKeyChangesAndAnUnknownKeyIdIsNamed() {
        String underK1 = SecretCipher.fromSettings("k1:" + K1, null).seal(SECRET, APP_SECRET.place("shop-1"));
        SecretCipher rotated = SecretCipher.fromSettings("k1:" + K1 + ", k2:" + K2, "k2");

        assertThat(rotated.open(underK1, APP_SECRET.place("shop-1"))).isEqualTo(SECRET);
        String underK2 = rotated.seal(SECRET, APP_SECRET.place("shop-1"));
        assertThat(underK2).startsWith("v1:k2:");

        SecretCipher withoutK1 = SecretCipher.fromSettings("k2:" + K2, null);
        assertThat(withoutK1.open(underK2, APP_SECRET.place("shop-1"))).isEqualTo(SECRET);
        assertThatThrownBy(() -> withoutK1.open(underK1, APP_SECRET.place("shop-1")))
                .isInstanceOf(SecretUnreadable.class).hasMessageContaining("key id 'k1'");
        // other key material under the same id does not open it either
        SecretCipher impostor = SecretCipher.fromSettings("k1:" + K2, null);
        assertThatThrownBy(() -> impostor.open(underK1, APP_SECRET.place("shop-1")))
                .isInstanceOf(SecretUnreadable.class).hasMessageContaining("does not authenticate");
    }

    @Test
    void missingOrMalformedSettingsAreNamedWithoutEchoingKeyMaterial() {
        assertThatThrownBy(() -> SecretCipher.fromSettings(null, null))
                .hasMessageContaining("shipsync.secrets.keys").hasMessageContaining("SHIPSYNC_SECRETS_KEYS");
        assertThatThrownBy(() -> SecretCipher.fromSettings(" ", "k1")).hasMessageContaining("shipsync.secrets.keys");
        assertThatThrownBy(() -> SecretCipher.fromSettings("k1:" + K1 + ",k2:" + K2, null))
                .hasMessageContaining("shipsync.secrets.active-key").hasMessageContaining("SHIPSYNC_SECRETS_ACTIVE_KEY");
        assertThatThrownBy(() -> SecretCipher.fromSettings("k1:" + K1, "k9"))
                .hasMessageContaining("shipsync.secrets.active-key is k9");
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretCipher.fromSettings("k1:" + short16, null))
                .hasMessageContaining("16 bytes").hasMessageNotContaining(short16);
        assertThatThrownBy(() -> SecretCipher.fromSettings("k1:***", null)).hasMessageContaining("not base64");
        assertThatThrownBy(() -> SecretCipher.fromSettings(K1, null)).hasMessageContaining("id:base64").hasMessageNotContaining(K1);
        assertThatThrownBy(() -> SecretCipher.fromSettings("k1:" + K1 + ",k1:" + K2, "k1")).hasMessageContaining("twice");

        SecretCipher cipher = SecretCipher.fromSettings("k1:" + K1 + ",k2:" + K2, "k2");
        assertThat(cipher.toString()).contains("k2").doesNotContain(K1).doesNotContain(K2);
        assertThat(cipher.keyIds()).containsExactly("k1", "k2");
    }

    private static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
