package io.shipsync.wechat;

import io.shipsync.eventing.secrets.SealedColumn;
import io.shipsync.eventing.secrets.SealedColumns;
import io.shipsync.eventing.secrets.SecretCipher;
import io.shipsync.eventing.secrets.SecretUnreadable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The one way the WeChat Shop secrets are read and written: app secret, push token, EncodingAESKey and cached
 * access token, each sealed for its own shop and column. Registering them makes every service with these tables
 * seal plaintext rows at start and include them in rotation (eventing's SealedSecrets).
 */
@ApplicationScoped
public class PlatformSecrets implements SealedColumns {

    public static final SealedColumn APP_SECRET = SealedColumn.of("platform_accounts", "shop_id", "app_secret");
    public static final SealedColumn PUSH_TOKEN = SealedColumn.of("platform_accounts", "shop_id", "push_token");
    public static final SealedColumn ENCODING_AES_KEY = SealedColumn.of("platform_accounts", "shop_id", "encoding_aes_key");
    public static final SealedColumn ACCESS_TOKEN = SealedColumn.of("platform_access_tokens", "shop_id", "access_token");

    private final SecretCipher cipher;

    PlatformSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public List<SealedColumn> sealedColumns() {
        return List.of(APP_SECRET, PUSH_TOKEN, ENCODING_AES_KEY, ACCESS_TOKEN);
    }

    /** Sets the account's secrets, sealed. */
    public void store(PlatformAccount account, String appSecret, String pushToken, String encodingAesKey) {
        account.sealedAppSecret = cipher.seal(appSecret, APP_SECRET.place(account.shopId));
        account.sealedPushToken = cipher.seal(pushToken, PUSH_TOKEN.place(account.shopId));
        account.sealedEncodingAesKey = cipher.seal(encodingAesKey, ENCODING_AES_KEY.place(account.shopId));
    }

    /** @throws SecretUnreadable if the stored value does not open for this shop */
    public String appSecret(PlatformAccount account) {
        return cipher.open(account.sealedAppSecret, APP_SECRET.place(account.shopId));
    }

    /** @throws SecretUnreadable if the stored value does not open for this shop */
    public String pushToken(PlatformAccount account) {
        return cipher.open(account.sealedPushToken, PUSH_TOKEN.place(account.shopId));
    }

    /** @throws SecretUnreadable if the stored value does not open for this shop */
    public String encodingAesKey(PlatformAccount account) {
        return cipher.open(account.sealedEncodingAesKey, ENCODING_AES_KEY.place(account.shopId));
    }

    String sealAccessToken(String shopId, String accessToken) {
        return cipher.seal(accessToken, ACCESS_TOKEN.place(shopId));
    }

    /** @throws SecretUnreadable if the stored value does not open for this shop */
    String openAccessToken(String shopId, String sealed) {
        return cipher.open(sealed, ACCESS_TOKEN.place(shopId));
    }
}
