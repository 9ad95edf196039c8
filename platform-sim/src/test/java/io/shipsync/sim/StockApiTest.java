package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StockApiTest {

    private static final String UPDATE = "/channels/ec/product/stock/update";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));
    private PlatformSim sim;
    private WeChatClient client;
    private String token;

    @BeforeEach
    void start() {
        sim = PlatformSim.start(PlatformSim.Config.defaults().withClock(clock));
        client = new WeChatClient(sim.baseUrl());
        ShopSpec shop = Fixtures.seed(sim, "shop-1", null);
        token = client.token(shop.appId(), shop.appSecret());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void stockGetAnswersTheDocumentedDataShape() {
        JsonNode data = client.post("/channels/ec/product/stock/get", token,
                Map.of("product_id", Fixtures.PRODUCT, "sku_id", Fixtures.SKU_A)).path("data");
        assertThat(data.path("normal_stock_num").asInt()).isEqualTo(10);
        assertThat(data.path("total_stock_num").asInt()).isEqualTo(10);
        assertThat(data.path("limited_discount_stock_num").asInt()).isZero();
        assertThat(data.path("warehouse_stocks").isArray()).isTrue();
        assertThat(client.post("/channels/ec/product/stock/get", token,
                Map.of("product_id", Fixtures.PRODUCT, "sku_id", "404")).path("errcode").asInt()).isEqualTo(10020052);
    }

    @Test
    void diffTypesAddRemoveAndSet() {
        assertThat(update(1, 5).path("errcode").asInt()).isZero();
        assertThat(stock()).isEqualTo(15);
        assertThat(update(2, 4).path("errcode").asInt()).isZero();
        assertThat(stock()).isEqualTo(11);
        assertThat(update(3, 3).path("errcode").asInt()).isZero();
        assertThat(stock()).isEqualTo(3);
        assertThat(update(3, 0).path("errcode").asInt()).isZero();
        assertThat(stock()).isZero();
    }

    @Test
    void refusesInsufficientStockZeroDiffAndUnknownProducts() {
        JsonNode insufficient = update(2, 11);
        assertThat(insufficient.path("errcode").asInt()).isEqualTo(10020219);
        assertThat(insufficient.path("errmsg").asText()).startsWith("库存不足以减扣");
        assertThat(update(1, 0).path("errcode").asInt()).isEqualTo(10020218);
        assertThat(update(4, 1).path("errcode").asInt()).isEqualTo(10020051);
        assertThat(client.post(UPDATE, token, Map.of("product_id", "1", "sku_id", Fixtures.SKU_A, "diff_type", 1,
                "num", 1)).path("errcode").asInt()).isEqualTo(10020052);
        assertThat(stock()).isEqualTo(10);
    }

    @Test
    void moreThanFiveUpdatesPerSkuPerSecondAreRateLimited() {
        for (int i = 0; i < 5; i++) {
            assertThat(update(1, 1).path("errcode").asInt()).isZero();
        }
        JsonNode limited = update(1, 1);
        assertThat(limited.path("errcode").asInt()).isEqualTo(10020112);
        assertThat(limited.path("errmsg").asText()).startsWith("更新该sku库存频率超限");
        assertThat(stock()).isEqualTo(15);
        assertThat(client.post(UPDATE, token, Map.of("product_id", Fixtures.PRODUCT, "sku_id", Fixtures.SKU_B,
                "diff_type", 1, "num", 1)).path("errcode").asInt()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(update(1, 1).path("errcode").asInt()).isZero();
        assertThat(stock()).isEqualTo(16);
    }

    @Test
    void ordersDeductStockAndOnlyAnUnpaidCancelRestoresIt() {
        OrderView unpaid = sim.createOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 3)));
        assertThat(stock()).isEqualTo(7);
        sim.cancelOrder("shop-1", unpaid.orderId());
        assertThat(sim.order("shop-1", unpaid.orderId()).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(stock()).isEqualTo(10);

        OrderView paid = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 4)));
        sim.cancelOrder("shop-1", paid.orderId());
        assertThat(stock()).isEqualTo(6);

        sim.setStock("shop-1", Fixtures.PRODUCT, Fixtures.SKU_A, 1);
        assertThat(stock()).isEqualTo(1);
    }

    private JsonNode update(int diffType, int num) {
        return client.post(UPDATE, token, Map.of("product_id", Fixtures.PRODUCT, "sku_id", Fixtures.SKU_A,
                "diff_type", diffType, "num", num));
    }

    private int stock() {
        return sim.stock("shop-1", Fixtures.PRODUCT, Fixtures.SKU_A);
    }
}
