package io.shipsync.trackingfeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shipsync.events.TrackingState;
import io.shipsync.trackingfeed.FeedPush.PushStatus;
import io.shipsync.trackingfeed.SubscribeAnswer.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

class Kuaidi100HttpTest {

    private static final Subscription SF = new Subscription("SF", "SF1342567604302", "1234", "广东省深圳市");

    private final ObjectMapper mapper = new ObjectMapper();
    private final FeedStub stub = FeedStub.start();
    private final TestConfig config = TestConfig.at(stub.url());
    private final Kuaidi100Feed feed = new Kuaidi100Feed(config);

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void aSubscriptionIsAFormWithTheParamJson() throws Exception {
        stub.answer(200, "{\"result\":true,\"returnCode\":\"200\",\"message\":\"提交成功\"}");

        SubscribeAnswer answer = feed.subscribe(SF);

        assertThat(answer).isEqualTo(new SubscribeAnswer(Outcome.SUBSCRIBED, "200", "提交成功"));
        FeedStub.Request request = stub.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/poll");
        assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(request.form()).containsEntry("schema", "json").containsKey("param");
        JsonNode param = mapper.readTree(request.form().get("param"));
        assertThat(param.path("company").asText()).isEqualTo("shunfeng");
        assertThat(param.path("number").asText()).isEqualTo("SF1342567604302");
        assertThat(param.path("to").asText()).isEqualTo("广东省深圳市");
        assertThat(param.path("key").asText()).isEqualTo("K3y-secret");
        JsonNode parameters = param.path("parameters");
        assertThat(parameters.path("callbackurl").asText()).isEqualTo("https://ship.example.com/feeds/kuaidi100/pushes");
        assertThat(parameters.path("salt").asText()).isEqualTo("s4lt-secret");
        assertThat(parameters.path("resultv2").asText()).isEqualTo("4");
        assertThat(parameters.path("phone").asText()).isEqualTo("1234");
        assertThat(parameters.has("autoCom")).isFalse();
    }

    @Test
    void aCarrierWithoutPhoneGetsNoPhoneAndOtherIsLeftToKuaidi100() throws Exception {
        stub.answer(200, "{\"result\":true,\"returnCode\":\"200\",\"message\":\"提交成功\"}");

        feed.subscribe(new Subscription("ZTO", "75123456789012", "1234", null));
        JsonNode zto = mapper.readTree(stub.last().form().get("param"));
        assertThat(zto.path("company").asText()).isEqualTo("zhongtong");
        assertThat(zto.has("to")).isFalse();
        assertThat(zto.path("parameters").has("phone")).isFalse();

        feed.subscribe(new Subscription("OTHER", "ZJS0012345678", "5678", null));
        JsonNode other = mapper.readTree(stub.last().form().get("param"));
        assertThat(other.path("company").asText()).isEmpty();
        assertThat(other.path("parameters").path("autoCom").asText()).isEqualTo("1");
        assertThat(other.path("parameters").path("phone").asText()).isEqualTo("5678");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"200, SUBSCRIBED", "501, ALREADY_SUBSCRIBED", "600, KEY_REFUSED", "601, KEY_REFUSED",
            "700, NUMBER_REFUSED", "701, NUMBER_REFUSED", "702, NUMBER_REFUSED"})
    void subscribeAnswersAreMapped(String code, Outcome outcome) {
        stub.answer(200, "{\"result\":" + code.equals("200") + ",\"returnCode\":\"" + code + "\",\"message\":\"说明\"}");
        SubscribeAnswer answer = feed.subscribe(SF);
        assertThat(answer.outcome()).isEqualTo(outcome);
        assertThat(answer.code()).isEqualTo(code);
        assertThat(answer.message()).isEqualTo("说明");
    }

    @Test
    void aServerErrorIsUnavailable() {
        stub.answer(200, "{\"result\":false,\"returnCode\":\"500\",\"message\":\"服务器错误\"}");
        assertThatThrownBy(() -> feed.subscribe(SF)).isInstanceOf(FeedUnavailable.class).hasMessageContaining("500");
        stub.answer(500, "oops");
        assertThatThrownBy(() -> feed.subscribe(SF)).isInstanceOf(FeedUnavailable.class).hasMessageContaining("HTTP 500");
        stub.answer(200, "<html>maintenance</html>");
        assertThatThrownBy(() -> feed.subscribe(SF)).isInstanceOf(FeedUnavailable.class).hasMessageContaining("not JSON");
        stub.answer(200, "{\"result\":false,\"returnCode\":\"999\",\"message\":\"?\"}");
        assertThatThrownBy(() -> feed.subscribe(SF)).isInstanceOf(FeedUnavailable.class).hasMessageContaining("999");
    }

    @Test
    void anUnreachableOrSlowFeedIsUnavailable() {
        Kuaidi100Feed refused = new Kuaidi100Feed(TestConfig.at(FeedStub.refusingUrl()));
        assertThatThrownBy(() -> refused.subscribe(SF)).isInstanceOf(FeedUnavailable.class).hasMessageContaining("unreachable");
        assertThatThrownBy(() -> refused.recognize("SF1342567604302"))
                .isInstanceOf(FeedUnavailable.class).hasMessageNotContaining("K3y-secret");

        config.timeout = Duration.ofMillis(200);
        Kuaidi100Feed impatient = new Kuaidi100Feed(config);
        stub.answer(request -> {
            sleep(1500);
            return new FeedStub.Answer(200, "{\"returnCode\":\"200\"}");
        });
        assertThatThrownBy(() -> impatient.subscribe(SF)).isInstanceOf(FeedUnavailable.class).hasMessageContaining("no answer");
    }

    @Test
    void secretsNeverReachMessages() {
        stub.answer(200, "{\"result\":false,\"returnCode\":\"999\",\"message\":\"bad key K3y-secret salt s4lt-secret\"}");
        assertThatThrownBy(() -> feed.subscribe(SF)).isInstanceOf(FeedUnavailable.class)
                .hasMessageNotContaining("K3y-secret").hasMessageNotContaining("s4lt-secret");
    }

    @Test
    void subscribingNeedsTheCallbackUrlKeyAndSalt() {
        config.callbackUrl = null;
        assertThatThrownBy(() -> new Kuaidi100Feed(config).subscribe(SF))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shipsync.tracking-feed.callback-url");
        config.callbackUrl = "https://ship.example.com/push";
        config.salt = null;
        assertThatThrownBy(() -> new Kuaidi100Feed(config).subscribe(SF))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shipsync.tracking-feed.kuaidi100.salt");
        config.salt = "s";
        config.key = " ";
        assertThatThrownBy(() -> new Kuaidi100Feed(config).subscribe(SF))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shipsync.tracking-feed.kuaidi100.key");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void aQueryIsSignedAndItsHistoryRead() throws Exception {
        stub.answer(200, """
                {"message":"ok","nu":"SF1342567604302","ischeck":"1","condition":"F00","com":"shunfeng","status":"200",
                 "state":"3","data":[
                  {"context":"已签收","time":"2026-11-25 19:00:00","ftime":"2026-11-25 19:00:00","status":"签收",
                   "areaName":"广东,深圳市,南山区","statusCode":"301"},
                  {"context":"派送中","time":"2026-11-25 18:20:00","ftime":"2026-11-25 18:20:00","status":"派件",
                   "statusCode":"5"}]}
                """);

        Optional<FeedPush> answer = feed.query("SF", "SF1342567604302", "1234");

        FeedStub.Request request = stub.last();
        assertThat(request.path()).isEqualTo("/poll/query.do");
        Map<String, String> form = request.form();
        assertThat(form).containsEntry("customer", "CUST01");
        assertThat(form.get("sign")).isEqualTo(Kuaidi100Feed.querySign(form.get("param"), "K3y-secret", "CUST01"));
        JsonNode param = mapper.readTree(form.get("param"));
        assertThat(param.path("com").asText()).isEqualTo("shunfeng");
        assertThat(param.path("num").asText()).isEqualTo("SF1342567604302");
        assertThat(param.path("phone").asText()).isEqualTo("1234");
        assertThat(param.path("resultv2").asText()).isEqualTo("4");

        assertThat(answer).isPresent();
        FeedPush push = answer.get();
        assertThat(push.status()).isEqualTo(PushStatus.POLLING);
        assertThat(push.signedFor()).isTrue();
        assertThat(push.deliveryId()).isEqualTo("SF");
        assertThat(push.entries()).extracting(FeedEntry::state)
                .containsExactly(TrackingState.DELIVERED, TrackingState.OUT_FOR_DELIVERY);
        assertThat(push.entries().get(0).at()).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
    }

    @Test
    void queryAnswersAreMapped() {
        stub.answer(200, "{\"result\":false,\"returnCode\":\"500\",\"message\":\"查询无结果，请隔段时间再查\"}");
        assertThat(feed.query("ZTO", "75123456789012", null)).isEmpty();

        stub.answer(200, "{\"result\":false,\"returnCode\":\"601\",\"message\":\"key已过期\"}");
        assertThatThrownBy(() -> feed.query("ZTO", "75123456789012", null)).isInstanceOfSatisfying(FeedRefusal.class,
                refusal -> assertThat(refusal.outcome()).isEqualTo(Outcome.KEY_REFUSED));

        stub.answer(200, "{\"result\":false,\"returnCode\":\"701\",\"message\":\"拒绝查询的快递公司\"}");
        assertThatThrownBy(() -> feed.query("ZTO", "75123456789012", null)).isInstanceOfSatisfying(FeedRefusal.class,
                refusal -> {
                    assertThat(refusal.outcome()).isEqualTo(Outcome.NUMBER_REFUSED);
                    assertThat(refusal.code()).isEqualTo("701");
                });

        stub.answer(200, "{\"result\":false,\"returnCode\":\"503\",\"message\":\"验证签名失败\"}");
        assertThatThrownBy(() -> feed.query("ZTO", "75123456789012", null)).isInstanceOf(FeedUnavailable.class);
        stub.answer(200, "{\"result\":false,\"returnCode\":\"400\",\"message\":\"查询频率过快\"}");
        assertThatThrownBy(() -> feed.query("ZTO", "75123456789012", null))
                .isInstanceOf(FeedUnavailable.class).hasMessageContaining("slow down");
        stub.answer(429, "");
        assertThatThrownBy(() -> feed.query("ZTO", "75123456789012", null)).isInstanceOf(FeedUnavailable.class);
        stub.answer(500, "");
        assertThatThrownBy(() -> feed.query("ZTO", "75123456789012", null)).isInstanceOf(FeedUnavailable.class);
    }

    @Test
    void queryingOtherRecognisesTheCarrierFirst() throws Exception {
        stub.answer(request -> request.path().equals("/autonumber/auto")
                ? new FeedStub.Answer(200, "[{\"comCode\":\"zhaijisong\",\"name\":\"宅急送\"}]")
                : new FeedStub.Answer(200, "{\"result\":false,\"returnCode\":\"500\",\"message\":\"查询无结果\"}"));
        assertThat(feed.query("OTHER", "ZJS0012345678", null)).isEmpty();
        assertThat(mapper.readTree(stub.last().form().get("param")).path("com").asText()).isEqualTo("zhaijisong");

        stub.answer(200, "[]");
        assertThat(feed.query("OTHER", "ZJS0012345678", null)).isEmpty();
        assertThat(stub.last().path()).isEqualTo("/autonumber/auto");
    }

    @Test
    void recognitionMapsCodesInOrderAndDropsUnknownOnes() {
        stub.answer(200, """
                [{"comCode":"zhongtong","name":"中通快递","lengthPre":14,"noPre":"75","noCount":100},
                 {"comCode":"zhaijisong","name":"宅急送"},
                 {"comCode":"yunda","name":"韵达快递"},
                 {"comCode":"zhongtong","name":"中通快递"}]
                """);

        assertThat(feed.recognize("75123456789012")).containsExactly("ZTO", "YUNDA");

        FeedStub.Request request = stub.last();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/autonumber/auto");
        assertThat(request.queryParameters()).containsEntry("num", "75123456789012").containsEntry("key", "K3y-secret");

        stub.answer(200, "{\"returnCode\":\"600\",\"message\":\"key无效\"}");
        assertThat(feed.recognize("75123456789012")).isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
