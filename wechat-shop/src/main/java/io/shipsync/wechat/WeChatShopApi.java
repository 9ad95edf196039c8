package io.shipsync.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A call to the WeChat Shop (微信小店) API on behalf of one shop, with its cached access token. A refused
 * token (40001/42001) is refreshed once and the call repeated; every other errcode surfaces as
 * {@link PlatformError}, for the caller's retry policy to judge.
 */
@ApplicationScoped
public class WeChatShopApi {

    private final PlatformHttp http;
    private final AccessTokens tokens;

    WeChatShopApi(PlatformHttp http, AccessTokens tokens) {
        this.http = http;
        this.tokens = tokens;
    }

    /** POSTs {@code body} to {@code path}; returns the answer when its errcode is 0. */
    public JsonNode call(String shopId, String path, Object body) {
        String token = tokens.current(shopId);
        try {
            return http.post(path, token, body);
        } catch (PlatformError e) {
            if (e.errcode() != PlatformError.INVALID_TOKEN && e.errcode() != PlatformError.TOKEN_EXPIRED) {
                throw e;
            }
            return http.post(path, tokens.refresh(shopId, token), body);
        }
    }
}
