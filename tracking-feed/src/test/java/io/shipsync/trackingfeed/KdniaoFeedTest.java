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

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

class KdniaoFeedTest {

    private static final String APP_KEY = "app-key-secret";
    private static final Subscription SF = new Subscription("SF", "SF1342567604302", "1234", null);

    /** A 101 push carrying two numbers, traces oldest first as 快递鸟 sends them. */
    static final String PUSH = """
            {"EBusinessID":"1234567","PushTime":"2026-11-25 19:05:00","Count":"2","Data":[
              {"EBusinessID":"1234567","ShipperCode":"YD","LogisticCode":"4311159956248","Success":true,"Reason":"",
               "State":"2","StateEx":"202","Location":"深圳市","Traces":[
                {"AcceptTime":"2026-11-23 16:30:00","AcceptStation":"【北京朝阳】已揽收","Location":"北京市","Action":"1"},
                {"AcceptTime":"2026-11-24 01:00:00","AcceptStation":"到达【北京转运中心】","Location":"北京市","Action":"204"},
                {"AcceptTime":"2026-11-24 01:00:00","AcceptStation":"到达【北京转运中心】","Location":"北京市","Action":"204"},
                {"AcceptTime":"2026-11-25 18:20:00","AcceptStation":"【深圳南山】派件中","Location":"深圳市","Action":"202"}]},
              {"EBusinessID":"1234567","ShipperCode":"DBL","LogisticCode":"DPK123456789012","Success":true,"Reason":"",
               "State":"3","StateEx":"301","Traces":[
                {"AcceptTime":"2026-11-25 10:00:00","AcceptStation":"已签收"}]}]}
            """;

    private final ObjectMapper mapper = new ObjectMapper();
    private final FeedStub stub = FeedStub.start();
    private final TestConfig config = TestConfig.at(stub.url());
    private final KdniaoFeed feed = new KdniaoFeed(config,
            Clock.fixed(Instant.parse("2026-11-25T11:05:00Z"), ZoneOffset.UTC));

    @AfterEach
    void stop() {
        stub.close();
    }

    /** Written out independently of the code under test. */
    private static String sign(String requestData, String appKey) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest((requestData + appKey).getBytes(StandardCharsets.UTF_8));
        String hex = String.format("%032x", new BigInteger(1, digest));
        return Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void dataSignIsBase64OfTheLowercaseHexMd5() throws Exception {
        // MD5("abc") = 900150983cd24fb0d6963f7d28e17f72, Base64 of that text:
        assertThat(KdniaoFeed.dataSign("a", "bc")).isEqualTo("OTAwMTUwOTgzY2QyNGZiMGQ2OTYzZjdkMjhlMTdmNzI=");
        assertThat(KdniaoFeed.dataSign(PUSH, APP_KEY)).isEqualTo(sign(PUSH, APP_KEY));
    }

    @Test
    void aSignedPushVerifiesAndAWrongOneIsRefusedBeforeParsing() throws Exception {
        assertThat(feed.verifiedPayload(Map.of("RequestData", PUSH, "DataSign", sign(PUSH, APP_KEY), "RequestType", "101")))
                .isEqualTo(PUSH);
        String twiceEncoded = URLEncoder.encode(sign(PUSH, APP_KEY), StandardCharsets.UTF_8);
        assertThat(feed.verifiedPayload(Map.of("RequestData", PUSH, "DataSign", twiceEncoded))).isEqualTo(PUSH);

        String garbage = "{{{";
        assertThatThrownBy(() -> feed.verifiedPayload(Map.of("RequestData", garbage, "DataSign", sign(garbage, "other"))))
                .isInstanceOf(PushRefused.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> feed.verifiedPayload(Map.of("RequestData", PUSH)))
                .isInstanceOf(PushRefused.class).hasMessageContaining("DataSign");
        assertThatThrownBy(() -> feed.verifiedPayload(Map.of("RequestData", PUSH, "DataSign", sign(PUSH, APP_KEY),
                "RequestType", "107"))).isInstanceOf(PushRefused.class).hasMessageContaining("107");
    }

    @Test
    void everyNumberOfAPushIsReadNewestFirst() {
        List<FeedPush> pushes = feed.parsePushes(PUSH);

        assertThat(pushes).hasSize(2);
        FeedPush yunda = pushes.get(0);
        assertThat(feed.parsePush(PUSH)).isEqualTo(yunda);
        assertThat(yunda.trackingNumber()).isEqualTo("4311159956248");
        assertThat(yunda.deliveryId()).isEqualTo("YUNDA");
        assertThat(yunda.status()).isEqualTo(PushStatus.POLLING);
        assertThat(yunda.signedFor()).isFalse();
        assertThat(yunda.correction()).isEmpty();
        assertThat(yunda.entries()).extracting(FeedEntry::text)
                .containsExactly("【深圳南山】派件中", "到达【北京转运中心】", "到达【北京转运中心】", "【北京朝阳】已揽收");
        assertThat(yunda.entries()).extracting(FeedEntry::state).containsExactly(TrackingState.OUT_FOR_DELIVERY,
                TrackingState.IN_TRANSIT, TrackingState.IN_TRANSIT, TrackingState.PICKED_UP);
        FeedEntry newest = yunda.entries().get(0);
        assertThat(newest.at()).isEqualTo(Instant.parse("2026-11-25T10:20:00Z"));
        assertThat(newest.rawState()).isEqualTo("202");
        assertThat(newest.area()).isEqualTo("深圳市");
        assertThat(newest.city()).isEqualTo("深圳市");

        FeedPush deppon = pushes.get(1);
        assertThat(deppon.deliveryId()).isEqualTo("DBKD");
        assertThat(deppon.status()).isEqualTo(PushStatus.SHUTDOWN);
        assertThat(deppon.signedFor()).isTrue();
        assertThat(deppon.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.rawState()).as("the number's StateEx, the trace having no Action").isEqualTo("301");
            assertThat(entry.state()).isEqualTo(TrackingState.DELIVERED);
            assertThat(entry.city()).isNull();
        });
    }

    @Test
    void malformedPushesAreRefused() {
        assertThatThrownBy(() -> feed.parsePushes("nope")).isInstanceOf(PushRefused.class).hasMessageContaining("JSON");
        assertThatThrownBy(() -> feed.parsePushes("{\"Count\":0}")).isInstanceOf(PushRefused.class).hasMessageContaining("Data");
        assertThatThrownBy(() -> feed.parsePushes("{\"Data\":[{\"ShipperCode\":\"SF\",\"Traces\":[]}]}"))
                .isInstanceOf(PushRefused.class).hasMessageContaining("LogisticCode");
        assertThat(feed.parsePushes("{\"Data\":[]}")).isEmpty();
        assertThatThrownBy(() -> feed.parsePush("{\"Data\":[]}")).isInstanceOf(PushRefused.class);
    }

    @Test
    void theAcknowledgementNamesUsAndTheTimeInChina() throws Exception {
        PushReply reply = feed.acknowledgement();
        assertThat(reply.contentType()).isEqualTo("application/json;charset=UTF-8");
        assertThat(reply.body())
                .isEqualTo("{\"EBusinessID\":\"1234567\",\"UpdateTime\":\"2026-11-25 19:05:00\",\"Success\":true,\"Reason\":\"\"}");
    }

    @Test
    void aSubscriptionIsASignedForm() throws Exception {
        stub.answer(200, "{\"EBusinessID\":\"1234567\",\"UpdateTime\":\"2026-11-25 19:05:00\",\"Success\":true,\"Reason\":\"\"}");

        assertThat(feed.subscribe(SF).outcome()).isEqualTo(Outcome.SUBSCRIBED);

        FeedStub.Request request = stub.last();
        assertThat(request.path()).isEqualTo("/api/dist");
        assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
        Map<String, String> form = request.form();
        assertThat(form).containsEntry("EBusinessID", "1234567").containsEntry("RequestType", "1008")
                .containsEntry("DataType", "2");
        assertThat(form.get("DataSign")).isEqualTo(sign(form.get("RequestData"), APP_KEY));
        assertThat(request.body()).contains("DataSign=" + URLEncoder.encode(form.get("DataSign"), StandardCharsets.UTF_8));
        JsonNode data = mapper.readTree(form.get("RequestData"));
        assertThat(data.path("ShipperCode").asText()).isEqualTo("SF");
        assertThat(data.path("LogisticCode").asText()).isEqualTo("SF1342567604302");
        assertThat(data.path("CustomerName").asText()).isEqualTo("1234");

        feed.subscribe(new Subscription("YUNDA", "4311159956248", "1234", null));
        JsonNode yunda = mapper.readTree(stub.last().form().get("RequestData"));
        assertThat(yunda.path("ShipperCode").asText()).isEqualTo("YD");
        assertThat(yunda.has("CustomerName")).isFalse();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"该单号已重复订阅, ALREADY_SUBSCRIBED", "数据签名错误(DataSign), KEY_REFUSED", "EBusinessID不存在, KEY_REFUSED",
            "没有可用套餐, KEY_REFUSED", "快递公司编码错误, NUMBER_REFUSED", "单号格式不正确, NUMBER_REFUSED"})
    void subscribeRefusalsAreReadFromTheReason(String reason, Outcome outcome) {
        stub.answer(200, "{\"Success\":false,\"Reason\":\"" + reason + "\"}");
        SubscribeAnswer answer = feed.subscribe(SF);
        assertThat(answer.outcome()).isEqualTo(outcome);
        assertThat(answer.message()).isEqualTo(reason);
    }

    @Test
    void anUnknownRefusalOrAnUnreachableFeedIsUnavailable() {
        stub.answer(200, "{\"Success\":false,\"Reason\":\"系统繁忙\"}");
        assertThatThrownBy(() -> feed.subscribe(SF)).isInstanceOf(FeedUnavailable.class).hasMessageContaining("系统繁忙");
        stub.answer(500, "");
        assertThatThrownBy(() -> feed.subscribe(SF)).isInstanceOf(FeedUnavailable.class).hasMessageContaining("HTTP 500");
        KdniaoFeed refused = new KdniaoFeed(TestConfig.at(FeedStub.refusingUrl()));
        assertThatThrownBy(() -> refused.subscribe(SF)).isInstanceOf(FeedUnavailable.class);
        assertThatThrownBy(() -> refused.query("SF", "SF1342567604302", "1234")).isInstanceOf(FeedUnavailable.class);
    }

    @Test
    void aCarrierWithoutShipperCodeIsRecognisedFirst() throws Exception {
        stub.answer(request -> request.form().get("RequestType").equals("2002")
                ? new FeedStub.Answer(200, "{\"Success\":true,\"Shippers\":[]}")
                : new FeedStub.Answer(200, "{\"Success\":true}"));
        SubscribeAnswer answer = feed.subscribe(new Subscription("OTHER", "ZJS0012345678", null, null));
        assertThat(answer.outcome()).isEqualTo(Outcome.NUMBER_REFUSED);
        assertThat(stub.requests()).hasSize(1);

        stub.answer(request -> request.form().get("RequestType").equals("2002")
                ? new FeedStub.Answer(200, "{\"Success\":true,\"Shippers\":[{\"ShipperCode\":\"ZJS\",\"ShipperName\":\"宅急送\"}]}")
                : new FeedStub.Answer(200, "{\"Success\":true}"));
        assertThat(feed.subscribe(new Subscription("OTHER", "ZJS0012345678", null, null)).outcome()).isEqualTo(Outcome.SUBSCRIBED);
        assertThat(mapper.readTree(stub.last().form().get("RequestData")).path("ShipperCode").asText()).isEqualTo("ZJS");
    }

    @Test
    void aQueryReadsTheTracesNewestFirst() throws Exception {
        stub.answer(200, """
                {"EBusinessID":"1234567","ShipperCode":"ZTO","LogisticCode":"75123456789012","Success":true,
                 "State":"2","StateEx":"201","Traces":[
                  {"AcceptTime":"2026-11-24 08:00:00","AcceptStation":"已揽收","Action":"1"},
                  {"AcceptTime":"2026-11-25 08:00:00","AcceptStation":"到达深圳","Location":"深圳市","Action":"201"}]}
                """);

        FeedPush push = feed.query("ZTO", "75123456789012", null).orElseThrow();

        FeedStub.Request request = stub.last();
        assertThat(request.path()).isEqualTo("/Ebusiness/EbusinessOrderHandle.aspx");
        assertThat(request.form()).containsEntry("RequestType", "8001");
        assertThat(push.deliveryId()).isEqualTo("ZTO");
        assertThat(push.status()).isEqualTo(PushStatus.POLLING);
        assertThat(push.entries()).extracting(FeedEntry::text).containsExactly("到达深圳", "已揽收");
        assertThat(push.entries().get(1).at()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    }

    @Test
    void queryAnswersAreMapped() {
        stub.answer(200, "{\"Success\":true,\"State\":\"0\",\"Traces\":[]}");
        assertThat(feed.query("ZTO", "75123456789012", null)).isEmpty();
        stub.answer(200, "{\"Success\":false,\"Reason\":\"暂无轨迹信息\"}");
        assertThat(feed.query("ZTO", "75123456789012", null)).isEmpty();
        stub.answer(200, "{\"Success\":false,\"Reason\":\"用户未开通该接口\"}");
        assertThatThrownBy(() -> feed.query("ZTO", "75123456789012", null)).isInstanceOfSatisfying(FeedRefusal.class,
                refusal -> assertThat(refusal.outcome()).isEqualTo(Outcome.KEY_REFUSED));
        stub.answer(200, "{\"Success\":false,\"Reason\":\"单号不存在\"}");
        assertThatThrownBy(() -> feed.query("ZTO", "75123456789012", null)).isInstanceOfSatisfying(FeedRefusal.class,
                refusal -> assertThat(refusal.outcome()).isEqualTo(Outcome.NUMBER_REFUSED));
        stub.answer(200, "{\"Success\":false,\"Reason\":\"请求过于频繁\"}");
        assertThatThrownBy(() -> feed.query("ZTO", "75123456789012", null))
                .isInstanceOf(FeedUnavailable.class).hasMessageContaining("slow down");
    }

    @Test
    void recognitionMapsShipperCodesInOrderAndDropsUnknownOnes() {
        stub.answer(200, """
                {"EBusinessID":"1234567","LogisticCode":"4311159956248","Success":true,"Code":"100","Shippers":[
                  {"ShipperCode":"YD","ShipperName":"韵达快递"},{"ShipperCode":"ZJS","ShipperName":"宅急送"},
                  {"ShipperCode":"STO","ShipperName":"申通快递"}]}
                """);
        assertThat(feed.recognize("4311159956248")).containsExactly("YUNDA", "STO");
        assertThat(stub.last().form()).containsEntry("RequestType", "2002");

        stub.answer(200, "{\"Success\":false,\"Reason\":\"单号识别失败\"}");
        assertThat(feed.recognize("4311159956248")).isEmpty();
    }

    @Test
    void callingNeedsTheAccount() {
        config.appKey = null;
        assertThatThrownBy(() -> new KdniaoFeed(config).subscribe(SF))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shipsync.tracking-feed.kdniao.app-key");
        assertThatThrownBy(() -> new KdniaoFeed(config).verifiedPayload(Map.of("RequestData", PUSH, "DataSign", "x")))
                .isInstanceOf(PushRefused.class).hasMessageContaining("kdniao.app-key");
    }

    @Test
    void shipperCodesMapBothWays() {
        Map<String, String> expected = Map.of("SF", "SF", "ZTO", "ZTO", "YTO", "YTO", "STO", "STO", "YUNDA", "YD",
                "JTSD", "JTSD", "JD", "JD", "EMS", "EMS", "DBKD", "DBL");
        expected.forEach((deliveryId, shipper) -> {
            assertThat(KdniaoCarriers.shipperCode(deliveryId)).contains(shipper);
            assertThat(KdniaoCarriers.deliveryId(shipper)).contains(deliveryId);
        });
        assertThat(KdniaoCarriers.shipperCode("OTHER")).isEmpty();
        assertThat(KdniaoCarriers.deliveryId("ZJS")).isEmpty();
    }
}
