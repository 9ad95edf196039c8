package io.shipsync.trackingfeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shipsync.events.TrackingState;
import io.shipsync.trackingfeed.FeedPush.CarrierCorrection;
import io.shipsync.trackingfeed.FeedPush.PushStatus;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

class Kuaidi100PushTest {

    private static final String SALT = "s4lt-secret";

    /** A push as kuaidi100 sends it with resultv2=4: carrier corrected from 圆通 to 顺丰, newest first, one duplicate. */
    static final String PUSH = """
            {"status":"polling","billstatus":"got","message":"","autoCheck":"1","comOld":"yuantong","comNew":"shunfeng",
             "lastResult":{"message":"ok","nu":"SF1342567604302","ischeck":"0","condition":"00","com":"shunfeng",
              "status":"200","state":"5","data":[
               {"context":"[深圳市]快件交给张三，正在派送途中","time":"2026-11-25 18:20:00","ftime":"2026-11-25 18:20:00",
                "status":"派件","areaCode":"CN440305000000","areaName":"广东,深圳市,南山区","statusCode":"5",
                "location":"","areaCenter":"113.93,22.53","areaPinYin":"nan shan qu"},
               {"context":"快件到达【深圳南山营业点】","time":"2026-11-25 08:05:10","ftime":"2026-11-25 08:05:10",
                "status":"在途","areaName":"广东,深圳市,南山区","statusCode":"1001"},
               {"context":"快件到达【深圳南山营业点】","time":"2026-11-25 08:05:10","ftime":"2026-11-25 08:05:10",
                "status":"在途","areaName":"广东,深圳市,南山区","statusCode":"1001"},
               {"context":"快件在【北京顺义集散中心】完成分拣","time":"2026-11-24 01:00:00","ftime":"2026-11-24 01:00:00",
                "status":"在途","areaName":"北京,北京市","statusCode":"1002"},
               {"context":"顺丰速运 已收取快件","time":"2026-11-23 16:30:00","ftime":"2026-11-23 16:30:00",
                "status":"揽收","areaName":"北京,北京市,朝阳区","statusCode":"103"},
               {"context":"商家已下单","time":"","ftime":"2026-11-23 10:00:00","status":"揽收","statusCode":"101"}
              ]}}
            """;

    private final Kuaidi100Feed feed = new Kuaidi100Feed(new TestConfig());

    /** MD5 written out independently of the code under test: BigInteger hex, not HexFormat. */
    private static String upperMd5(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, digest)).toUpperCase(Locale.ROOT);
    }

    @Test
    void pushSignIsUpperHexMd5OfParamAndSalt() throws Exception {
        // RFC 1321's test vector: MD5("abc").
        assertThat(Kuaidi100Feed.pushSign("a", "bc")).isEqualTo("900150983CD24FB0D6963F7D28E17F72");
        assertThat(Kuaidi100Feed.pushSign(PUSH, SALT)).isEqualTo(upperMd5(PUSH + SALT));
        assertThat(Kuaidi100Feed.pushSign("{\"message\":\"签收\"}", "盐")).isEqualTo(upperMd5("{\"message\":\"签收\"}盐"));
    }

    @Test
    void querySignIsUpperHexMd5OfParamKeyAndCustomer() throws Exception {
        String param = "{\"com\":\"shunfeng\",\"num\":\"SF1342567604302\",\"phone\":\"1234\",\"resultv2\":\"4\"}";
        assertThat(Kuaidi100Feed.querySign(param, "KEY", "CUSTOMER")).isEqualTo(upperMd5(param + "KEY" + "CUSTOMER"));
    }

    @Test
    void aCorrectlySignedPushIsReturnedAsSent() throws Exception {
        assertThat(feed.verifiedPayload(Map.of("param", PUSH, "sign", upperMd5(PUSH + SALT)))).isEqualTo(PUSH);
    }

    @Test
    void aWrongSignIsRefusedBeforeTheParamIsRead() throws Exception {
        String garbage = "{not json at all";
        assertThatThrownBy(() -> feed.verifiedPayload(Map.of("param", garbage, "sign", upperMd5(garbage + "other salt"))))
                .isInstanceOf(PushRefused.class)
                .hasMessageContaining("signature")
                .hasMessageNotContaining("JSON");
        // The same garbage correctly signed passes the signature and is refused by the parser instead.
        String payload = feed.verifiedPayload(Map.of("param", garbage, "sign", upperMd5(garbage + SALT)));
        assertThatThrownBy(() -> feed.parsePush(payload)).isInstanceOf(PushRefused.class).hasMessageContaining("JSON");
    }

    @Test
    void aLowercaseOrMissingSignIsRefused() throws Exception {
        assertThatThrownBy(() -> feed.verifiedPayload(Map.of("param", PUSH, "sign", upperMd5(PUSH + SALT).toLowerCase(Locale.ROOT))))
                .isInstanceOf(PushRefused.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> feed.verifiedPayload(Map.of("param", PUSH)))
                .isInstanceOf(PushRefused.class).hasMessageContaining("without sign");
        assertThatThrownBy(() -> feed.verifiedPayload(Map.of("sign", "ABC")))
                .isInstanceOf(PushRefused.class).hasMessageContaining("without param");
    }

    @Test
    void withoutASaltNoPushVerifies() throws Exception {
        TestConfig config = new TestConfig();
        config.salt = null;
        Kuaidi100Feed unsalted = new Kuaidi100Feed(config);
        assertThatThrownBy(() -> unsalted.verifiedPayload(Map.of("param", PUSH, "sign", upperMd5(PUSH))))
                .isInstanceOf(PushRefused.class).hasMessageContaining("shipsync.tracking-feed.kuaidi100.salt");
    }

    @Test
    void aRealisticPushIsReadNewestFirstInUtcWithItsDuplicate() {
        FeedPush push = feed.parsePush(PUSH);

        assertThat(push.status()).isEqualTo(PushStatus.POLLING);
        assertThat(push.trackingNumber()).isEqualTo("SF1342567604302");
        assertThat(push.deliveryId()).isEqualTo("SF");
        assertThat(push.correction()).contains(new CarrierCorrection("YTO", "SF"));
        assertThat(push.signedFor()).isFalse();
        assertThat(push.entries()).hasSize(6);

        FeedEntry newest = push.entries().get(0);
        assertThat(newest.at()).isEqualTo(Instant.parse("2026-11-25T10:20:00Z"));
        assertThat(newest.text()).isEqualTo("[深圳市]快件交给张三，正在派送途中");
        assertThat(newest.rawState()).isEqualTo("5");
        assertThat(newest.state()).isEqualTo(TrackingState.OUT_FOR_DELIVERY);
        assertThat(newest.exceptionReason()).isNull();
        assertThat(newest.area()).isEqualTo("广东,深圳市,南山区");
        assertThat(newest.city()).isEqualTo("深圳市");

        assertThat(push.entries().get(1)).isEqualTo(push.entries().get(2));
        assertThat(push.entries().get(1).state()).isEqualTo(TrackingState.IN_TRANSIT);
        assertThat(push.entries().get(3).city()).isEqualTo("北京市");
        assertThat(push.entries().get(3).at()).isEqualTo(Instant.parse("2026-11-23T17:00:00Z"));
        assertThat(push.entries().get(4).state()).isEqualTo(TrackingState.PICKED_UP);

        FeedEntry oldest = push.entries().get(5);
        assertThat(oldest.at()).as("ftime when time is empty").isEqualTo(Instant.parse("2026-11-23T02:00:00Z"));
        assertThat(oldest.rawState()).isEqualTo("101");
        assertThat(oldest.state()).isEqualTo(TrackingState.INFO_RECEIVED);
        assertThat(oldest.area()).isNull();
        assertThat(oldest.city()).isNull();
    }

    @Test
    void shutdownAbortAndUpdateallAreRead() {
        assertThat(feed.parsePush(push("shutdown", "shunfeng", "1")).status()).isEqualTo(PushStatus.SHUTDOWN);
        assertThat(feed.parsePush(push("shutdown", "shunfeng", "1")).signedFor()).isTrue();
        FeedPush abort = feed.parsePush(push("abort", "zhongtong", "0"));
        assertThat(abort.status()).isEqualTo(PushStatus.ABORT);
        assertThat(abort.message()).isEqualTo("3天查询无记录");
        assertThat(abort.deliveryId()).isEqualTo("ZTO");
        assertThat(abort.correction()).isEmpty();
        assertThat(abort.entries()).isEmpty();
        assertThat(feed.parsePush(push("updateall", "yunda", "0")).status()).isEqualTo(PushStatus.UPDATEALL);
    }

    @Test
    void aCarrierShipSyncDoesNotCatalogueIsOther() {
        FeedPush push = feed.parsePush(push("polling", "zhaijisong", "0"));
        assertThat(push.deliveryId()).isEqualTo("OTHER");
    }

    @Test
    void aBasicStateWithoutStatusCodeIsTheRawState() {
        FeedPush push = feed.parsePush("""
                {"status":"polling","lastResult":{"nu":"773039762404825","com":"shentong","state":"2","data":[
                  {"context":"快件疑难","time":"2026-11-25 09:00:00","status":"疑难"},
                  {"context":"已揽收","time":"2026-11-24 09:00:00"}]}}
                """);
        assertThat(push.entries().get(0).rawState()).isEqualTo("2");
        assertThat(push.entries().get(0).state()).isEqualTo(TrackingState.EXCEPTION);
        assertThat(push.entries().get(0).exceptionReason()).isEqualTo("疑难");
        assertThat(push.entries().get(1).rawState()).as("the number's state, lacking the entry's").isEqualTo("2");
    }

    @Test
    void malformedPushesAreRefused() {
        assertThatThrownBy(() -> feed.parsePush("[1,2]")).isInstanceOf(PushRefused.class);
        assertThatThrownBy(() -> feed.parsePush("{\"status\":\"polling\"}"))
                .isInstanceOf(PushRefused.class).hasMessageContaining("lastResult");
        assertThatThrownBy(() -> feed.parsePush("{\"status\":\"polling\",\"lastResult\":{\"com\":\"shunfeng\",\"data\":[]}}"))
                .isInstanceOf(PushRefused.class).hasMessageContaining("lastResult.nu");
        assertThatThrownBy(() -> feed.parsePush("""
                {"lastResult":{"nu":"SF1342567604302","data":[{"context":"x","time":"yesterday"}]}}
                """)).isInstanceOf(PushRefused.class).hasMessageContaining("time");
    }

    @Test
    void theAcknowledgementIsExactlyWhatKuaidi100Expects() {
        PushReply reply = feed.acknowledgement();
        assertThat(reply.contentType()).isEqualTo("application/json;charset=UTF-8");
        assertThat(reply.body()).isEqualTo("{\"result\":true,\"returnCode\":\"200\",\"message\":\"成功\"}");
    }

    @Test
    void theCityIsTheAreasSecondPart() {
        assertThat(Areas.city("广东,深圳市,南山区")).isEqualTo("深圳市");
        assertThat(Areas.city("北京,北京市")).isEqualTo("北京市");
        assertThat(Areas.city("深圳市")).isEqualTo("深圳市");
        assertThat(Areas.city("广东")).isNull();
        assertThat(Areas.city(null)).isNull();
        assertThat(Areas.city("")).isNull();
    }

    private static String push(String status, String com, String ischeck) {
        String message = status.equals("abort") ? "3天查询无记录" : "";
        return "{\"status\":\"" + status + "\",\"message\":\"" + message + "\",\"lastResult\":{\"nu\":\"N1\",\"com\":\"" + com
                + "\",\"ischeck\":\"" + ischeck + "\",\"state\":\"3\",\"data\":[]}}";
    }
}
