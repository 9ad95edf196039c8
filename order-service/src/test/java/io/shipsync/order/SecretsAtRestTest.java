package io.shipsync.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.shipsync.eventing.secrets.SealedColumn;
import io.shipsync.eventing.secrets.SealedSecrets;
import io.shipsync.eventing.secrets.SecretCipher;
import io.shipsync.eventing.secrets.SecretUnreadable;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.OrderItem;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.OrderView;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import io.shipsync.wechat.PlatformAccount;
import io.shipsync.wechat.PlatformSecrets;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Platform credentials and cached access tokens at rest: sealed in the raw columns, never shown, re-sealed by
 * rotation, refused clearly when altered or moved, and sealed at start when a database from before holds them in
 * plaintext; the shop keeps working through each.
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

    @Test
    void credentialsAndAccessTokensAreStoredSealedAndNeverShown() {
        SimScenario shop = SimScenario.newShop();
        taken(shop.shopId, shop.paidOrder(1)); // push token, AES key, and the app secret for an access token: all used

        Map<String, String> raw = raw(shop.shopId);
        assertThat(raw).hasSize(4);
        List<String> plaintext = List.of("secret-" + shop.appId, shop.token, shop.aesKey,
                cipher.open(raw.get("access_token"), PlatformSecrets.ACCESS_TOKEN.place(shop.shopId)));
        assertThat(raw.values()).allSatisfy(value -> assertThat(value).startsWith("v1:test-b:"));
        assertNoPlaintext(plaintext);

        String shown = given().auth().oauth2(TestTokens.admin(shop.shopId))
                .get("/api/shops/{s}/platform-account", shop.shopId).then().statusCode(200).extract().asString();
        assertThat(shown).contains(shop.appId);
        for (String secret : concat(plaintext, raw.values())) {
            assertThat(shown).doesNotContain(secret);
        }
        String status = given().auth().oauth2(TestTokens.token("system")).get("/api/system/secrets")
                .then().statusCode(200).extract().asString();
        for (String secret : concat(plaintext, raw.values())) {
            assertThat(status).doesNotContain(secret);
        }
    }

    @Test
    void rotationReSealsEveryValueUnderTheActiveKeyAndTheShopKeepsWorking() {
        SimScenario shop = SimScenario.newShop();
        taken(shop.shopId, shop.paidOrder(1));
        Map<String, String> plaintext = opened(shop.shopId);
        // the shop's values as an earlier key (test-a) sealed them
        SecretCipher earlier = SecretCipher.fromSettings(keys, "test-a");
        QuarkusTransaction.requiringNew().run(() -> plaintext.forEach((column, value) -> write(shop.shopId, column(column),
                earlier.seal(value, column(column).place(shop.shopId)))));
        assertThat(raw(shop.shopId).values()).allSatisfy(value -> assertThat(value).startsWith("v1:test-a:"));
        given().auth().oauth2(TestTokens.token("system")).get("/api/system/secrets").then().statusCode(200)
                .body("activeKey", is("test-b"))
                .body("columns.find { it.column == 'app_secret' }.byKey.'test-a'", is(1));

        given().auth().oauth2(TestTokens.admin(shop.shopId)).post(ROTATE).then().statusCode(403);
        JsonPath rotation = given().auth().oauth2(TestTokens.token("system")).post(ROTATE)
                .then().statusCode(200).extract().jsonPath();

        assertThat(rotation.getString("activeKey")).isEqualTo("test-b");
        // the buyers' openids (BuyerIdentity) are re-sealed too; none of them was under the earlier key
        assertThat(rotation.getList("columns.table")).containsExactlyInAnyOrder("platform_accounts", "platform_accounts",
                "platform_accounts", "platform_access_tokens", "orders");
        assertThat(rotation.getList("columns.fromOtherKeys", Integer.class)).containsExactlyInAnyOrder(1, 1, 1, 1, 0);
        assertThat(rotation.getList("columns.resealed", Integer.class)).allSatisfy(count -> assertThat(count).isPositive());
        for (SealedColumn column : COLUMNS) {
            for (Map.Entry<String, String> row : rows(column).entrySet()) {
                assertThat(row.getValue()).as(column + " of " + row.getKey()).startsWith("v1:test-b:");
                assertThat(cipher.open(row.getValue(), column.place(row.getKey()))).isNotNull();
            }
        }
        assertThat(opened(shop.shopId)).isEqualTo(plaintext);
        assertThat(sealedSecrets.status().columns()).allSatisfy(column -> {
            assertThat(column.byKey()).containsOnlyKeys("test-b");
            assertThat(column.unsealed()).isZero();
        });
        given().auth().oauth2(TestTokens.token("system")).post(ROTATE).then().statusCode(200)
                .body("columns.fromOtherKeys", everyItem(is(0)));

        // push verified with the push token, decrypted with the AES key, order/get with the access token
        taken(shop.shopId, shop.paidOrder(2));
    }

    @Test
    void aValueMovedToAnotherShopOrAlteredFailsClearlyNamingWhereNotWhat() {
        SimScenario first = SimScenario.newShop();
        SimScenario second = SimScenario.newShop();
        Map<String, String> firstRaw = raw(first.shopId);
        Map<String, String> secondRaw = raw(second.shopId);
        String altered = flipLastByte(secondRaw.get("push_token"));
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                write(first.shopId, PlatformSecrets.APP_SECRET, secondRaw.get("app_secret"));
                write(second.shopId, PlatformSecrets.PUSH_TOKEN, altered);
            });

            PlatformAccount moved = QuarkusTransaction.requiringNew().call(() -> PlatformAccount.<PlatformAccount>findById(first.shopId));
            assertThatThrownBy(() -> platformSecrets.appSecret(moved)).isInstanceOf(SecretUnreadable.class)
                    .hasMessageContaining("platform_accounts.app_secret of [" + first.shopId + "]")
                    .hasMessageContaining("does not authenticate")
                    .hasMessageNotContaining("secret-" + first.appId).hasMessageNotContaining("secret-" + second.appId);
            PlatformAccount tampered = QuarkusTransaction.requiringNew().call(() -> PlatformAccount.<PlatformAccount>findById(second.shopId));
            assertThatThrownBy(() -> platformSecrets.pushToken(tampered)).isInstanceOf(SecretUnreadable.class)
                    .hasMessageContaining("platform_accounts.push_token of [" + second.shopId + "]");

            // a push to the altered shop is this service's fault, named, not a signature that happens not to match
            given().queryParam("signature", "0000").queryParam("timestamp", Long.toString(Instant.now().getEpochSecond()))
                    .queryParam("nonce", "n").queryParam("echostr", "hello")
                    .get("/callbacks/wechat/{shop}", second.shopId)
                    .then().statusCode(500).contentType("application/problem+json")
                    .body("title", is("Secret unreadable")).body("detail", containsString("push_token"))
                    .body("detail", not(containsString(second.token)));

            // rotation opens every value on its way, stops at the first that does not open and changes nothing
            Map<String, Map<String, String>> before = allRows();
            given().auth().oauth2(TestTokens.token("system")).post(ROTATE)
                    .then().statusCode(500).contentType("application/problem+json")
                    .body("title", is("Secret unreadable"))
                    .body("detail", containsString("platform_accounts.app_secret of [" + first.shopId + "]"));
            assertThat(allRows()).isEqualTo(before);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                write(first.shopId, PlatformSecrets.APP_SECRET, firstRaw.get("app_secret"));
                write(second.shopId, PlatformSecrets.PUSH_TOKEN, secondRaw.get("push_token"));
            });
        }
        assertThat(PlatformSimResource.sim().verifyCallback(second.shopId).echoed()).isTrue();
    }

    @Test
    void plaintextFromBeforeSealingIsSealedByTheStartUpConversionAndStillWorks() {
        String shopId = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        String appId = "wx" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String token = "tok" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String aesKey = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 43);
        PlatformSimResource.sim().createShop(new ShopSpec(shopId, appId, "secret-" + appId, token, aesKey,
                PlatformSimResource.serviceUrl() + "/callbacks/wechat/" + shopId, "gh_" + appId.substring(2, 14)));
        PlatformSimResource.sim().addProduct(shopId, ProductSpec.of(SimScenario.PRODUCT, "保温杯",
                new SkuSpec(SimScenario.SKU, "CUP-500", 4990, 1000)));
        // as a ShipSync from before sealing stored them, with an expired token cached
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("""
                    INSERT INTO platform_accounts (shop_id, app_id, app_secret, push_token, encoding_aes_key, updated_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, now())""")
                    .setParameter(1, shopId).setParameter(2, appId).setParameter(3, "secret-" + appId)
                    .setParameter(4, token).setParameter(5, aesKey).executeUpdate();
            entityManager.createNativeQuery("""
                    INSERT INTO platform_access_tokens (shop_id, access_token, expires_at, refreshed_at)
                    VALUES (?1, ?2, now() - interval '1 hour', now() - interval '3 hours')""")
                    .setParameter(1, shopId).setParameter(2, "plain-token-" + appId).executeUpdate();
        });
        assertThat(sealedSecrets.status().columns()).filteredOn(column -> !column.table().equals("orders"))
                .allSatisfy(column -> assertThat(column.unsealed()).isEqualTo(1));

        List<SealedSecrets.ColumnCount> converted = sealedSecrets.sealPlaintext(); // what the service runs at start
        assertThat(converted).extracting(SealedSecrets.ColumnCount::sealed).containsExactlyInAnyOrder(1, 1, 1, 1, 0);
        assertThat(raw(shopId).values()).allSatisfy(value -> assertThat(value).startsWith("v1:test-b:"));
        assertNoPlaintext(List.of("secret-" + appId, token, aesKey, "plain-token-" + appId));
        assertThat(opened(shopId)).containsExactlyInAnyOrderEntriesOf(Map.of("app_secret", "secret-" + appId,
                "push_token", token, "encoding_aes_key", aesKey, "access_token", "plain-token-" + appId));
        assertThat(sealedSecrets.sealPlaintext()).extracting(SealedSecrets.ColumnCount::sealed).containsOnly(0);

        // the converted secrets are the ones the shop works with
        assertThat(PlatformSimResource.sim().verifyCallback(shopId).echoed()).isTrue();
        taken(shopId, PlatformSimResource.sim().createPaidOrder(shopId,
                OrderSpec.of(new OrderItem(SimScenario.PRODUCT, SimScenario.SKU, 1))));
    }

    private void taken(String shopId, OrderView order) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.operator(shopId)).get("/api/shops/{s}/orders/{o}", shopId, order.orderId())
                        .then().statusCode(200).body("platformStatus", is(20)));
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

    /** The shop's four stored secrets, by column, as stored. */
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

    /** Every row's value of one column, by shop. */
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

    private static List<String> concat(List<String> first, Collection<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
