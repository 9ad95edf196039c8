package io.shipsync.sim;

import java.util.regex.Pattern;

/**
 * A shop (微信小店) as the platform knows it: its app credentials ({@code appId}/{@code appSecret}, used to
 * take access tokens) and its message-push (消息推送) settings: {@code token}, {@code encodingAesKey} (43
 * characters) and the callback URL, which may be absent. {@code username} is the shop's {@code gh_…} name,
 * sent as {@code ToUserName} in pushes.
 */
public record ShopSpec(String shopId, String appId, String appSecret, String token, String encodingAesKey,
                       String callbackUrl, String username) {

    private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9]{43}");

    public ShopSpec {
        Require.text(shopId, "shopId");
        Require.text(appId, "appId");
        Require.text(appSecret, "appSecret");
        Require.text(token, "token");
        if (encodingAesKey == null || !AES_KEY.matcher(encodingAesKey).matches()) {
            throw new IllegalArgumentException("encodingAesKey must be 43 characters [A-Za-z0-9]");
        }
        if (username == null || !username.startsWith("gh_")) {
            throw new IllegalArgumentException("username must be the shop's gh_… name");
        }
        if (callbackUrl != null && callbackUrl.isBlank()) {
            callbackUrl = null;
        }
    }

    public ShopSpec withCallbackUrl(String url) {
        return new ShopSpec(shopId, appId, appSecret, token, encodingAesKey, url, username);
    }
}
