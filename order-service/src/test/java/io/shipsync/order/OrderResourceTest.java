package io.shipsync.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderPlaced;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.infra.testing.TopicReader;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class OrderResourceTest {

    private static final String SHOP = "shop-a";

    @Inject
    EventCodec codec;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void placedOrderIsStoredAwaitingShipmentAndAnnouncedOnKafka() {
        String orderId = bigOrderId();
        given().auth().oauth2(TestTokens.operator(SHOP)).contentType(ContentType.JSON).body(order(orderId))
                .when().post("/api/shops/{shop}/orders", SHOP)
                .then().statusCode(201).body("platformStatus", is(20)).body("orderId", is(orderId));
        given().auth().oauth2(TestTokens.viewer(SHOP))
                .when().get("/api/shops/{shop}/orders/{id}", SHOP, orderId)
                .then().statusCode(200).body("items[0].skuId", is("sku-1")).body("receiverRegion.city", is("深圳市"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ConsumerRecord<String, String> record = read("shipsync.order").stream()
                    .filter(r -> orderId.equals(r.key())).findFirst().orElseThrow();
            OrderPlaced placed = codec.payload(codec.read(record.value()), OrderPlaced.class);
            assertThat(placed.orderId()).isEqualTo(orderId);
            assertThat(codec.read(record.value()).shopId()).isEqualTo(SHOP);
        });
    }

    @Test
    void aSecondIntakeOfTheSameOrderIsAConflict() {
        String orderId = bigOrderId();
        given().auth().oauth2(TestTokens.operator(SHOP)).contentType(ContentType.JSON).body(order(orderId))
                .post("/api/shops/{shop}/orders", SHOP).then().statusCode(201);
        given().auth().oauth2(TestTokens.operator(SHOP)).contentType(ContentType.JSON).body(order(orderId))
                .post("/api/shops/{shop}/orders", SHOP)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(orderId));
    }

    @Test
    void twoShopsHoldTheSameOrderIdEachTheirOwn() {
        String orderId = bigOrderId();
        String other = "shop-b";
        given().auth().oauth2(TestTokens.operator(SHOP)).contentType(ContentType.JSON).body(order(orderId, 2))
                .post("/api/shops/{shop}/orders", SHOP).then().statusCode(201).body("shopId", is(SHOP));
        given().auth().oauth2(TestTokens.operator(other)).contentType(ContentType.JSON).body(order(orderId, 5))
                .post("/api/shops/{shop}/orders", other).then().statusCode(201).body("shopId", is(other));

        given().auth().oauth2(TestTokens.viewer(SHOP)).get("/api/shops/{shop}/orders/{id}", SHOP, orderId)
                .then().statusCode(200).body("shopId", is(SHOP)).body("items[0].quantity", is(2));
        given().auth().oauth2(TestTokens.viewer(other)).get("/api/shops/{shop}/orders/{id}", other, orderId)
                .then().statusCode(200).body("shopId", is(other)).body("items[0].quantity", is(5));
        given().auth().oauth2(TestTokens.viewer(other)).get("/api/shops/{shop}/orders/{id}", SHOP, orderId).then().statusCode(403);
        given().auth().oauth2(TestTokens.viewer(SHOP)).get("/api/shops/{shop}/orders/{id}", other, orderId).then().statusCode(403);
        given().auth().oauth2(TestTokens.operator(other)).contentType(ContentType.JSON).body(order(orderId, 5))
                .post("/api/shops/{shop}/orders", other).then().statusCode(409);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(read("shipsync.order").stream()
                .filter(r -> orderId.equals(r.key())).map(r -> codec.read(r.value())).filter(e -> e.eventType().equals("OrderPlaced")))
                .extracting(EventEnvelope::shopId).containsExactlyInAnyOrder(SHOP, other));
    }

    @Test
    void invalidOrdersAreRefusedWithTheFieldsThatFailed() {
        String body = """
                {"orderId":"", "paidAt":"2026-11-25T10:00:00Z", "deliverMethod":0,
                 "items":[{"productId":"p-1","skuId":"sku-1","quantity":0,"unitPriceFen":100}],
                 "receiverRegion":{"province":"广东省","city":"深圳市","county":"南山区"}, "totalFen":-1}""";
        given().auth().oauth2(TestTokens.operator(SHOP)).contentType(ContentType.JSON).body(body)
                .post("/api/shops/{shop}/orders", SHOP)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("orderId"))
                .body("errors.field", hasItem("totalFen"))
                .body("errors.field", hasItem("items[0].quantity"));
        given().auth().oauth2(TestTokens.operator(SHOP)).contentType(ContentType.JSON).body("{not json")
                .post("/api/shops/{shop}/orders", SHOP)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void callersWithoutAValidTokenOrForAnotherShopChangeNothing() {
        String orderId = bigOrderId();
        String body = order(orderId);
        given().contentType(ContentType.JSON).body(body).post("/api/shops/{shop}/orders", SHOP)
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.expired("operator", SHOP)).contentType(ContentType.JSON).body(body)
                .post("/api/shops/{shop}/orders", SHOP).then().statusCode(401);
        given().auth().oauth2(TestTokens.signedByStranger("operator", SHOP)).contentType(ContentType.JSON).body(body)
                .post("/api/shops/{shop}/orders", SHOP).then().statusCode(401);
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body(body)
                .post("/api/shops/{shop}/orders", SHOP).then().statusCode(401);
        given().auth().oauth2(TestTokens.operator("shop-b")).contentType(ContentType.JSON).body(body)
                .post("/api/shops/{shop}/orders", SHOP)
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString(SHOP));
        given().auth().oauth2(TestTokens.viewer(SHOP)).contentType(ContentType.JSON).body(body)
                .post("/api/shops/{shop}/orders", SHOP).then().statusCode(403);

        given().auth().oauth2(TestTokens.viewer(SHOP)).get("/api/shops/{shop}/orders/{id}", SHOP, orderId)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.viewer("shop-b")).get("/api/shops/{shop}/orders/{id}", SHOP, orderId)
                .then().statusCode(403);
    }

    @Test
    void openApiIsServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/shops/{shopId}/orders"));
    }

    /** Real WeChat order ids exceed 2^53: they must survive as strings. */
    private static String bigOrderId() {
        return "37051150584" + String.format("%08d", Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000));
    }

    private static String order(String orderId) {
        return order(orderId, 2);
    }

    private static String order(String orderId, int quantity) {
        return """
                {"orderId":"%s","paidAt":"2026-11-25T10:00:00Z","deliverMethod":0,
                 "items":[{"productId":"p-1","skuId":"sku-1","quantity":%d,"unitPriceFen":1990}],
                 "receiverRegion":{"province":"广东省","city":"深圳市","county":"南山区"},"totalFen":%d}"""
                .formatted(orderId, quantity, quantity * 1990);
    }

    private List<ConsumerRecord<String, String>> read(String topic) {
        return TopicReader.readAll(bootstrap, topic);
    }
}
