package io.shipsync.logistics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.PackageItem;
import io.shipsync.events.Region;
import io.shipsync.events.ShippedPackage;
import io.shipsync.events.TrackingAnomaly;
import io.shipsync.events.TrackingAnomalyKind;
import io.shipsync.events.TrackingState;
import io.shipsync.events.TrackingUpdated;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.Rows;
import io.shipsync.sim.SubscribeCall;
import io.shipsync.sim.TrackingFeedSim;
import io.shipsync.sim.TrackingPush;
import io.shipsync.sim.TrackingScript;
import io.shipsync.trackingfeed.SubscribeAnswer;
import io.shipsync.trackingfeed.Subscription;
import io.shipsync.trackingfeed.TrackingFeed;
import io.shipsync.trackingfeed.TrackingFeeds;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 物流跟踪 against platform-sim playing kuaidi100, over HTTP, Kafka and PostgreSQL real: every declared number
 * subscribed, each push verified, merged once and announced once, findings once each, silent numbers queried.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class TrackingTest {

    // kuaidi100 posts UTF-8; RestAssured would encode form fields as ISO-8859-1 otherwise.
    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
    private static final String ACK = "{\"result\":true,\"returnCode\":\"200\",\"message\":\"成功\"}";

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @Inject
    WorkQueue work;
    @Inject
    TrackingFeeds feeds;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void clearFeed() {
        feed().setKeyExpired(false);
        feed().setKdniaoCallbackUrl(null);
        PrintingShop.sim().clearFaults();
    }

    @Test
    void eachMovementBecomesOneTrackingUpdatedAndRepeatsOrOlderPushesChangeNothing() {
        PrintingShop shop = shop();
        String number = ztoNumber();
        feed().script(number, TrackingScript.NORMAL);
        String orderId = declare(shop, number);

        JsonPath watched = awaitWatch(shop, number, "WATCHING");
        assertThat(watched.getString("watch.orderId")).isEqualTo(orderId);
        assertThat(watched.getString("watch.destinationCity")).isEqualTo("杭州市");
        List<SubscribeCall> calls = feed().subscriptions(number);
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.accepted()).isTrue();
            assertThat(call.company()).isEqualTo("zhongtong");
            assertThat(call.salted()).isTrue();
            assertThat(call.resultv2()).isEqualTo("4");
            assertThat(call.callbackUrl()).endsWith("/tracking-feed/kuaidi100/push");
        });

        TrackingPush first = feed().pushNext(number);
        assertThat(first.reply()).isEqualTo(ACK);
        List<TrackingUpdated> updates = awaitUpdates(shop, number, 1);
        assertThat(updates.get(0).state()).isEqualTo(TrackingState.INFO_RECEIVED);
        assertThat(updates.get(0).orderId()).isEqualTo(orderId);
        assertThat(updates.get(0).carrierCode()).isEqualTo("ZTO");

        feed().pushNext(number);
        feed().pushAgain(number);
        feed().pushNext(number);
        updates = awaitUpdates(shop, number, 2);
        await().atMost(PrintingShop.WITHIN).until(() -> processedPushes(number) == 4);
        updates = shop.events("shipsync.tracking", TrackingUpdated.class).stream()
                .filter(u -> u.trackingNumber().equals(number)).toList();
        assertThat(updates).as("the repeated push announced nothing").hasSize(3);
        assertThat(updates).extracting(TrackingUpdated::state)
                .containsExactly(TrackingState.INFO_RECEIVED, TrackingState.PICKED_UP, TrackingState.IN_TRANSIT);
        assertThat(updates).allSatisfy(u -> assertThat(u.checkpoints()).hasSize(1));
        Instant lastMovement = updates.get(2).checkpointAt();

        feed().pushOlder(number);
        await().atMost(PrintingShop.WITHIN).until(() -> processedPushes(number) == 5);
        JsonPath after = tracking(shop, number);
        assertThat(after.getString("watch.status")).as("an older push leaves the status").isEqualTo("IN_TRANSIT");
        assertThat(Instant.parse(after.getString("watch.lastMovementAt"))).isEqualTo(lastMovement);
        assertThat(after.getList("history")).hasSize(3);
        assertThat(shop.events("shipsync.tracking", TrackingUpdated.class).stream()
                .filter(u -> u.trackingNumber().equals(number))).hasSize(3);

        pushAll(number);
        JsonPath delivered = awaitWatch(shop, number, "ENDED");
        assertThat(delivered.getString("watch.status")).isEqualTo("DELIVERED");
    }

    @Test
    void aPushWithABadSignIsRefusedAndNothingIsStored() throws Exception {
        String number = ztoNumber();
        String param = "{\"status\":\"polling\",\"message\":\"\",\"lastResult\":{\"message\":\"ok\",\"state\":\"0\",\"status\":\"200\","
                + "\"ischeck\":\"0\",\"com\":\"zhongtong\",\"nu\":\"" + number + "\",\"data\":[{\"context\":\"快件已到达 杭州转运中心\","
                + "\"time\":\"2026-11-26 10:10:00\",\"ftime\":\"2026-11-26 10:10:00\",\"status\":\"在途\",\"statusCode\":\"1002\","
                + "\"areaName\":\"浙江,杭州市\"}]}}";

        given().contentType(FORM).formParam("param", param).formParam("sign", "0123456789ABCDEF0123456789ABCDEF")
                .post("/tracking-feed/kuaidi100/push").then().statusCode(400).contentType("application/problem+json");
        given().contentType(FORM).formParam("param", param.replace("杭州", "宁波")).formParam("sign", sign(param))
                .post("/tracking-feed/kuaidi100/push").then().statusCode(400);
        given().contentType(FORM).formParam("param", param).post("/tracking-feed/kuaidi100/push").then().statusCode(400);

        String reply = given().contentType(FORM).formParam("param", param).formParam("sign", sign(param))
                .post("/tracking-feed/kuaidi100/push").then().statusCode(200).extract().asString();
        assertThat(reply).isEqualTo(ACK);
        assertThat(Rows.count(dataSource, "SELECT count(*) FROM tracking_pushes WHERE tracking_number = ?", number))
                .as("only the signed push was stored").isEqualTo(1);
    }

    @Test
    void garbledRepeatedAndWrongRouteEntriesEachGiveOneTrackingAnomaly() {
        PrintingShop shop = shop();
        String garbled = ztoNumber();
        String repeated = ztoNumber();
        String wrongRoute = ztoNumber();
        feed().script(garbled, TrackingScript.GARBLED);
        feed().script(repeated, TrackingScript.DUPLICATES);
        feed().script(wrongRoute, TrackingScript.WRONG_ROUTE);
        declare(shop, garbled);
        declare(shop, repeated);
        declare(shop, wrongRoute);
        awaitWatch(shop, garbled, "WATCHING");
        awaitWatch(shop, repeated, "WATCHING");
        awaitWatch(shop, wrongRoute, "WATCHING");

        int garbledPushes = pushAll(garbled);
        int repeatedPushes = pushAll(repeated);
        int wrongRoutePushes = pushAll(wrongRoute);
        feed().pushAgain(garbled);
        await().atMost(PrintingShop.WITHIN).until(() -> processedPushes(garbled) == garbledPushes + 1
                && processedPushes(repeated) == repeatedPushes && processedPushes(wrongRoute) == wrongRoutePushes);

        List<TrackingAnomaly> anomalies = shop.events("shipsync.tracking", TrackingAnomaly.class);
        assertThat(anomalies.stream().filter(a -> a.trackingNumber().equals(garbled)))
                .as("the mojibake entry and the U+FFFD entry, once each though every later push repeats them")
                .hasSize(2).allMatch(a -> a.kind() == TrackingAnomalyKind.GARBLED_TEXT && a.checkpointAt() != null);
        assertThat(anomalies.stream().filter(a -> a.trackingNumber().equals(repeated)))
                .singleElement().satisfies(a -> assertThat(a.kind()).isEqualTo(TrackingAnomalyKind.REPEATED_ENTRY));
        List<TrackingAnomaly> route = anomalies.stream().filter(a -> a.trackingNumber().equals(wrongRoute)).toList();
        assertThat(route).isNotEmpty().allMatch(a -> a.kind() == TrackingAnomalyKind.WRONG_ROUTE);
        assertThat(route).extracting(TrackingAnomaly::checkpointAt).doesNotHaveDuplicates();
        assertThat(tracking(shop, wrongRoute).getList("findings")).hasSize(route.size());
    }

    @Test
    void aSilentNumberIsQueriedAndAnAbortIsAFinding() {
        PrintingShop shop = shop();
        String silent = ztoNumber();
        String aborted = ztoNumber();
        feed().script(silent, TrackingScript.SILENT);
        feed().script(aborted, TrackingScript.ABORT);
        declare(shop, silent);
        declare(shop, aborted);
        awaitWatch(shop, silent, "WATCHING");
        awaitWatch(shop, aborted, "WATCHING");

        QuarkusTransaction.requiringNew().run(() -> work.dueNow(SilentNumbers.QUEUE, shop.shopId, silent));
        await().atMost(PrintingShop.WITHIN).until(() -> tracking(shop, silent).getInt("watch.queries") >= 1
                && !tracking(shop, silent).getList("history").isEmpty());
        assertThat(tracking(shop, silent).getString("watch.lastPushAt")).as("a query is no push").isNull();
        assertThat(awaitUpdates(shop, silent, 1).get(0).state()).isEqualTo(TrackingState.INFO_RECEIVED);

        TrackingPush abort = feed().pushNext(aborted);
        assertThat(abort.status()).isEqualTo("abort");
        JsonPath ended = awaitWatch(shop, aborted, "ABORTED");
        assertThat(ended.getString("watch.refusal")).contains("3天查询无记录");
        await().atMost(PrintingShop.WITHIN).until(() -> shop.events("shipsync.tracking", TrackingAnomaly.class).stream()
                .anyMatch(a -> a.trackingNumber().equals(aborted) && a.kind() == TrackingAnomalyKind.WATCH_ABORTED));
    }

    @Test
    void refusalsAreFindingsAnOutageIsRetriedAndACorrectionMovesTheWatch() {
        PrintingShop shop = shop();
        String refused = ztoNumber();
        feed().refuseCarrier(refused);
        declare(shop, refused);
        JsonPath refusedWatch = awaitWatch(shop, refused, "REFUSED");
        assertThat(refusedWatch.getString("watch.refusal")).contains("701");
        await().atMost(PrintingShop.WITHIN).until(() -> shop.events("shipsync.tracking", TrackingAnomaly.class).stream()
                .anyMatch(a -> a.trackingNumber().equals(refused) && a.kind() == TrackingAnomalyKind.NUMBER_REFUSED));

        feed().setKeyExpired(true);
        String keyRefused = ztoNumber();
        declare(shop, keyRefused);
        awaitWatch(shop, keyRefused, "REFUSED");
        await().atMost(PrintingShop.WITHIN).until(() -> shop.events("shipsync.tracking", TrackingAnomaly.class).stream()
                .anyMatch(a -> a.trackingNumber().equals(keyRefused) && a.kind() == TrackingAnomalyKind.FEED_KEY_REFUSED));
        feed().setKeyExpired(false);
        QuarkusTransaction.requiringNew().run(() -> work.dueNow(TrackingSubscriber.QUEUE, shop.shopId, keyRefused));
        awaitWatch(shop, keyRefused, "WATCHING");

        feed().failSubscriptions(2);
        String first = ztoNumber();
        String orderId = declare(shop, first);
        awaitWatch(shop, first, "WATCHING");
        assertThat(Rows.count(dataSource, "SELECT count(*) FROM tracking_subscriptions WHERE tracking_number = ?", first))
                .as("two sent into the outage, retried, the third taken").isEqualTo(3);
        assertThat(feed().subscriptions(first)).extracting(SubscribeCall::returnCode).containsExactly("200");

        String corrected = ztoNumber();
        shop.publish(new OrderShipped(orderId, List.of(new ShippedPackage("ZTO", corrected, List.of(new PackageItem("p", "s", 1)))),
                Instant.now(), true, true));
        awaitWatch(shop, corrected, "WATCHING");
        JsonPath moved = awaitWatch(shop, first, "MOVED");
        assertThat(moved.getString("watch.replacedBy")).isEqualTo(corrected);
        assertThat(feed().subscriptions(corrected)).hasSize(1);
    }

    @Test
    void the快递鸟FeedsPushesAreVerifiedByTheirDataSignAndAppliedTheSameWay() {
        PrintingShop shop = shop();
        String number = ztoNumber();
        feed().script(number, TrackingScript.NORMAL);
        declare(shop, number);
        awaitWatch(shop, number, "WATCHING");
        TrackingFeed kdniao = feeds.byProvider("kdniao").orElseThrow();
        assertThat(kdniao.subscribe(new Subscription("ZTO", number, null, "浙江省杭州市")).outcome())
                .isEqualTo(SubscribeAnswer.Outcome.SUBSCRIBED);
        feed().setKdniaoCallbackUrl(PlatformSimResource.serviceUrl() + "/tracking-feed/kdniao/push");

        TrackingPush push = feed().pushNext(number);

        assertThat(push.feed()).isEqualTo("kdniao");
        assertThat(push.reply()).contains("\"Success\":true");
        assertThat(awaitUpdates(shop, number, 1).get(0).state()).isEqualTo(TrackingState.INFO_RECEIVED);
        given().contentType(FORM).formParam("RequestData", push.param()).formParam("DataSign", "bm90IHRoZSBzaWdu")
                .formParam("RequestType", "101").post("/tracking-feed/kdniao/push").then().statusCode(400);
    }

    @Test
    void theFeedsMonthlyCapOfFourSubscriptionsIsKept() {
        PrintingShop shop = shop();
        String number = ztoNumber();
        String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        for (int i = 0; i < 4; i++) {
            Rows.update(dataSource, """
                    INSERT INTO tracking_subscriptions (provider, carrier_code, tracking_number, shop_id, month, sent_at)
                    VALUES ('kuaidi100', 'ZTO', ?, 'another-shop', ?, now())""", number, month);
        }
        declare(shop, number);

        JsonPath watch = awaitWatch(shop, number, "WATCHING");
        assertThat(watch.getString("watch.refusal")).contains("4 subscriptions");
        assertThat(feed().subscriptions(number)).as("the fifth subscription was never sent").isEmpty();
    }

    @Test
    void aBareNumbersCarriersAreSuggestedWithTheFeedsConfirmationFirst() {
        PrintingShop shop = shop();
        JsonPath suggestions = JsonPath.from(given().auth().oauth2(shop.operator()).queryParam("number", "SF1342567604302")
                .get("/api/shops/{s}/carrier-suggestions", shop.shopId).then().statusCode(200).extract().asString());
        assertThat(suggestions.getBoolean("feedConsulted")).isTrue();
        assertThat(suggestions.getString("carriers[0].deliveryId")).isEqualTo("SF");
        assertThat(suggestions.getBoolean("carriers[0].feedConfirms")).isTrue();
        assertThat(suggestions.getBoolean("carriers[0].formatMatches")).isTrue();

        given().auth().oauth2(shop.operator()).queryParam("number", "SF1342567604302")
                .get("/api/shops/{s}/carrier-suggestions", "someone-elses-shop").then().statusCode(403);
    }

    // ---- helpers ----

    private PrintingShop shop() {
        return new PrintingShop(codec, bootstrap, dataSource);
    }

    private static TrackingFeedSim feed() {
        return PrintingShop.sim().tracking();
    }

    /** A 中通 number (14 digits from 7), unique for the test run. */
    private static String ztoNumber() {
        return "73" + ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L);
    }

    /** order-service's announcements of a paid order (to 杭州) and of its declaration with one number. */
    private static String declare(PrintingShop shop, String number) {
        String orderId = Long.toString(ThreadLocalRandom.current().nextLong(3_700_000_000_000_000_000L, Long.MAX_VALUE));
        List<DomainEvent> events = List.of(
                new OrderPlaced(orderId, Instant.now(), OrderPlaced.DELIVER_PHYSICAL,
                        List.of(new OrderItem(shop.productId, shop.skuId, "CUP", 1, 8900)), new Region("浙江省", "杭州市", "西湖区"), 8900L),
                new OrderShipped(orderId, List.of(new ShippedPackage("ZTO", number, List.of(new PackageItem(shop.productId, shop.skuId, 1)))),
                        Instant.now(), true, false));
        shop.publish(events.toArray(DomainEvent[]::new));
        return orderId;
    }

    private static JsonPath tracking(PrintingShop shop, String number) {
        return JsonPath.from(given().auth().oauth2(shop.operator()).get("/api/shops/{s}/tracking/{n}", shop.shopId, number)
                .then().extract().asString());
    }

    private static JsonPath awaitWatch(PrintingShop shop, String number, String state) {
        await().atMost(PrintingShop.WITHIN).until(() -> {
            int status = given().auth().oauth2(shop.operator()).get("/api/shops/{s}/tracking/{n}", shop.shopId, number).statusCode();
            return status == 200 && state.equals(tracking(shop, number).getString("watch.state"));
        });
        return tracking(shop, number);
    }

    private static List<TrackingUpdated> awaitUpdates(PrintingShop shop, String number, int atLeast) {
        await().atMost(PrintingShop.WITHIN).until(() -> shop.events("shipsync.tracking", TrackingUpdated.class).stream()
                .filter(u -> u.trackingNumber().equals(number)).count() >= atLeast);
        return shop.events("shipsync.tracking", TrackingUpdated.class).stream().filter(u -> u.trackingNumber().equals(number)).toList();
    }

    /** Pushes every remaining step of the number's script; how many pushes the number had in all. */
    private static int pushAll(String number) {
        while (true) {
            var view = feed().subscription(number);
            if (view.stepsPushed() >= view.steps()) {
                return feed().pushes(number).size();
            }
            feed().pushNext(number);
        }
    }

    private long processedPushes(String number) {
        return Rows.count(dataSource, "SELECT count(*) FROM tracking_pushes WHERE tracking_number = ? AND processed_at IS NOT NULL",
                number);
    }

    private static String sign(String param) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5")
                .digest((param + PlatformSimResource.TRACKING_SALT).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().withUpperCase().formatHex(digest);
    }
}
