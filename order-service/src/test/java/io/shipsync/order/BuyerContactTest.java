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
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.shipsync.events.EventCodec;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.Rows;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.infra.testing.TopicReader;
import io.shipsync.sim.FaultSpec;
import io.shipsync.sim.KfMessage;
import io.shipsync.sim.OrderItem;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.OrderView;
import io.shipsync.sim.PlatformSim;
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
 * The buyer reached for ShipSync's own follow-ups (stall ladder step 2): the phone decoded by the platform and a
 * customer-service message, for the system role only, with platform-sim as WeChat Shop.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class BuyerContactTest {

    private static final String DECODE = "/channels/ec/order/sensitiveinfo/decode";
    private static final String SENDMSG = "/channels/ec/commkf/sendmsg";
    private static final String PHONE = "/api/system/shops/{s}/orders/{o}/buyer-phone";
    private static final String MESSAGES = "/api/system/shops/{s}/orders/{o}/buyer-messages";

    @Inject
    DataSource dataSource;
    @Inject
    EventCodec codec;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void thePhoneOfAPaidOrderIsAnsweredAndKeptNowhere() {
        SimScenario shop = SimScenario.newShop();
        OrderView order = taken(shop, shop.paidOrder(1));
        String expected = order.address().telNumber();
        assertThat(expected).matches("1[3-9][0-9]{9}");

        LogCapture logs = LogCapture.start();
        try {
            Logger.getLogger(BuyerContactTest.class.getName()).info("log capture on");
            system().post(PHONE, shop.shopId, order.orderId()).then().statusCode(200)
                    .contentType(ContentType.JSON).header("Cache-Control", "no-store")
                    .body("orderId", is(order.orderId())).body("phone", is(expected)).body("virtual", is(false));
        } finally {
            logs.stop();
        }

        assertThat(logs.lines()).as("log lines").contains("log capture on").noneMatch(line -> line.contains(expected));
        List<String> tables = Rows.tables(dataSource);
        assertThat(tables).contains("orders", "outbox");
        for (String table : tables) {
            assertThat(Rows.count(dataSource, "SELECT count(*) FROM \"" + table + "\" t WHERE t::text LIKE ?", "%" + expected + "%"))
                    .as("rows of %s holding the phone", table).isZero();
        }
        // OrderPlaced went out (so the check below reads something), and no event of the order holds the phone.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orderEvents(order.orderId()))
                .extracting(r -> codec.read(r).eventType()).contains("OrderPlaced"));
        assertThat(orderEvents(order.orderId())).noneMatch(r -> r.contains(expected));
    }

    @Test
    void behindAPrivacyNumberThatNumberIsAnsweredAsVirtual() {
        SimScenario shop = SimScenario.newShop();
        OrderView order = taken(shop, shop.paidOrder(1));
        PlatformSimResource.sim().setVirtualNumber(shop.shopId, order.orderId(), "17012345678", "4321");

        system().post(PHONE, shop.shopId, order.orderId()).then().statusCode(200)
                .body("phone", is("17012345678-4321")).body("virtual", is(true));
    }

    @Test
    void onlyTheSystemRoleAsksAndOnlyForAnOrderOfThatShop() {
        SimScenario shop = SimScenario.newShop();
        OrderView order = taken(shop, shop.paidOrder(1));
        SimScenario other = SimScenario.newShop();
        String message = "{\"requestId\":\"r-1\",\"text\":\"您好\"}";

        for (String token : List.of(shop.operator(), TestTokens.admin(shop.shopId), TestTokens.viewer(shop.shopId))) {
            given().auth().oauth2(token).post(PHONE, shop.shopId, order.orderId())
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).contentType(ContentType.JSON).body(message).post(MESSAGES, shop.shopId, order.orderId())
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().post(PHONE, shop.shopId, order.orderId()).then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(message).post(MESSAGES, shop.shopId, order.orderId())
                .then().statusCode(401).contentType("application/problem+json");

        system().post(PHONE, shop.shopId, "3705115058471208928").then().statusCode(404)
                .contentType("application/problem+json").body("status", is(404));
        system().post(PHONE, other.shopId, order.orderId()).then().statusCode(404).contentType("application/problem+json");
        system().contentType(ContentType.JSON).body(message).post(MESSAGES, other.shopId, order.orderId())
                .then().statusCode(404).contentType("application/problem+json");

        assertThat(platformCalls(DECODE, shop.shopId) + platformCalls(DECODE, other.shopId)).isZero();
        assertThat(PlatformSimResource.sim().kfMessages(shop.shopId)).isEmpty();
    }

    @Test
    void theThirtyFirstOrderOfTheDayIsRefusedWithThePlatformsErrcodeAndTheFirstStillAnswers() {
        SimScenario shop = SimScenario.newShop();
        List<OrderView> orders = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            orders.add(shop.paidOrder(1));
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Rows.count(dataSource, "SELECT count(*) FROM orders WHERE shop_id = ?", shop.shopId) == 31);

        for (OrderView order : orders.subList(0, 30)) {
            system().post(PHONE, shop.shopId, order.orderId()).then().statusCode(200)
                    .body("phone", is(order.address().telNumber()));
        }
        String last = orders.get(30).orderId();
        system().post(PHONE, shop.shopId, last).then().statusCode(409).contentType("application/problem+json")
                .body("status", is(409)).body("title", is("Refused by WeChat Shop"))
                .body("errcode", is(10090901)).body("errmsg", containsString("解码次数已用完"))
                .body("detail", containsString("10090901")).body("instance", containsString(last));
        system().post(PHONE, shop.shopId, orders.get(0).orderId()).then().statusCode(200)
                .body("phone", is(orders.get(0).address().telNumber()));
    }

    @Test
    void anOrderNeverPaidOnThePlatformIsRefusedWithItsErrcode() {
        SimScenario shop = SimScenario.newShop();
        OrderView unpaid = PlatformSimResource.sim().createOrder(shop.shopId,
                OrderSpec.of(new OrderItem(SimScenario.PRODUCT, SimScenario.SKU, 1)));
        placeByHand(shop, unpaid.orderId());

        system().post(PHONE, shop.shopId, unpaid.orderId()).then().statusCode(409).contentType("application/problem+json")
                .body("errcode", is(101100)).body("errmsg", containsString("订单状态错误"));
    }

    @Test
    void aBusyOrUnreachablePlatformIsA503WithRetryAfterAndTheNextTryWorks() {
        SimScenario shop = SimScenario.newShop();
        OrderView order = taken(shop, shop.paidOrder(1));
        PlatformSim sim = PlatformSimResource.sim();

        // The client tries 4 times (3 retries) before giving up.
        sim.injectFault(FaultSpec.errcode(DECODE, -1, 4).forShop(shop.shopId));
        system().post(PHONE, shop.shopId, order.orderId()).then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", is("5"));
        system().post(PHONE, shop.shopId, order.orderId()).then().statusCode(200)
                .body("phone", is(order.address().telNumber()));

        sim.injectFault(FaultSpec.errcode(SENDMSG, -1, 4).forShop(shop.shopId));
        String body = "{\"requestId\":\"busy-1\",\"text\":\"您的包裹正在路上\"}";
        system().contentType(ContentType.JSON).body(body).post(MESSAGES, shop.shopId, order.orderId())
                .then().statusCode(503).header("Retry-After", is("5"));
        system().contentType(ContentType.JSON).body(body).post(MESSAGES, shop.shopId, order.orderId())
                .then().statusCode(200);
        assertThat(sim.kfMessages(shop.shopId)).singleElement().satisfies(m -> assertThat(m.requests()).isEqualTo(1));
    }

    @Test
    void aMessageReachesTheBuyerOncePerRequestIdInThePlatformsWireFormat() {
        SimScenario shop = SimScenario.newShop();
        OrderView order = taken(shop, shop.paidOrder(1));
        String requestId = "stall-" + UUID.randomUUID();
        String text = "您好，您的包裹 SF1342567604302 已 2 小时没有新的物流信息，我们正在跟进。";
        String body = "{\"requestId\":\"" + requestId + "\",\"text\":\"" + text + "\"}";

        String msgId = system().contentType(ContentType.JSON).body(body).post(MESSAGES, shop.shopId, order.orderId())
                .then().statusCode(200).contentType(ContentType.JSON).body("orderId", is(order.orderId()))
                .extract().path("msgId");
        assertThat(msgId).isNotBlank();
        system().contentType(ContentType.JSON).body(body).post(MESSAGES, shop.shopId, order.orderId())
                .then().statusCode(200).body("msgId", is(msgId));

        List<KfMessage> sent = PlatformSimResource.sim().kfMessages(shop.shopId);
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("{\"request_id\":\"" + requestId + "\",\"open_id\":\"" + order.openid()
                    + "\",\"msg_type\":\"text\",\"text\":{\"content\":\"" + text + "\"}}");
            assertThat(m.msgId()).isEqualTo(msgId);
            assertThat(m.requests()).isEqualTo(2);
        });
    }

    @Test
    void aBadMessageIsA400ForTheSystemAndA403ForAnyoneElse() {
        SimScenario shop = SimScenario.newShop();
        OrderView order = taken(shop, shop.paidOrder(1));
        String tooLong = "{\"requestId\":\"r-1\",\"text\":\"" + "慢".repeat(501) + "\"}";

        system().contentType(ContentType.JSON).body(tooLong).post(MESSAGES, shop.shopId, order.orderId())
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("text"));
        system().contentType(ContentType.JSON).body("{\"requestId\":\"" + "r".repeat(65) + "\",\"text\":\"hi\"}")
                .post(MESSAGES, shop.shopId, order.orderId())
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("requestId"));
        system().contentType(ContentType.JSON).body("{\"requestId\":\"r-1\",\"text\":\"\"}")
                .post(MESSAGES, shop.shopId, order.orderId()).then().statusCode(400);
        system().contentType(ContentType.JSON).post(MESSAGES, shop.shopId, order.orderId())
                .then().statusCode(400).contentType("application/problem+json");

        Response stranger = given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body(tooLong)
                .post(MESSAGES, shop.shopId, order.orderId());
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.contentType()).startsWith("application/problem+json");
        assertThat(stranger.asString()).doesNotContain("errors");
        given().contentType(ContentType.JSON).body(tooLong).post(MESSAGES, shop.shopId, order.orderId())
                .then().statusCode(401);
        assertThat(PlatformSimResource.sim().kfMessages(shop.shopId)).isEmpty();
    }

    @Test
    void aBuyerWhoseOpenidIsUnknownCannotBeMessaged() {
        SimScenario shop = SimScenario.newShop();
        String orderId = "3705115058471" + (100_000 + ThreadLocalRandom.current().nextInt(900_000));
        placeByHand(shop, orderId);

        system().contentType(ContentType.JSON).body("{\"requestId\":\"r-1\",\"text\":\"您好\"}")
                .post(MESSAGES, shop.shopId, orderId).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("openid"));
        assertThat(platformCalls(SENDMSG, shop.shopId)).isZero();
    }

    private static RequestSpecification system() {
        return given().auth().oauth2(TestTokens.token("system"));
    }

    /** The platform's order, once order-service took it in from its push. */
    private static OrderView taken(SimScenario shop, OrderView order) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(shop.operator()).get("/api/shops/{s}/orders/{o}", shop.shopId, order.orderId())
                        .then().statusCode(200));
        return order;
    }

    private static void placeByHand(SimScenario shop, String orderId) {
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON)
                .body(Map.of("orderId", orderId, "paidAt", "2026-11-25T10:00:00Z", "deliverMethod", 0,
                        "items", List.of(Map.of("productId", SimScenario.PRODUCT, "skuId", SimScenario.SKU, "quantity", 1,
                                "unitPriceFen", 4990)),
                        "receiverRegion", Map.of("province", "浙江省", "city", "杭州市", "county", "西湖区"), "totalFen", 4990))
                .post("/api/shops/{s}/orders", shop.shopId).then().statusCode(201);
    }

    private static long platformCalls(String api, String shopId) {
        return PlatformSimResource.sim().calls(api).stream().filter(c -> shopId.equals(c.shopId())).count();
    }

    private List<String> orderEvents(String orderId) {
        return TopicReader.readAll(bootstrap, "shipsync.order").stream()
                .filter(r -> orderId.equals(r.key())).map(r -> r.value()).toList();
    }
}
