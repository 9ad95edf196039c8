package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScenarioHttpTest {

    private static final String SHOP = """
            {"shopId":"demo","appId":"wxdemo0001","appSecret":"s3cret","token":"tok",
             "encodingAesKey":"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG","username":"gh_demo"}""";
    private static final String PRODUCT = """
            {"productId":"10000029995861","title":"T恤","skus":[{"skuId":"1","skuCode":"TS-1","salePrice":5900,"stock":3}]}""";

    private PlatformSim sim;
    private WeChatClient client;

    @BeforeEach
    void start() {
        sim = PlatformSim.start();
        client = new WeChatClient(sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aWholeScenarioOverHttp() throws Exception {
        assertThat(client.sim("POST", "/sim/shops", SHOP).statusCode()).isEqualTo(201);
        assertThat(client.sim("POST", "/sim/shops/demo/products", PRODUCT).statusCode()).isEqualTo(201);
        HttpResponse<String> created = client.sim("POST", "/sim/shops/demo/orders", """
                {"openid":"o_buyer","buyerIp":"198.51.100.1","items":[{"productId":"10000029995861","skuId":"1","quantity":2}],
                 "address":{"userName":"李四","telNumber":"13900000000","provinceName":"广东省","cityName":"深圳市",
                            "countyName":"南山区","detailInfo":"科技园","postalCode":"518000"}}""");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode order = WeChatClient.JSON.readTree(created.body());
        String orderId = order.path("orderId").asText();
        assertThat(order.path("status").asInt()).isEqualTo(20);
        assertThat(sim.stock("demo", "10000029995861", "1")).isEqualTo(1);

        JsonNode stock = WeChatClient.JSON.readTree(client.sim("GET",
                "/sim/shops/demo/stock?productId=10000029995861&skuId=1", null).body());
        assertThat(stock.path("stock").asInt()).isEqualTo(1);
        assertThat(client.sim("PUT", "/sim/shops/demo/stock",
                "{\"productId\":\"10000029995861\",\"skuId\":\"1\",\"stock\":9}").statusCode()).isEqualTo(200);
        assertThat(sim.stock("demo", "10000029995861", "1")).isEqualTo(9);

        HttpResponse<String> drift = client.sim("PUT", "/sim/shops/demo/orders/" + orderId + "/state", """
                {"status":30,"deliveries":[{"deliveryId":"ZTO","waybillId":"75000000000001",
                  "items":[{"productId":"10000029995861","skuId":"1","quantity":2}]}]}""");
        assertThat(drift.statusCode()).isEqualTo(200);
        OrderView view = sim.order("demo", orderId);
        assertThat(view.status()).isEqualTo(30);
        assertThat(view.deliveries().get(0).deliverType()).isEqualTo(1);
        assertThat(view.shipDoneTime()).isNotNull();
        assertThat(sim.pushes()).extracting(PushRecord::event).containsExactly("channels_ec_order_pay");

        HttpResponse<String> pushed = client.sim("POST", "/sim/shops/demo/orders/" + orderId + "/push",
                "{\"event\":\"channels_ec_order_confirm\",\"times\":2,\"fields\":{\"confirm_type\":2}}");
        assertThat(pushed.statusCode()).isEqualTo(200);
        assertThat(WeChatClient.JSON.readTree(pushed.body())).hasSize(2);
        assertThat(client.sim("POST", "/sim/shops/demo/orders/" + orderId + "/push-reversed",
                "{\"earlier\":\"channels_ec_order_deliver\",\"later\":\"channels_ec_order_confirm\"}").statusCode())
                .isEqualTo(200);
        assertThat(sim.pushes()).hasSize(5);
        assertThat(sim.pushes().get(1).message()).contains("\"confirm_type\":2");

        String token = client.token("wxdemo0001", "s3cret");
        client.post("/channels/ec/order/get", token, Map.of("order_id", orderId));
        JsonNode calls = WeChatClient.JSON.readTree(client.sim("GET",
                "/sim/calls?api=/channels/ec/order/get", null).body());
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).path("errcode").asInt()).isZero();
        JsonNode tokenCall = WeChatClient.JSON.readTree(client.sim("GET", "/sim/calls?api=/cgi-bin/token", null).body());
        assertThat(tokenCall.get(0).path("request").asText()).contains("secret=***").doesNotContain("s3cret");

        JsonNode page = WeChatClient.JSON.readTree(client.sim("GET", "/sim", null).body());
        assertThat(page.path("shops").get(0).path("shopId").asText()).isEqualTo("demo");
        assertThat(page.path("shops").get(0).path("products").get(0).path("skus").get(0).path("stock").asInt())
                .isEqualTo(9);
        assertThat(page.path("orders").get(0).path("statusLabel").asText()).isEqualTo("待收货");
        assertThat(page.path("orders").get(0).path("deliveries").get(0).path("waybillId").asText())
                .isEqualTo("75000000000001");
        assertThat(page.path("recentCalls")).isNotEmpty();
        assertThat(page.path("recentPushes")).hasSize(5);

        HttpResponse<String> html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(html.body()).contains("<pre>").contains("demo");
    }

    @Test
    void unpaidOrdersCancelAndPayOverHttp() throws Exception {
        client.sim("POST", "/sim/shops", SHOP);
        client.sim("POST", "/sim/shops/demo/products", PRODUCT);
        String body = "{\"orderId\":\"3705115058471208928\",\"items\":[{\"productId\":\"10000029995861\",\"skuId\":\"1\",\"quantity\":1}]}";
        JsonNode unpaid = WeChatClient.JSON.readTree(client.sim("POST", "/sim/shops/demo/orders?paid=false", body).body());
        assertThat(unpaid.path("orderId").asText()).isEqualTo("3705115058471208928");
        assertThat(unpaid.path("status").asInt()).isEqualTo(10);
        assertThat(client.sim("POST", "/sim/shops/demo/orders?paid=false", body).statusCode()).isEqualTo(409);
        JsonNode paid = WeChatClient.JSON.readTree(client.sim("POST",
                "/sim/shops/demo/orders/3705115058471208928/pay", null).body());
        assertThat(paid.path("status").asInt()).isEqualTo(20);
        assertThat(client.sim("POST", "/sim/shops/demo/orders/3705115058471208928/pay", null).statusCode())
                .isEqualTo(409);
        JsonNode cancelled = WeChatClient.JSON.readTree(client.sim("POST",
                "/sim/shops/demo/orders/3705115058471208928/cancel", "{\"cancelType\":4}").body());
        assertThat(cancelled.path("status").asInt()).isEqualTo(190);
        assertThat(sim.pushes()).extracting(PushRecord::event)
                .containsExactly("channels_ec_order_pay", "channels_ec_order_cancel");
    }

    @Test
    void mistakesAnswer400And404() {
        assertThat(client.sim("POST", "/sim/shops", "{\"shopId\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(client.sim("POST", "/sim/shops", SHOP.replace("gh_demo", "demo")).body()).contains("gh_");
        assertThat(client.sim("POST", "/sim/shops", "{\"shopId\":\"x\",\"typo\":1}").statusCode()).isEqualTo(400);
        assertThat(client.sim("GET", "/sim/shops/none/orders/1", null).statusCode()).isEqualTo(404);
        assertThat(client.sim("GET", "/sim/nothing", null).statusCode()).isEqualTo(404);
        client.sim("POST", "/sim/shops", SHOP);
        assertThat(client.sim("POST", "/sim/shops/demo/orders",
                "{\"items\":[{\"productId\":\"nope\",\"skuId\":\"1\",\"quantity\":1}]}").statusCode()).isEqualTo(400);
        assertThat(client.sim("POST", "/sim/reset", null).statusCode()).isEqualTo(200);
        assertThat(sim.shops()).isEmpty();
    }

    @Test
    void unknownPlatformPathsAndGetOnPostEndpointsAnswerErrcodes() {
        assertThat(client.get("/channels/ec/nothing").path("errcode").asInt()).isEqualTo(48001);
        assertThat(client.get("/channels/ec/order/get").path("errcode").asInt()).isEqualTo(43002);
    }
}
