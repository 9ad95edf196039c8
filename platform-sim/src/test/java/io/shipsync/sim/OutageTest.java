package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The platform taken down and brought back, as a chaos run does: same port, same state. */
class OutageTest {

    private static final String ORDER_GET = "/channels/ec/order/get";

    @Test
    void aPlatformBroughtBackListensOnTheSamePortWithEverythingItHeld() {
        try (PlatformSim sim = PlatformSim.start()) {
            ShopSpec shop = Fixtures.seed(sim, "shop-1", null);
            String token = new WeChatClient(sim.baseUrl()).token(shop.appId(), shop.appSecret());
            OrderView before = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 2)));
            int port = sim.port();

            sim.stopServing();
            // A fresh client: a pooled connection closed by the stop would fail differently from a refused one.
            assertThatThrownBy(() -> new WeChatClient(sim.baseUrl()).post(ORDER_GET, token, Map.of("order_id", before.orderId())))
                    .hasCauseInstanceOf(ConnectException.class);
            OrderView paidWhileDown = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem(Fixtures.PRODUCT, Fixtures.SKU_A, 1)));
            sim.resumeServing();

            assertThat(sim.port()).isEqualTo(port);
            WeChatClient client = new WeChatClient(sim.baseUrl());
            for (OrderView order : new OrderView[] {before, paidWhileDown}) {
                JsonNode reply = client.post(ORDER_GET, token, Map.of("order_id", order.orderId()));
                assertThat(reply.path("errcode").asInt()).as("token and order kept through the outage").isZero();
                assertThat(reply.path("order").path("status").asInt()).isEqualTo(OrderStatus.PAID);
            }
            assertThat(client.post("/channels/ec/product/stock/get", token,
                    Map.of("product_id", Fixtures.PRODUCT, "sku_id", Fixtures.SKU_A)).path("data").path("normal_stock_num").asInt())
                    .isEqualTo(10 - 2 - 1);
        }
    }
}
