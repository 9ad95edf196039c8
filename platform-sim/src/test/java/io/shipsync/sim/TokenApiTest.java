package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenApiTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));
    private PlatformSim sim;
    private WeChatClient client;
    private ShopSpec shop;

    @BeforeEach
    void start() {
        sim = PlatformSim.start(PlatformSim.Config.defaults().withClock(clock));
        client = new WeChatClient(sim.baseUrl());
        shop = Fixtures.seed(sim, "shop-1", null);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void issuesATokenThatOpensTheApis() {
        JsonNode reply = client.get("/cgi-bin/token?grant_type=client_credential&appid=" + shop.appId()
                + "&secret=" + shop.appSecret());
        assertThat(reply.path("expires_in").asLong()).isEqualTo(7200);
        assertThat(reply.has("errcode")).isFalse();
        assertThat(reply.path("access_token").asText()).hasSizeGreaterThan(100);
        assertThat(stockGet(reply.path("access_token").asText()).path("errcode").asInt()).isZero();
    }

    @Test
    void refusesBadAppidSecretAndGrantType() {
        assertThat(client.get("/cgi-bin/token?grant_type=client_credential&appid=wxnope&secret=x")
                .path("errcode").asInt()).isEqualTo(40013);
        JsonNode badSecret = client.get("/cgi-bin/token?grant_type=client_credential&appid=" + shop.appId()
                + "&secret=wrong");
        assertThat(badSecret.path("errcode").asInt()).isEqualTo(40001);
        assertThat(client.get("/cgi-bin/token?grant_type=password&appid=" + shop.appId() + "&secret="
                + shop.appSecret()).path("errcode").asInt()).isEqualTo(40002);
        assertThat(stable(false).path("access_token").isMissingNode()).isFalse();
        assertThat(client.post("/cgi-bin/stable_token", null, Map.of("grant_type", "client_credential",
                "appid", shop.appId(), "secret", "wrong")).path("errcode").asInt()).isEqualTo(40001);
    }

    @Test
    void missingInvalidOrExpiredTokensAnswer40001() {
        String token = client.token(shop.appId(), shop.appSecret());
        JsonNode missing = client.post("/channels/ec/product/stock/get", null,
                Map.of("product_id", Fixtures.PRODUCT, "sku_id", Fixtures.SKU_A));
        assertThat(missing.path("errcode").asInt()).isEqualTo(40001);
        assertThat(missing.path("errmsg").asText())
                .matches("invalid credential, access_token is invalid or not latest rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}");
        assertThat(stockGet("not-a-token").path("errcode").asInt()).isEqualTo(40001);
        clock.advance(Duration.ofSeconds(7199));
        assertThat(stockGet(token).path("errcode").asInt()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(stockGet(token).path("errcode").asInt()).isEqualTo(40001);
    }

    @Test
    void refetchingReplacesTheTokenAndTheOldOneLivesFiveMinutes() {
        String first = client.token(shop.appId(), shop.appSecret());
        String second = client.token(shop.appId(), shop.appSecret());
        assertThat(second).isNotEqualTo(first);
        clock.advance(Duration.ofSeconds(299));
        assertThat(stockGet(first).path("errcode").asInt()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(stockGet(first).path("errcode").asInt()).isEqualTo(40001);
        assertThat(stockGet(second).path("errcode").asInt()).isZero();
    }

    @Test
    void stableTokenIsReusedUntilForceRefresh() {
        JsonNode first = stable(false);
        clock.advance(Duration.ofSeconds(100));
        JsonNode again = stable(false);
        assertThat(again.path("access_token").asText()).isEqualTo(first.path("access_token").asText());
        assertThat(again.path("expires_in").asLong()).isEqualTo(7100);

        JsonNode refreshed = stable(true);
        String old = first.path("access_token").asText();
        assertThat(refreshed.path("access_token").asText()).isNotEqualTo(old);
        assertThat(stable(false).path("access_token").asText()).isEqualTo(refreshed.path("access_token").asText());
        clock.advance(Duration.ofMinutes(4));
        assertThat(stockGet(old).path("errcode").asInt()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(stockGet(old).path("errcode").asInt()).isEqualTo(40001);
        assertThat(stockGet(refreshed.path("access_token").asText()).path("errcode").asInt()).isZero();
    }

    @Test
    void stableTokenIsIndependentOfTheTokenEndpoint() {
        String stableToken = stable(false).path("access_token").asText();
        client.token(shop.appId(), shop.appSecret());
        clock.advance(Duration.ofMinutes(10));
        assertThat(stockGet(stableToken).path("errcode").asInt()).isZero();
    }

    @Test
    void stableTokenRotatesWhenLessThanFiveMinutesRemain() {
        String first = stable(false).path("access_token").asText();
        clock.advance(Duration.ofSeconds(7200 - 299));
        String next = stable(false).path("access_token").asText();
        assertThat(next).isNotEqualTo(first);
        assertThat(stockGet(first).path("errcode").asInt()).isZero();
    }

    private JsonNode stable(boolean forceRefresh) {
        return client.post("/cgi-bin/stable_token", null, Map.of("grant_type", "client_credential",
                "appid", shop.appId(), "secret", shop.appSecret(), "force_refresh", forceRefresh));
    }

    private JsonNode stockGet(String token) {
        return client.post("/channels/ec/product/stock/get", token,
                Map.of("product_id", Fixtures.PRODUCT, "sku_id", Fixtures.SKU_A));
    }
}
