package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KdniaoFeedTest {

    private static final String NUMBER = "YT9383342193097";
    private static final String SUBSCRIBE = """
            {"ShipperCode":"YTO","LogisticCode":"YT9383342193097","OrderCode":"3705115058471208928",
             "Sender":{"ProvinceName":"浙江省","CityName":"杭州市","ExpAreaName":"余杭区"},
             "Receiver":{"ProvinceName":"广东省","CityName":"深圳市","ExpAreaName":"南山区"}}""";

    private MutableClock clock;
    private PlatformSim sim;
    private FeedReceiver receiver;
    private FeedClient client;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(Kuaidi100FeedTest.START);
        receiver = new FeedReceiver(FeedReceiver.KDNIAO_OK);
        sim = PlatformSim.start(PlatformSim.Config.defaults().withClock(clock).withPushRetryScale(0.0001)
                .withTracking(TrackingConfig.defaults().withStepEvery(Duration.ofHours(4)).withAutomatic(false)
                        .withKdniao(FeedClient.EBUSINESS_ID, FeedClient.APP_KEY, receiver.url())));
        client = new FeedClient(sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void subscribeWithDataSignThenPushesSignedTracesOldestFirst() throws Exception {
        JsonNode badSign = client.kdniao("/api/dist", "1008", SUBSCRIBE, "wrong-app-key");
        assertThat(badSign.path("Success").asBoolean(true)).isFalse();
        assertThat(badSign.path("Reason").asText()).isNotEmpty();

        sim.tracking().script(NUMBER, TrackingScript.NORMAL);
        JsonNode ok = client.kdniao("/api/dist", "1008", SUBSCRIBE, FeedClient.APP_KEY);
        assertThat(ok.path("Success").asBoolean()).isTrue();
        assertThat(ok.path("EBusinessID").asText()).isEqualTo(FeedClient.EBUSINESS_ID);
        assertThat(ok.path("Reason").asText()).isEmpty();
        assertThat(ok.path("UpdateTime").asText()).isEqualTo("2026-03-10 10:00:00");

        sim.tracking().pushNext(NUMBER);
        TrackingPush second = sim.tracking().pushNext(NUMBER);
        assertThat(second.state()).isEqualTo(PushRecord.State.DELIVERED);
        assertThat(receiver.received).hasSize(2);
        Map<String, String> form = receiver.received.get(1);
        assertThat(form.get("RequestType")).isEqualTo("101");
        String data = form.get("RequestData");
        assertThat(form.get("DataSign")).isEqualTo(FeedClient.kdniaoSign(data, FeedClient.APP_KEY));

        JsonNode push = WeChatClient.JSON.readTree(data);
        assertThat(push.path("EBusinessID").asText()).isEqualTo(FeedClient.EBUSINESS_ID);
        assertThat(push.path("Count").asText()).isEqualTo("1");
        assertThat(push.path("PushTime").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        JsonNode item = push.path("Data").get(0);
        assertThat(item.path("LogisticCode").asText()).isEqualTo(NUMBER);
        assertThat(item.path("ShipperCode").asText()).isEqualTo("YTO");
        assertThat(item.path("Success").asBoolean()).isTrue();
        assertThat(item.path("State").asText()).isEqualTo("1");
        JsonNode traces = item.path("Traces");
        assertThat(traces.findValuesAsText("AcceptTime")).containsExactly("2026-03-10 09:45:00", "2026-03-10 11:30:00");
        assertThat(traces.get(1).path("AcceptStation").asText()).isEqualTo("【杭州市】圆通速递 已收取快件");
        assertThat(traces.get(1).path("Location").asText()).isEqualTo("杭州市");
    }

    @Test
    void queryAndRecognition() {
        client.kdniao("/api/dist", "1008", SUBSCRIBE, FeedClient.APP_KEY);
        clock.advance(Duration.ofHours(30));
        JsonNode query = client.kdniao("/Ebusiness/EbusinessOrderHandle.aspx", "8001",
                "{\"ShipperCode\":\"YTO\",\"LogisticCode\":\"" + NUMBER + "\"}", FeedClient.APP_KEY);
        assertThat(query.path("Success").asBoolean()).isTrue();
        assertThat(query.path("Traces").size()).isGreaterThanOrEqualTo(1);
        assertThat(query.path("State").asText()).isNotEmpty();

        JsonNode none = client.kdniao("/Ebusiness/EbusinessOrderHandle.aspx", "8001",
                "{\"ShipperCode\":\"SF\",\"LogisticCode\":\"SF3237301501050\",\"CustomerName\":\"5678\"}",
                FeedClient.APP_KEY);
        assertThat(none.path("State").asText()).isEqualTo("0");
        assertThat(none.path("Traces")).isEmpty();

        JsonNode recognised = client.kdniao("/Ebusiness/EbusinessOrderHandle.aspx", "2002",
                "{\"LogisticCode\":\"SF1342567604302\"}", FeedClient.APP_KEY);
        assertThat(recognised.path("Success").asBoolean()).isTrue();
        assertThat(recognised.path("Shippers").get(0).path("ShipperCode").asText()).isEqualTo("SF");
        assertThat(recognised.path("Shippers").get(0).path("ShipperName").asText()).isEqualTo("顺丰速运");
    }
}
