package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Kuaidi100FeedTest {

    static final String SF = "SF1342567604302";
    /** 10:00 in Asia/Shanghai. */
    static final Instant START = Instant.parse("2026-03-10T02:00:00Z");

    private MutableClock clock;
    private PlatformSim sim;
    private TrackingFeedSim feeds;
    private FeedReceiver receiver;
    private FeedClient client;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(START);
        // A step of 4 h takes 4 h: carrier times are not compressed, so they can be checked to the second.
        // 0.0001 turns the 35 min retry interval into 210 ms.
        sim = PlatformSim.start(PlatformSim.Config.defaults().withClock(clock).withPushRetryScale(0.0001)
                .withPushTimeout(Duration.ofMillis(500))
                .withTracking(TrackingConfig.defaults().withStepEvery(Duration.ofHours(4)).withAutomatic(false)));
        feeds = sim.tracking();
        receiver = new FeedReceiver(FeedReceiver.KUAIDI100_OK);
        client = new FeedClient(sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    private JsonNode subscribe(String number, String salt) {
        return client.poll(FeedClient.subscribeParam("shunfeng", number, receiver.url(), salt, "5678"));
    }

    private static JsonNode json(String text) throws Exception {
        return WeChatClient.JSON.readTree(text);
    }

    @Test
    void subscribeAnswersTheDocumentedCodes() {
        JsonNode ok = subscribe(SF, "salt");
        assertThat(ok.path("result").asBoolean()).isTrue();
        assertThat(ok.path("returnCode").asText()).isEqualTo("200");
        assertThat(ok.path("message").asText()).isEqualTo("提交成功");

        JsonNode again = subscribe(SF, "salt");
        assertThat(again.path("result").asBoolean()).isFalse();
        assertThat(again.path("returnCode").asText()).isEqualTo("501");
        assertThat(again.path("message").asText()).contains("重复订阅");

        assertThat(client.poll(FeedClient.subscribeParam("shunfeng", "SF1342567604302", receiver.url(), "s", "5678")
                .replace(FeedClient.KEY, "wrong-key")).path("returnCode").asText()).isEqualTo("600");
        feeds.setKeyExpired(true);
        assertThat(subscribe("SF3237301501050", "s").path("returnCode").asText()).isEqualTo("601");
        feeds.setKeyExpired(false);

        assertThat(subscribe("SF123", "s").path("returnCode").asText()).isEqualTo("700");
        assertThat(client.poll(FeedClient.subscribeParam("shunfeng", "SF3237301501050", null, "s", "5678"))
                .path("returnCode").asText()).isEqualTo("700");
        assertThat(client.poll(FeedClient.subscribeParam("shunfeng", "SF3237301501050", receiver.url(), "s", null))
                .path("returnCode").asText()).isEqualTo("700");
        assertThat(client.poll(FeedClient.subscribeParam("nosuchco", "YT9383342193097", receiver.url(), "s", null))
                .path("returnCode").asText()).isEqualTo("702");
        assertThat(client.form("/poll", Map.of("schema", "json", "param", "not json"))
                .path("returnCode").asText()).isEqualTo("700");

        feeds.refuseCarrier("YT9383342193097");
        assertThat(client.poll(FeedClient.subscribeParam("yuantong", "YT9383342193097", receiver.url(), "s", null))
                .path("returnCode").asText()).isEqualTo("701");

        feeds.failSubscriptions(1);
        assertThat(client.poll(FeedClient.subscribeParam("zhongtong", "75000000000001", receiver.url(), "s", null))
                .path("returnCode").asText()).isEqualTo("500");
        assertThat(client.poll(FeedClient.subscribeParam("zhongtong", "75000000000001", receiver.url(), "s", null))
                .path("returnCode").asText()).isEqualTo("200");

        assertThat(feeds.subscriptions(SF)).extracting(SubscribeCall::returnCode).containsExactly("200", "501", "600");
        assertThat(sim.calls("/poll")).isNotEmpty();
    }

    @Test
    void atMostFourSubscriptionsPerNumberAndMonthAndNoneWhilePollingOrJustEnded() {
        feeds.script(SF, TrackingScript.ABORT);
        for (int i = 0; i < 4; i++) {
            assertThat(subscribe(SF, "s").path("returnCode").asText()).as("subscription %d", i + 1).isEqualTo("200");
            assertThat(subscribe(SF, "s").path("returnCode").asText()).isEqualTo("501");
            TrackingPush abort = feeds.pushNext(SF);
            assertThat(abort.status()).isEqualTo("abort");
            // kuaidi100 takes a number again only 30 min after its subscription ended.
            clock.advance(Duration.ofMinutes(29));
            assertThat(subscribe(SF, "s").path("returnCode").asText()).isEqualTo("501");
            clock.advance(Duration.ofMinutes(2));
        }
        assertThat(subscribe(SF, "s").path("returnCode").asText()).isEqualTo("501");
        clock.advance(Duration.ofDays(25));
        assertThat(subscribe(SF, "s").path("returnCode").asText()).as("April").isEqualTo("200");
        assertThat(feeds.subscriptions(SF).stream().filter(SubscribeCall::accepted)).hasSize(5);
    }

    @Test
    void pushIsSignedWithTheSaltAndCarriesTheFullHistoryNewestFirstInShanghaiTime() throws Exception {
        feeds.script(SF, TrackingScript.NORMAL);
        subscribe(SF, "s3cr3t");
        feeds.pushNext(SF);
        feeds.pushNext(SF);
        TrackingPush third = feeds.pushNext(SF);
        assertThat(third.state()).isEqualTo(PushRecord.State.DELIVERED);
        assertThat(third.reply()).contains("\"result\":true");

        assertThat(receiver.received).hasSize(3);
        Map<String, String> form = receiver.received.get(2);
        String param = form.get("param");
        assertThat(form.get("sign")).isEqualTo(FeedClient.md5Hex(param + "s3cr3t").toUpperCase());
        JsonNode push = json(param);
        assertThat(push.path("status").asText()).isEqualTo("polling");
        assertThat(push.path("autoCheck").asText()).isEqualTo("0");
        JsonNode last = push.path("lastResult");
        assertThat(last.path("message").asText()).isEqualTo("ok");
        assertThat(last.path("status").asText()).isEqualTo("200");
        assertThat(last.path("condition").asText()).isEqualTo("F00");
        assertThat(last.path("com").asText()).isEqualTo("shunfeng");
        assertThat(last.path("nu").asText()).isEqualTo(SF);
        assertThat(last.path("ischeck").asText()).isEqualTo("0");
        assertThat(last.path("state").asText()).isEqualTo("0");
        JsonNode data = last.path("data");
        assertThat(data).hasSize(3);
        assertThat(data.findValuesAsText("statusCode")).containsExactly("1002", "103", "101");
        // Subscribed 10:00 Shanghai; 揽收 1.5 h later, 下单 15 min before, 分拣 4 h later.
        assertThat(data.findValuesAsText("time")).containsExactly("2026-03-10 14:00:00", "2026-03-10 11:30:00",
                "2026-03-10 09:45:00");
        assertThat(data.get(1).path("ftime").asText()).isEqualTo("2026-03-10 11:30:00");
        assertThat(data.get(1).path("context").asText()).isEqualTo("【杭州市】顺丰速运 已收取快件");
        assertThat(data.get(1).path("status").asText()).isEqualTo("揽收");
        assertThat(data.get(1).path("areaName").asText()).isEqualTo("浙江,杭州市,余杭区");
        assertThat(data.get(1).path("areaCode").asText()).isEqualTo("CN330110000000");
        assertThat(data.get(0).path("location").asText()).isEqualTo("浙江省杭州市余杭区");
        assertThat(feeds.pushes(SF)).hasSize(3);
    }

    @Test
    void anEmptySaltStillSignsAndNoSaltSendsNoSign() throws Exception {
        feeds.script(SF, TrackingScript.NORMAL);
        subscribe(SF, "");
        feeds.pushNext(SF);
        Map<String, String> salted = receiver.received.get(0);
        assertThat(salted.get("sign")).isEqualTo(FeedClient.md5Hex(salted.get("param")).toUpperCase());

        String other = "SF3237301501050";
        subscribe(other, null);
        feeds.pushNext(other);
        assertThat(receiver.received.get(1)).containsKey("param").doesNotContainKey("sign");
    }

    @Test
    void retriesThreeTimesWhileTheCallbackDoesNotAnswerOk() {
        feeds.script(SF, TrackingScript.NORMAL);
        subscribe(SF, "s");
        receiver.script("{\"result\":false,\"returnCode\":\"500\"}", "success");
        TrackingPush first = feeds.pushNext(SF);
        assertThat(first.state()).isEqualTo(PushRecord.State.PENDING);
        await().atMost(Duration.ofSeconds(5)).until(() -> feeds.pushes(SF).get(0).state() == PushRecord.State.DELIVERED);
        assertThat(feeds.pushes(SF).get(0).attempts()).extracting(PushAttempt::success).containsExactly(false, false, true);

        receiver.script("no", "no", "no", "no");
        feeds.pushNext(SF);
        await().atMost(Duration.ofSeconds(5)).until(() -> feeds.pushes(SF).get(1).state() == PushRecord.State.GAVE_UP);
        assertThat(feeds.pushes(SF).get(1).attempts()).hasSize(4);
        assertThat(receiver.received).hasSize(7);
        assertThat(receiver.received.get(6).get("param")).isEqualTo(receiver.received.get(3).get("param"));
    }

    /** Pushes every step and returns the pushes' params. */
    private List<JsonNode> playOut(String number, TrackingScript script) throws Exception {
        feeds.script(number, script);
        assertThat(client.poll(FeedClient.subscribeParam(TrackingCarriers.recognise(number).get(0).kuaidi100(), number,
                receiver.url(), "s", "5678")).path("returnCode").asText()).isEqualTo("200");
        List<JsonNode> params = new ArrayList<>();
        for (int i = 0; i < feeds.subscription(number).steps(); i++) {
            params.add(json(feeds.pushNext(number).param()));
        }
        assertThatThrownBy(() -> feeds.pushNext(number)).isInstanceOf(IllegalStateException.class);
        return params;
    }

    private static List<String> codes(JsonNode push) {
        List<String> codes = new ArrayList<>(push.path("lastResult").path("data").findValuesAsText("statusCode"));
        Collections.reverse(codes);
        return codes;
    }

    @Test
    void eachScriptHasItsShape() throws Exception {
        List<JsonNode> normal = playOut("SF1000000000001", TrackingScript.NORMAL);
        assertThat(codes(normal.get(normal.size() - 1)))
                .containsExactly("101", "103", "1002", "1002", "1001", "5", "301");
        assertThat(normal).extracting(p -> p.path("status").asText())
                .containsExactly("polling", "polling", "polling", "polling", "polling", "polling", "shutdown");
        assertThat(normal.get(6).path("lastResult").path("state").asText()).isEqualTo("3");
        assertThat(normal.get(6).path("lastResult").path("ischeck").asText()).isEqualTo("1");
        assertThat(normal.get(5).path("lastResult").path("state").asText()).isEqualTo("5");

        List<JsonNode> pickup = playOut("SF1000000000002", TrackingScript.PICKUP_POINT);
        assertThat(codes(pickup.get(pickup.size() - 1))).endsWith("5", "501", "304");
        assertThat(pickup.get(pickup.size() - 1).path("status").asText()).isEqualTo("shutdown");

        List<JsonNode> problem = playOut("SF1000000000003", TrackingScript.PROBLEM);
        assertThat(codes(problem.get(problem.size() - 1))).endsWith("5", "2");
        assertThat(problem.get(problem.size() - 1).path("lastResult").path("state").asText()).isEqualTo("2");
        assertThat(problem.get(problem.size() - 1).path("status").asText()).isEqualTo("polling");

        List<JsonNode> back = playOut("SF1000000000004", TrackingScript.RETURN);
        assertThat(codes(back.get(back.size() - 1))).endsWith("5", "14", "6", "4");
        assertThat(back.get(back.size() - 1).path("lastResult").path("state").asText()).isEqualTo("4");
        assertThat(back.get(back.size() - 1).path("status").asText()).isEqualTo("shutdown");

        List<JsonNode> abort = playOut("SF1000000000005", TrackingScript.ABORT);
        assertThat(abort).hasSize(1);
        assertThat(abort.get(0).path("status").asText()).isEqualTo("abort");
        assertThat(abort.get(0).path("message").asText()).isEqualTo("3天查询无记录");
        assertThat(abort.get(0).path("lastResult").path("data")).isEmpty();

        List<JsonNode> garbled = playOut("SF1000000000006", TrackingScript.GARBLED);
        List<String> contexts = garbled.get(garbled.size() - 1).path("lastResult").path("data").findValuesAsText("context");
        assertThat(contexts).anyMatch(c -> c.contains("\uFFFD"));
        // UTF-8 bytes read as GBK: the whole context, since GBK pairs bytes from the start of the text.
        String mojibake = new String("【深圳市】快件已到达【深圳南山集散中心】".getBytes(StandardCharsets.UTF_8), "GBK");
        assertThat(contexts).contains(mojibake);

        List<JsonNode> duplicates = playOut("SF1000000000007", TrackingScript.DUPLICATES);
        assertThat(duplicates).anyMatch(p -> {
            JsonNode data = p.path("lastResult").path("data");
            return data.size() > 1 && data.get(0).equals(data.get(1));
        });
        boolean sentTwice = false;
        for (int i = 1; i < duplicates.size(); i++) {
            sentTwice |= duplicates.get(i).equals(duplicates.get(i - 1));
        }
        assertThat(sentTwice).isTrue();

        List<JsonNode> outOfOrder = playOut("SF1000000000008", TrackingScript.OUT_OF_ORDER);
        int older = -1;
        for (int i = 1; i < outOfOrder.size(); i++) {
            if (outOfOrder.get(i).path("lastResult").path("data").size()
                    < outOfOrder.get(i - 1).path("lastResult").path("data").size()) {
                older = i;
            }
        }
        assertThat(older).isPositive();
        assertThat(outOfOrder.get(older)).isEqualTo(outOfOrder.get(older - 2));

        List<JsonNode> correction = playOut("SF1000000000009", TrackingScript.CORRECTION);
        assertThat(correction).allSatisfy(p -> {
            assertThat(p.path("autoCheck").asText()).isEqualTo("1");
            assertThat(p.path("comOld").asText()).isEqualTo("shunfeng");
            assertThat(p.path("comNew").asText()).isEqualTo("zhongtong");
            assertThat(p.path("lastResult").path("com").asText()).isEqualTo("zhongtong");
        });

        List<JsonNode> wrongRoute = playOut("SF1000000000010", TrackingScript.WRONG_ROUTE);
        JsonNode signed = wrongRoute.get(wrongRoute.size() - 1).path("lastResult").path("data");
        assertThat(signed.get(0).path("statusCode").asText()).isEqualTo("301");
        assertThat(signed.get(0).path("areaName").asText()).doesNotContain("深圳");
        assertThat(signed.get(1).path("areaName").asText()).doesNotContain("深圳");
        assertThat(signed.get(signed.size() - 1).path("areaName").asText()).contains("杭州");
    }

    @Test
    void silentNumbersAreNeverPushedButTheQueryShowsWhatIsDue() {
        feeds.script(SF, TrackingScript.SILENT);
        subscribe(SF, "s");
        assertThatThrownBy(() -> feeds.pushNext(SF)).isInstanceOf(IllegalStateException.class);
        String param = "{\"com\":\"shunfeng\",\"num\":\"" + SF + "\",\"phone\":\"5678\",\"resultv2\":\"4\"}";

        JsonNode early = client.query(param, FeedClient.KEY, FeedClient.CUSTOMER);
        assertThat(early.path("data").findValuesAsText("statusCode")).containsExactly("101");

        clock.advance(Duration.ofHours(2));
        JsonNode later = client.query(param, FeedClient.KEY, FeedClient.CUSTOMER);
        assertThat(later.path("message").asText()).isEqualTo("ok");
        assertThat(later.path("status").asText()).isEqualTo("200");
        assertThat(later.path("nu").asText()).isEqualTo(SF);
        assertThat(later.path("com").asText()).isEqualTo("shunfeng");
        assertThat(later.path("state").asText()).isEqualTo("1");
        assertThat(later.path("ischeck").asText()).isEqualTo("0");
        assertThat(later.path("data").findValuesAsText("statusCode")).containsExactly("103", "101");

        clock.advance(Duration.ofDays(2));
        JsonNode done = client.query(param, FeedClient.KEY, FeedClient.CUSTOMER);
        assertThat(done.path("ischeck").asText()).isEqualTo("1");
        assertThat(done.path("data")).hasSize(7);
        assertThat(receiver.received).isEmpty();
    }

    @Test
    void realtimeQueryChecksItsSignAndSaysWhenNothingIsKnownYet() {
        String param = "{\"com\":\"shunfeng\",\"num\":\"SF3237301501050\",\"phone\":\"5678\",\"resultv2\":\"4\"}";
        JsonNode nothing = client.query(param, FeedClient.KEY, FeedClient.CUSTOMER);
        assertThat(nothing.path("result").asBoolean(true)).isFalse();
        assertThat(nothing.path("returnCode").asText()).isEqualTo("500");
        assertThat(nothing.path("message").asText()).isEqualTo("查询无结果，请隔段时间再查");

        JsonNode badSign = client.query(param, "other-key", FeedClient.CUSTOMER);
        assertThat(badSign.path("returnCode").asText()).isEqualTo("503");
        assertThat(badSign.path("message").asText()).isEqualTo("验证签名失败");

        feeds.script(SF, TrackingScript.NORMAL);
        subscribe(SF, "s");
        feeds.pushNext(SF);
        feeds.pushNext(SF);
        JsonNode pushed = client.query(param.replace("SF3237301501050", SF), FeedClient.KEY, FeedClient.CUSTOMER);
        assertThat(pushed.path("data").findValuesAsText("statusCode")).containsExactly("103", "101");
    }

    @Test
    void autonumberRanksCarriersByTheNumbersShape() {
        JsonNode sf = client.autonumber(SF, FeedClient.KEY);
        assertThat(sf.isArray()).isTrue();
        assertThat(sf.get(0).path("comCode").asText()).isEqualTo("shunfeng");
        assertThat(sf.get(0).path("name").asText()).isEqualTo("顺丰速运");
        assertThat(sf.get(0).path("lengthPre").asInt()).isEqualTo(15);
        assertThat(sf.get(0).path("noPre").asText()).isEqualTo("SF");
        assertThat(sf.get(0).path("noCount").asInt()).isPositive();

        JsonNode numeric = client.autonumber("688123456789", FeedClient.KEY);
        assertThat(numeric.findValuesAsText("comCode")).containsExactly("zhongtong", "shentong", "shunfeng");
        assertThat(client.autonumber("773039762404825", FeedClient.KEY).get(0).path("comCode").asText())
                .isEqualTo("shentong");
        assertThat(client.autonumber("4311159956248", FeedClient.KEY).get(0).path("comCode").asText())
                .isEqualTo("yunda");
        assertThat(client.autonumber("ABC", FeedClient.KEY)).isEmpty();
        assertThat(client.autonumber(SF, "wrong").path("returnCode").asText()).isEqualTo("600");
    }

    @Test
    void againAndOlderResendEarlierPushes() throws Exception {
        feeds.script(SF, TrackingScript.NORMAL);
        subscribe(SF, "s");
        TrackingPush first = feeds.pushNext(SF);
        TrackingPush second = feeds.pushNext(SF);
        TrackingPush again = feeds.pushAgain(SF);
        TrackingPush older = feeds.pushOlder(SF);
        assertThat(again.param()).isEqualTo(second.param());
        assertThat(again.resend()).isTrue();
        assertThat(older.param()).isEqualTo(first.param());
        assertThat(receiver.received).extracting(f -> f.get("param"))
                .containsExactly(first.param(), second.param(), second.param(), first.param());
        assertThat(feeds.subscription(SF).stepsPushed()).isEqualTo(2);
    }
}
