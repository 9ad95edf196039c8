package io.shipsync.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shipsync.eventing.secrets.SecretCipher;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TopicReader;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.OrderView;
import io.shipsync.sim.PushCrypto;
import io.shipsync.sim.PushEvent;
import io.shipsync.wechat.PlatformSecrets;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Platform pushes in, on the real broker and database, with platform-sim as WeChat Shop. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class PlatformPushTest {

    @Inject
    EntityManager entityManager;
    @Inject
    EventCodec codec;
    @Inject
    SecretCipher cipher;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void urlVerificationEchoes() {
        SimScenario shop = SimScenario.newShop();
        assertThat(PlatformSimResource.sim().verifyCallback(shop.shopId).echoed()).isTrue();
        given().queryParam("signature", "0000").queryParam("timestamp", "1714036504").queryParam("nonce", "1")
                .queryParam("echostr", "hello").get("/callbacks/wechat/{shop}", shop.shopId)
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aPaidOrderIsStoredAwaitingShipmentOnceDespiteTenDuplicatePushes() {
        SimScenario shop = SimScenario.newShop();
        OrderView paid = shop.paidOrder(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}", shop.shopId, paid.orderId())
                        .then().statusCode(200).body("platformStatus", is(20)).body("items[0].quantity", is(2)));

        PlatformSimResource.sim().push(shop.shopId, paid.orderId(), PushEvent.of("channels_ec_order_pay"), 10, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> PlatformSimResource.sim().pushes().stream()
                .filter(p -> paid.orderId().equals(p.orderId())).allMatch(p -> p.state().name().equals("DELIVERED")));
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingPushes(shop.shopId) == 0);

        assertThat(count("SELECT count(*) FROM orders WHERE order_id = ?1", paid.orderId())).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TopicReader.readAll(bootstrap, "shipsync.order").stream()
                .filter(r -> paid.orderId().equals(r.key()))
                .filter(r -> codec.read(r.value()).eventType().equals("OrderPlaced")))
                .singleElement().satisfies(r -> assertThat(r.value())
                        .doesNotContain(paid.address().telNumber()).doesNotContain(paid.address().userName())));
        String phone = QuarkusTransaction.requiringNew().call(() -> (String) entityManager
                .createNativeQuery("SELECT receiver_phone FROM orders WHERE order_id = ?1").setParameter(1, paid.orderId()).getSingleResult());
        assertThat(phone).matches("[0-9]{3}\\*+[0-9]{4}").isNotEqualTo(paid.address().telNumber());
    }

    @Test
    void pushesThatAreNotThePlatformsAreRefusedAndNothingIsStored() {
        SimScenario shop = SimScenario.newShop();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String message = "{\"ToUserName\":\"gh_x\",\"FromUserName\":\"o1\",\"CreateTime\":" + timestamp
                + ",\"MsgType\":\"event\",\"Event\":\"channels_ec_order_pay\",\"order_info\":{\"order_id\":3705115058471208999,\"pay_time\":" + timestamp + "}}";
        String encrypted = PushCrypto.encrypt(shop.aesKey, shop.appId, message, new Random(1));

        post(shop, "nonce-a", timestamp, encrypted, "0123456789abcdef0123456789abcdef01234567").then().statusCode(401);
        // Tampered in transit: the ciphertext changed, the platform's signature over the original did not.
        String tampered = encrypted.substring(0, 10) + (encrypted.charAt(10) == 'A' ? 'B' : 'A') + encrypted.substring(11);
        post(shop, "nonce-b", timestamp, tampered, PushCrypto.msgSignature(shop.token, timestamp, "nonce-b", encrypted))
                .then().statusCode(401);
        String otherApp = PushCrypto.encrypt(shop.aesKey, "wxsomebodyelse000", message, new Random(2));
        post(shop, "nonce-c", timestamp, otherApp, PushCrypto.msgSignature(shop.token, timestamp, "nonce-c", otherApp))
                .then().statusCode(401);
        String stale = Long.toString(Instant.now().minus(Duration.ofHours(1)).getEpochSecond());
        post(shop, "nonce-d", stale, encrypted, PushCrypto.msgSignature(shop.token, stale, "nonce-d", encrypted))
                .then().statusCode(401);
        assertThat(count("SELECT count(*) FROM platform_pushes WHERE shop_id = ?1", shop.shopId)).isZero();

        String signature = PushCrypto.msgSignature(shop.token, timestamp, "nonce-e", encrypted);
        post(shop, "nonce-e", timestamp, encrypted, signature).then().statusCode(200);
        post(shop, "nonce-e", timestamp, encrypted, signature).then().statusCode(401).contentType("application/problem+json");
        assertThat(count("SELECT count(*) FROM platform_pushes WHERE shop_id = ?1", shop.shopId)).isEqualTo(1);
    }

    @Test
    void aCancelledOrderIsAnnouncedOnceWithItsCancelType() {
        SimScenario shop = SimScenario.newShop();
        OrderView paid = shop.paidOrder(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}", shop.shopId, paid.orderId())
                        .then().statusCode(200));
        PlatformSimResource.sim().cancelOrder(shop.shopId, paid.orderId(), 4);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}", shop.shopId, paid.orderId())
                        .then().statusCode(200).body("platformStatus", is(190)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TopicReader.readAll(bootstrap, "shipsync.order").stream()
                .filter(r -> paid.orderId().equals(r.key())).map(r -> codec.read(r.value()))
                .filter(e -> e.eventType().equals("OrderCancelled")))
                .singleElement().satisfies(e -> assertThat(e.payload().path("cancelType").asInt()).isEqualTo(4)));
    }

    @Test
    void anUnpaidOrderIsAnnouncedOnceAndSoIsItsCancellationBeforePayment() {
        SimScenario shop = SimScenario.newShop();
        OrderView unpaid = PlatformSimResource.sim().createOrder(shop.shopId,
                OrderSpec.of(new io.shipsync.sim.OrderItem(SimScenario.PRODUCT, SimScenario.SKU, 2)).withPushNew(true));
        PlatformSimResource.sim().push(shop.shopId, unpaid.orderId(), PushEvent.of("channels_ec_order_new"), 5, Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orderEvents(unpaid.orderId(), "OrderCreated"))
                .singleElement().satisfies(e -> {
                    assertThat(e.payload().path("items").get(0).path("skuId").asText()).isEqualTo(SimScenario.SKU);
                    assertThat(e.payload().path("items").get(0).path("quantity").asInt()).isEqualTo(2);
                }));
        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}", shop.shopId, unpaid.orderId())
                .then().statusCode(404);

        PlatformSimResource.sim().cancelOrder(shop.shopId, unpaid.orderId(), 2);
        PlatformSimResource.sim().push(shop.shopId, unpaid.orderId(), PushEvent.of("channels_ec_order_cancel"), 3, Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orderEvents(unpaid.orderId(), "OrderCancelled"))
                .singleElement().satisfies(e -> assertThat(e.payload().path("paid").asBoolean()).isFalse()));
        assertThat(orderEvents(unpaid.orderId(), "OrderPlaced")).isEmpty();
        assertThat(orderEvents(unpaid.orderId(), "OrderCreated")).hasSize(1);
    }

    @Test
    void aPushIsTakenInForItsShopWhenAnotherShopAlreadyHoldsTheOrderId() {
        SimScenario squatter = SimScenario.newShop();
        SimScenario owner = SimScenario.newShop();
        String orderId = "3705" + String.format("%015d", Math.abs(new Random().nextLong() % 1_000_000_000_000_000L));
        given().auth().oauth2(squatter.operator()).contentType(ContentType.JSON).body("""
                {"orderId":"%s","paidAt":"2026-11-25T10:00:00Z","deliverMethod":0,
                 "items":[{"productId":"p-1","skuId":"sku-1","quantity":1,"unitPriceFen":100}],
                 "receiverRegion":{"province":"广东省","city":"深圳市","county":"南山区"},"totalFen":100}""".formatted(orderId))
                .post("/api/shops/{s}/orders", squatter.shopId).then().statusCode(201);

        owner.paidOrder(OrderSpec.of(new io.shipsync.sim.OrderItem(SimScenario.PRODUCT, SimScenario.SKU, 2)).withOrderId(orderId));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(owner.operator()).get("/api/shops/{s}/orders/{o}", owner.shopId, orderId)
                        .then().statusCode(200).body("shopId", is(owner.shopId)).body("items[0].skuId", is(SimScenario.SKU))
                        .body("items[0].quantity", is(2)));
        given().auth().oauth2(squatter.operator()).get("/api/shops/{s}/orders/{o}", squatter.shopId, orderId)
                .then().statusCode(200).body("items[0].skuId", is("sku-1")).body("items[0].quantity", is(1));
        given().auth().oauth2(owner.operator()).contentType(ContentType.JSON)
                .body(Map.of("packages", List.of(Map.of("carrierCode", "SF", "trackingNumber", "SF1342567604302",
                        "items", List.of(Map.of("productId", SimScenario.PRODUCT, "skuId", SimScenario.SKU, "quantity", 2))))))
                .post("/api/shops/{s}/orders/{o}/shipments", owner.shopId, orderId).then().statusCode(202);
        given().auth().oauth2(squatter.operator()).get("/api/shops/{s}/orders/{o}", squatter.shopId, orderId)
                .then().statusCode(200).body("packages", hasSize(0)).body("sync", nullValue());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM platform_pushes WHERE shop_id = ?1 AND status <> 'DONE'", owner.shopId) == 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orderEvents(orderId, "OrderPlaced"))
                .extracting(EventEnvelope::shopId).containsExactlyInAnyOrder(squatter.shopId, owner.shopId));
    }

    private List<EventEnvelope> orderEvents(String orderId, String type) {
        return TopicReader.readAll(bootstrap, "shipsync.order").stream().filter(r -> orderId.equals(r.key()))
                .map(r -> codec.read(r.value())).filter(e -> e.eventType().equals(type)).toList();
    }

    @Test
    void aRejectedAccessTokenIsRefreshedOnceAndTheCallRepeated() {
        SimScenario shop = SimScenario.newShop();
        OrderView first = shop.paidOrder(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}", shop.shopId, first.orderId())
                        .then().statusCode(200));
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "UPDATE platform_access_tokens SET access_token = ?2 WHERE shop_id = ?1")
                .setParameter(1, shop.shopId)
                .setParameter(2, cipher.seal("revoked-elsewhere", PlatformSecrets.ACCESS_TOKEN.place(shop.shopId)))
                .executeUpdate());

        OrderView second = shop.paidOrder(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}", shop.shopId, second.orderId())
                        .then().statusCode(200));
        assertThat(PlatformSimResource.sim().calls("/channels/ec/order/get").stream()
                .filter(c -> c.request().contains(second.orderId()))).extracting(c -> c.errcode()).containsExactly(40001, 0);
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) entityManager
                .createNativeQuery("SELECT access_token FROM platform_access_tokens WHERE shop_id = ?1")
                .setParameter(1, shop.shopId).getSingleResult());
        assertThat(cipher.open(stored, PlatformSecrets.ACCESS_TOKEN.place(shop.shopId))).isNotEqualTo("revoked-elsewhere");
    }

    private static io.restassured.response.Response post(SimScenario shop, String nonce, String timestamp, String encrypted, String signature) {
        return given().queryParam("timestamp", timestamp).queryParam("nonce", nonce).queryParam("encrypt_type", "aes")
                .queryParam("msg_signature", signature).queryParam("signature", "unused")
                .contentType(ContentType.JSON).body(Map.of("ToUserName", "gh_x", "Encrypt", encrypted))
                .post("/callbacks/wechat/{shop}", shop.shopId);
    }

    private long pendingPushes(String shopId) {
        return count("SELECT count(*) FROM platform_pushes WHERE shop_id = ?1 AND status = 'PENDING'", shopId);
    }

    private long count(String sql, String parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter(1, parameter).getSingleResult()).longValue());
    }
}
