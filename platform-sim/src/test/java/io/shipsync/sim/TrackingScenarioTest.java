package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackingScenarioTest {

    private static final String SF = "SF1342567604302";

    private MutableClock clock;
    private PlatformSim sim;
    private FeedReceiver receiver;
    private FeedClient feed;
    private WeChatClient client;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(Kuaidi100FeedTest.START);
        // A 4 h step takes 20 s of the simulator's clock, which the test moves by hand.
        sim = PlatformSim.start(PlatformSim.Config.defaults().withClock(clock)
                .withTrackingStepEvery(Duration.ofSeconds(20)));
        receiver = new FeedReceiver(FeedReceiver.KUAIDI100_OK);
        feed = new FeedClient(sim.baseUrl());
        client = new WeChatClient(sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void theScenarioApiDrivesTheFeedOverHttp() throws Exception {
        assertThat(client.sim("PUT", "/sim/tracking/automatic", "{\"automatic\":false}").statusCode()).isEqualTo(200);
        assertThat(client.sim("PUT", "/sim/tracking/numbers/" + SF + "/script", "{\"script\":\"RETURN\"}")
                .statusCode()).isEqualTo(200);
        feed.poll(FeedClient.subscribeParam("shunfeng", SF, receiver.url(), "s", "5678"));

        HttpResponse<String> pushed = client.sim("POST", "/sim/tracking/numbers/" + SF + "/push-next", null);
        assertThat(pushed.statusCode()).isEqualTo(200);
        JsonNode push = WeChatClient.JSON.readTree(pushed.body());
        assertThat(push.path("feed").asText()).isEqualTo("kuaidi100");
        assertThat(push.path("state").asText()).isEqualTo("DELIVERED");
        assertThat(push.path("attempts").get(0).path("reply").asText()).contains("\"returnCode\":\"200\"");
        assertThat(client.sim("POST", "/sim/tracking/numbers/" + SF + "/push-again", null).statusCode()).isEqualTo(200);
        assertThat(client.sim("POST", "/sim/tracking/numbers/" + SF + "/push-older", null).statusCode()).isEqualTo(409);

        JsonNode view = WeChatClient.JSON.readTree(client.sim("GET", "/sim/tracking/numbers/" + SF, null).body());
        assertThat(view.path("script").asText()).isEqualTo("RETURN");
        assertThat(view.path("status").asText()).isEqualTo("polling");
        JsonNode pushes = WeChatClient.JSON.readTree(client.sim("GET", "/sim/tracking/pushes?number=" + SF, null).body());
        assertThat(pushes).hasSize(2);
        JsonNode calls = WeChatClient.JSON.readTree(
                client.sim("GET", "/sim/tracking/numbers/" + SF + "/subscriptions", null).body());
        assertThat(calls.get(0).path("returnCode").asText()).isEqualTo("200");

        assertThat(client.sim("PUT", "/sim/tracking/key-expired", "{\"expired\":true}").statusCode()).isEqualTo(200);
        assertThat(feed.poll(FeedClient.subscribeParam("shunfeng", "SF3237301501050", receiver.url(), "s", "5678"))
                .path("returnCode").asText()).isEqualTo("601");
        assertThat(client.sim("PUT", "/sim/tracking/key-expired", "{\"expired\":false}").statusCode()).isEqualTo(200);
        assertThat(client.sim("POST", "/sim/tracking/poll-failures", "{\"times\":1}").statusCode()).isEqualTo(201);
        assertThat(feed.poll(FeedClient.subscribeParam("shunfeng", "SF3237301501050", receiver.url(), "s", "5678"))
                .path("returnCode").asText()).isEqualTo("500");
        assertThat(client.sim("POST", "/sim/tracking/numbers/YT9383342193097/refuse", null).statusCode()).isEqualTo(200);
        assertThat(feed.poll(FeedClient.subscribeParam("yuantong", "YT9383342193097", receiver.url(), "s", null))
                .path("returnCode").asText()).isEqualTo("701");
        assertThat(client.sim("GET", "/sim/tracking/numbers/SF0000000000000", null).statusCode()).isEqualTo(404);
        assertThat(WeChatClient.JSON.readTree(client.sim("GET", "/sim", null).body()).path("tracking")
                .path("subscriptions")).isNotEmpty();
    }

    @Test
    void automaticPushesFollowTheCompressedScheduleOnTheSimulatorsClock() {
        sim.tracking().script(SF, TrackingScript.NORMAL);
        feed.poll(FeedClient.subscribeParam("shunfeng", SF, receiver.url(), "s", "5678"));
        // The first push waits 15 carrier minutes (1.25 s at 20 s per 4 h).
        clock.advance(Duration.ofSeconds(1));
        sleep(600);
        assertThat(receiver.received).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(3)).until(() -> receiver.received.size() == 1);
        // 29 carrier hours later (145 s), everything up to 签收 is pushed, and the subscription is shut down.
        clock.advance(Duration.ofSeconds(150));
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received.size() == 7);
        assertThat(sim.tracking().subscription(SF).status()).isEqualTo("shutdown");
        assertThat(sim.tracking().pushes(SF)).allMatch(p -> p.state() == PushRecord.State.DELIVERED);
    }

    @Test
    void theDefaultScriptComesFromTheNumberMostlyNormal() {
        Set<TrackingScript> seen = new HashSet<>();
        long normal = IntStream.range(0, 1000).mapToObj(i -> String.format("SF1%012d", i * 7919L))
                .map(TrackingScript::forNumber).peek(seen::add).filter(s -> s == TrackingScript.NORMAL).count();
        assertThat(normal).isBetween(450L, 750L);
        assertThat(seen).hasSize(TrackingScript.values().length);
        assertThat(TrackingScript.forNumber(SF)).isEqualTo(TrackingScript.forNumber(SF));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
