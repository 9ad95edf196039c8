package io.shipsync.order.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CallbackCryptoTest {

    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String APP_ID = "wx1234567890abcdef";

    @Test
    void theDocumentedSignatureExampleVerifies() {
        assertThat(CallbackCrypto.signature("AAAAA", "1714036504", "1514711492"))
                .isEqualTo("f464b24fc39322e44b38aa78f5edd27bd1441696");
        assertThat(CallbackCrypto.matches("f464b24fc39322e44b38aa78f5edd27bd1441696",
                "F464B24FC39322E44B38AA78F5EDD27BD1441696")).isTrue();
        assertThat(CallbackCrypto.matches("f464b24fc39322e44b38aa78f5edd27bd1441696", "f464")).isFalse();
    }

    @Test
    void decryptsWhatThePlatformEncrypts() throws Exception {
        String message = "{\"Event\":\"channels_ec_order_pay\",\"order_info\":{\"order_id\":3705115058471208928}}";
        assertThat(CallbackCrypto.decrypt(AES_KEY, APP_ID, encrypt(message, APP_ID))).isEqualTo(message);
    }

    @Test
    void refusesTamperedCiphertextAndAnotherAppsMessage() throws Exception {
        String encrypted = encrypt("{\"Event\":\"x\"}", APP_ID);
        byte[] bytes = Base64.getDecoder().decode(encrypted);
        bytes[bytes.length - 1] ^= 0x55;
        String tampered = Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> CallbackCrypto.decrypt(AES_KEY, APP_ID, tampered))
                .isInstanceOf(CallbackCrypto.CallbackRejected.class);
        assertThatThrownBy(() -> CallbackCrypto.decrypt(AES_KEY, APP_ID, encrypt("{}", "wxsomeoneelse")))
                .isInstanceOf(CallbackCrypto.CallbackRejected.class).hasMessageContaining("wxsomeoneelse");
        assertThatThrownBy(() -> CallbackCrypto.decrypt(AES_KEY, APP_ID, "not base64!"))
                .isInstanceOf(CallbackCrypto.CallbackRejected.class);
    }

    /** The platform's side, written independently: random(16) ‖ len ‖ msg ‖ appid, padded to 32. */
    static String encrypt(String message, String appId) throws Exception {
        byte[] key = Base64.getDecoder().decode(AES_KEY + "=");
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        plain.write("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        plain.write(ByteBuffer.allocate(4).putInt(body.length).array());
        plain.write(body);
        plain.write(appId.getBytes(StandardCharsets.UTF_8));
        int pad = 32 - plain.size() % 32;
        for (int i = 0; i < pad; i++) {
            plain.write(pad);
        }
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
        return Base64.getEncoder().encodeToString(cipher.doFinal(plain.toByteArray()));
    }
}
