package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PushCryptoTest {

    @Test
    void signatureMatchesTheDocumentedExample() {
        assertThat(PushCrypto.signature("AAAAA", "1714036504", "1514711492"))
                .isEqualTo("f464b24fc39322e44b38aa78f5edd27bd1441696");
    }

    @Test
    void msgSignatureSortsAllFourParts() {
        assertThat(PushCrypto.msgSignature("AAAAA", "1714036504", "1514711492", "cipher"))
                .isEqualTo(PushReceiver.sha1Sorted("cipher", "AAAAA", "1514711492", "1714036504"));
    }

    @Test
    void encryptionRoundTripsThroughAnIndependentDecryption() throws Exception {
        String message = "{\"ToUserName\":\"gh_abc\",\"Event\":\"channels_ec_order_pay\","
                + "\"order_info\":{\"order_id\":3705115058471208928},\"note\":\"中文\"}";
        try (PushReceiver receiver = new PushReceiver("t", Fixtures.AES_KEY)) {
            for (int length = 0; length < 70; length++) {
                String msg = message + " ".repeat(length);
                String encrypt = PushCrypto.encrypt(Fixtures.AES_KEY, "wx1234567890abcdef", msg, new SecureRandom());
                assertThat(Base64.getDecoder().decode(encrypt).length % 32).isZero();
                assertThat(receiver.decrypt(encrypt)).containsExactly(msg, "wx1234567890abcdef");
            }
        }
    }

    @Test
    void theRandomPrefixMakesEveryCiphertextDifferent() {
        SecureRandom random = new SecureRandom();
        assertThat(PushCrypto.encrypt(Fixtures.AES_KEY, "wx1", "{}", random))
                .isNotEqualTo(PushCrypto.encrypt(Fixtures.AES_KEY, "wx1", "{}", random));
    }
}
