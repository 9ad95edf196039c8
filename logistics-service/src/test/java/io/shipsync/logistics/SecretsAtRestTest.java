package io.shipsync.logistics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.shipsync.eventing.secrets.SealedColumn;
import io.shipsync.eventing.secrets.SealedSecrets;
import io.shipsync.eventing.secrets.SecretCipher;
import io.shipsync.eventing.secrets.SecretUnreadable;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.ShopSpec;
import io.shipsync.wechat.PlatformAccount;
import io.shipsync.wechat.PlatformSecrets;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The shop's WeChat Shop credentials and cached access token at rest in logistics-service: sealed in the raw
 * columns, never shown, re-sealed by rotation, refused clearly when altered or moved, sealed at start when a database
 * from before holds them in plaintext; 接口测试 (a platform call with the shop's token) keeps working through each.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class SecretsAtRestTest {

    private static final List<SealedColumn> COLUMNS = List.of(PlatformSecrets.APP_SECRET, PlatformSecrets.PUSH_TOKEN,
            PlatformSecrets.ENCODING_AES_KEY, PlatformSecrets.ACCESS_TOKEN);
    private static final String ROTATE = "/api/system/secrets/rotate";

    @Inject
    EntityManager entityManager;
    @Inject
    SecretCipher cipher;
    @Inject
    SealedSecrets sealedSecrets;
    @Inject
    PlatformSecrets platformSecrets;
    @ConfigProperty(name = "shipsync.secrets.keys")
    String keys;

    /** A shop on platform-sim with its credentials; {@link #register} stores them through the API. */
    private record Shop(String shopId, String appId, String appSecret, String pushToken, String aesKey) {

        static Shop onPlatform() {
            String appId = "wx" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            Shop shop = new Shop("shop-" + UUID.randomUUID().toString().substring(0, 8), appId, "secret-" + appId,
                    "tok" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                    (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 43));
            PlatformSimResource.sim().createShop(new ShopSpec(shop.shopId, appId, shop.appSecret, shop.pushToken, shop.aesKey,
                    null, "gh_" + appId.substring(2, 14)));
            return shop;
        }

        List<String> secrets() {
            return List.of(appSecret, pushToken, aesKey);
        }
    }

    @Test
    void credentialsAndAccessTokensAreStoredSealedAndNeverShown() {
        Shop shop = register(Shop.onPlatform());
        String checked = checkAccounts(shop);

        Map<String, String> raw = raw(shop.shopId);
        assertThat(raw).hasSize(4);
        List<String> plaintext = new ArrayList<>(shop.secrets());
        plaintext.add(cipher.open(raw.get("access_token"), PlatformSecrets.ACCESS_TOKEN.place(shop.shopId)));
        assertThat(raw.values()).allSatisfy(value -> assertThat(value).startsWith("v1:test-b:"));
        assertNoPlaintext(plaintext);

        String shown = given().auth().oauth2(TestTokens.admin(shop.shopId))
                .get("/api/shops/{s}/platform-account", shop.shopId).then().statusCode(200).extract().asString();
        String status = given().auth().oauth2(TestTokens.token("system")).get("/api/system/secrets")
                .then().statusCode(200).extract().asString();
        for (String secret : plaintext) {
            assertThat(shown).doesNotContain(secret);
            assertThat(checked).doesNotContain(secret);
            assertThat(status).doesNotContain(secret);
        }
        for (String sealed : raw.values()) {
            assertThat(shown).doesNotContain(sealed);
            assertThat(status).doesNotContain(sealed);
        }
    }

    @Test
    void rotationReSealsEveryValueUnderTheActiveKeyAndTheShopKeepsWorking() {
        Shop shop = register(Shop.onPlatform());
        checkAccounts(shop);
        Map<String, String> plaintext = opened(shop.shopId);
        SecretCipher earlier = SecretCipher.fromSettings(keys, "test-a");
        QuarkusTransaction.requiringNew().run(() -> plaintext.forEach((column, value) ->
                write(shop.shopId, column(column), earlier.seal(value, column(column).place(shop.shopId)))));
        assertThat(raw(shop.shopId).values()).allSatisfy(value -> assertThat(value).startsWith("v1:test-a:"));

        given().auth().oauth2(TestTokens.operator(shop.shopId)).post(ROTATE).then().statusCode(403);
        JsonPath rotation = given().auth().oauth2(TestTokens.token("system")).post(ROTATE)
                .then().statusCode(200).extract().jsonPath();

        assertThat(rotation.getString("activeKey")).isEqualTo("test-b");
        assertThat(rotation.getList("columns.column")).containsExactly("app_secret", "push_token", "encoding_aes_key",
                "access_token");
        assertThat(rotation.getList("columns.fromOtherKeys", Integer.class)).containsExactly(1, 1, 1, 1);
        for (SealedColumn column : COLUMNS) {
            rows(column).forEach((shopId, value) -> {
                assertThat(value).as(column + " of " + shopId).startsWith("v1:test-b:");
                assertThat(cipher.open(value, column.place(shopId))).isNotNull();
            });
        }
        assertThat(opened(shop.shopId)).isEqualTo(plaintext);
        given().auth().oauth2(TestTokens.token("system")).get("/api/system/secrets").then().statusCode(200)
                .body("columns.byKey.'test-a'", everyItem(nullValue()))
                .body("columns.unsealed", everyItem(is(0)));

        // with the re-sealed token, then with a new one fetched with the re-sealed app secret
        checkAccounts(shop);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "DELETE FROM platform_access_tokens WHERE shop_id = ?1").setParameter(1, shop.shopId).executeUpdate());
        checkAccounts(shop);
        assertThat(raw(shop.shopId).get("access_token")).startsWith("v1:test-b:");
    }

    @Test
    void aValueMovedToAnotherShopOrAlteredFailsClearlyNamingWhereNotWhat() {
        Shop first = register(Shop.onPlatform());
        Shop second = register(Shop.onPlatform());
        setCarriers(first);
        Map<String, String> firstRaw = raw(first.shopId);
        Map<String, String> secondRaw = raw(second.shopId);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                write(first.shopId, PlatformSecrets.APP_SECRET, secondRaw.get("app_secret"));
                write(second.shopId, PlatformSecrets.ENCODING_AES_KEY, flipLastByte(secondRaw.get("encoding_aes_key")));
            });

            // 接口测试 needs a token, the token needs the app secret: the call fails naming the secret, not the platform
            given().auth().oauth2(TestTokens.operator(first.shopId)).post("/api/shops/{s}/carrier-accounts/check", first.shopId)
                    .then().statusCode(500).contentType("application/problem+json")
                    .body("title", is("Secret unreadable"))
                    .body("detail", containsString("platform_accounts.app_secret of [" + first.shopId + "]"))
                    .body("detail", not(containsString(first.appSecret))).body("detail", not(containsString(second.appSecret)));
            PlatformAccount altered = QuarkusTransaction.requiringNew().call(() -> PlatformAccount.<PlatformAccount>findById(second.shopId));
            assertThatThrownBy(() -> platformSecrets.encodingAesKey(altered)).isInstanceOf(SecretUnreadable.class)
                    .hasMessageContaining("platform_accounts.encoding_aes_key of [" + second.shopId + "]")
                    .hasMessageContaining("does not authenticate").hasMessageNotContaining(second.aesKey);

            Map<String, Map<String, String>> before = allRows();
            given().auth().oauth2(TestTokens.token("system")).post(ROTATE)
                    .then().statusCode(500).contentType("application/problem+json")
                    .body("title", is("Secret unreadable")).body("detail", containsString(first.shopId));
            assertThat(allRows()).as("a failed rotation changes nothing").isEqualTo(before);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                write(first.shopId, PlatformSecrets.APP_SECRET, firstRaw.get("app_secret"));
                write(second.shopId, PlatformSecrets.ENCODING_AES_KEY, secondRaw.get("encoding_aes_key"));
            });
        }
        checkAccounts(first);
    }

    @Test
    void plaintextFromBeforeSealingIsSealedByTheStartUpConversionAndStillWorks() {
        Shop shop = Shop.onPlatform();
        String oldToken = "plain-token-" + shop.appId;
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("""
                    INSERT INTO platform_accounts (shop_id, app_id, app_secret, push_token, encoding_aes_key, updated_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, now())""")
                    .setParameter(1, shop.shopId).setParameter(2, shop.appId).setParameter(3, shop.appSecret)
                    .setParameter(4, shop.pushToken).setParameter(5, shop.aesKey).executeUpdate();
            entityManager.createNativeQuery("""
                    INSERT INTO platform_access_tokens (shop_id, access_token, expires_at, refreshed_at)
                    VALUES (?1, ?2, now() - interval '1 hour', now() - interval '3 hours')""")
                    .setParameter(1, shop.shopId).setParameter(2, oldToken).executeUpdate();
        });
        assertThat(sealedSecrets.status().columns()).allSatisfy(column -> assertThat(column.unsealed()).isEqualTo(1));

        assertThat(sealedSecrets.sealPlaintext()).extracting(SealedSecrets.ColumnCount::sealed).containsExactly(1, 1, 1, 1);
        assertThat(raw(shop.shopId).values()).allSatisfy(value -> assertThat(value).startsWith("v1:test-b:"));
        List<String> plaintext = new ArrayList<>(shop.secrets());
        plaintext.add(oldToken);
        assertNoPlaintext(plaintext);
        assertThat(opened(shop.shopId)).containsExactlyInAnyOrderEntriesOf(Map.of("app_secret", shop.appSecret,
                "push_token", shop.pushToken, "encoding_aes_key", shop.aesKey, "access_token", oldToken));
        assertThat(sealedSecrets.sealPlaintext()).extracting(SealedSecrets.ColumnCount::sealed).containsOnly(0);

        // the expired token is replaced using the converted app secret
        checkAccounts(shop);
        assertThat(opened(shop.shopId).get("access_token")).isNotEqualTo(oldToken);
    }

    private Shop register(Shop shop) {
        given().auth().oauth2(TestTokens.admin(shop.shopId)).contentType(ContentType.JSON)
                .body(Map.of("appId", shop.appId, "appSecret", shop.appSecret, "pushToken", shop.pushToken,
                        "encodingAesKey", shop.aesKey))
                .put("/api/shops/{shop}/platform-account", shop.shopId).then().statusCode(200);
        return shop;
    }

    private void setCarriers(Shop shop) {
        given().auth().oauth2(TestTokens.admin(shop.shopId)).contentType(ContentType.JSON)
                .body(Map.of("enabledCarriers", List.of("SF", "ZTO"), "defaultCarrier", "SF"))
                .put("/api/shops/{s}/carriers", shop.shopId).then().statusCode(200);
    }

    /** 接口测试 through the API: e-waybill accounts read from the platform with the shop's access token. */
    private String checkAccounts(Shop shop) {
        setCarriers(shop);
        return given().auth().oauth2(TestTokens.operator(shop.shopId)).post("/api/shops/{s}/carrier-accounts/check", shop.shopId)
                .then().statusCode(200).body("state", hasItem("AUTHORIZED")).extract().asString();
    }

    /** No row of either table, read as text whole, holds any of these anywhere. */
    private void assertNoPlaintext(List<String> plaintext) {
        List<String> rows = QuarkusTransaction.requiringNew().call(() -> {
            List<String> all = new ArrayList<>();
            for (String table : List.of("platform_accounts", "platform_access_tokens")) {
                for (Object row : entityManager.createNativeQuery("SELECT t::text FROM " + table + " t").getResultList()) {
                    all.add((String) row);
                }
            }
            return all;
        });
        assertThat(rows).isNotEmpty();
        for (String secret : plaintext) {
            assertThat(rows).noneMatch(row -> row.contains(secret));
        }
    }

    private Map<String, String> raw(String shopId) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (SealedColumn column : COLUMNS) {
            String value = rows(column).get(shopId);
            if (value != null) {
                raw.put(column.column(), value);
            }
        }
        return raw;
    }

    private Map<String, String> opened(String shopId) {
        Map<String, String> opened = new LinkedHashMap<>();
        raw(shopId).forEach((column, value) -> opened.put(column, cipher.open(value, column(column).place(shopId))));
        return opened;
    }

    private Map<String, String> rows(SealedColumn column) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> rows = new LinkedHashMap<>();
            for (Object row : entityManager.createNativeQuery("SELECT shop_id, " + column.column() + " FROM " + column.table())
                    .getResultList()) {
                Object[] values = (Object[]) row;
                rows.put((String) values[0], (String) values[1]);
            }
            return rows;
        });
    }

    private Map<String, Map<String, String>> allRows() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        COLUMNS.forEach(column -> all.put(column.toString(), rows(column)));
        return all;
    }

    private void write(String shopId, SealedColumn column, String stored) {
        entityManager.createNativeQuery("UPDATE " + column.table() + " SET " + column.column() + " = ?1 WHERE shop_id = ?2")
                .setParameter(1, stored).setParameter(2, shopId).executeUpdate();
    }

    private static SealedColumn column(String name) {
        return COLUMNS.stream().filter(c -> c.column().equals(name)).findFirst().orElseThrow();
    }

    private static String flipLastByte(String sealed) {
        int at = sealed.lastIndexOf(':') + 1;
        byte[] raw = Base64.getDecoder().decode(sealed.substring(at));
        raw[raw.length - 1] ^= 1;
        return sealed.substring(0, at) + Base64.getEncoder().encodeToString(raw);
    }
}
