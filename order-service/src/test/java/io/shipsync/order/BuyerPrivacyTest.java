package io.shipsync.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.Rows;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.infra.testing.TopicReader;
import io.shipsync.sim.OrderItem;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.OrderView;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The buyer's openid and IP are read by no person (issue 10): the fraud rule still holds a busy buyer and a busy IP
 * on fingerprints, no API answer, log line, event or table row holds either in the clear, and the sealed openid
 * still reaches the buyer when ShipSync messages them.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class BuyerPrivacyTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void theFraudRuleCountsFingerprintsAndNothingShowsTheBuyer() {
        SimScenario shop = SimScenario.newShop();
        String openid = "o-private-" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
        String ip = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
        String sharedIp = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
        List<String> orders = new ArrayList<>();
        List<String> answers = new ArrayList<>();

        LogCapture logs = LogCapture.start();
        try {
            Logger.getLogger(BuyerPrivacyTest.class.getName()).info("log capture on");
            // Four orders of one buyer, then four of other buyers behind one IP: the fourth of each is held.
            for (int i = 0; i < 4; i++) {
                orders.add(taken(shop, OrderSpec.of(new OrderItem(SimScenario.PRODUCT, SimScenario.SKU, 1))
                        .withOpenid(openid).withBuyerIp(ip)));
            }
            for (int i = 0; i < 4; i++) {
                orders.add(taken(shop, OrderSpec.of(new OrderItem(SimScenario.PRODUCT, SimScenario.SKU, 1))
                        .withBuyerIp(sharedIp)));
            }
            answers.add(given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}/holds", shop.shopId, orders.get(3))
                    .then().statusCode(200).body("reason", hasItem("FRAUD_REVIEW"))
                    .body("detail", hasItem("4 orders from buyer " + BuyerMask.openid(openid) + " within 10 minutes"))
                    .extract().asString());
            answers.add(given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}/holds", shop.shopId, orders.get(7))
                    .then().statusCode(200).body("reason", hasItem("FRAUD_REVIEW"))
                    .body("detail", hasItem("4 orders from IP " + BuyerMask.ip(sharedIp) + " within 10 minutes"))
                    .extract().asString());
            for (String orderId : orders) {
                answers.add(given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}", shop.shopId, orderId)
                        .then().statusCode(200).extract().asString());
                answers.add(given().auth().oauth2(TestTokens.viewer(shop.shopId))
                        .get("/api/shops/{s}/orders/{o}/holds", shop.shopId, orderId).then().statusCode(200).extract().asString());
            }
            answers.add(given().auth().oauth2(shop.operator()).get("/api/shops/{s}/findings", shop.shopId)
                    .then().statusCode(200).extract().asString());

            // The sealed openid still reaches the buyer.
            given().auth().oauth2(TestTokens.token("system")).contentType(ContentType.JSON)
                    .body(Map.of("requestId", "privacy-" + UUID.randomUUID(), "text", "您的包裹已在路上"))
                    .post("/api/system/shops/{s}/orders/{o}/buyer-messages", shop.shopId, orders.get(0))
                    .then().statusCode(200);
        } finally {
            logs.stop();
        }
        assertThat(PlatformSimResource.sim().kfMessages(shop.shopId)).singleElement()
                .satisfies(m -> assertThat(m.openId()).isEqualTo(openid));

        List<String> secrets = List.of(openid, ip, sharedIp);
        assertThat(answers).as("API answers").noneMatch(answer -> secrets.stream().anyMatch(answer::contains));
        assertThat(logs.lines()).as("log lines").contains("log capture on")
                .noneMatch(line -> secrets.stream().anyMatch(line::contains));
        for (String table : Rows.tables(dataSource)) {
            for (String secret : secrets) {
                assertThat(Rows.count(dataSource, "SELECT count(*) FROM \"" + table + "\" t WHERE t::text LIKE ?", "%" + secret + "%"))
                        .as("rows of %s holding %s", table, secret).isZero();
            }
        }
        assertThat(Rows.count(dataSource, "SELECT count(DISTINCT openid_fingerprint) FROM orders WHERE shop_id = ? AND "
                + "order_id = ANY (?) AND openid LIKE 'v1:%'", shop.shopId, orders.subList(0, 4).toArray(String[]::new)))
                .as("one fingerprint for the one buyer, the openid sealed").isEqualTo(1);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(TopicReader.readAll(bootstrap, "shipsync.order").stream()
                .filter(r -> orders.contains(r.key())).map(r -> r.value()).toList())
                .as("the orders' events").hasSizeGreaterThanOrEqualTo(orders.size() + 2)
                .noneMatch(event -> secrets.stream().anyMatch(event::contains)));
    }

    private static String taken(SimScenario shop, OrderSpec spec) {
        OrderView order = shop.paidOrder(spec);
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(shop.operator())
                .get("/api/shops/{s}/orders/{o}", shop.shopId, order.orderId()).then().statusCode(200));
        return order.orderId();
    }
}
