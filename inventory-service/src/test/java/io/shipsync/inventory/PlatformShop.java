package io.shipsync.inventory;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderCreated;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.ApiCall;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.OrderView;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A shop on both sides of the stock sync: in platform-sim (the platform, with one product per SKU and its
 * stock) and in inventory-service (its WeChat Shop account, and the same opening stock received).
 */
final class PlatformShop {

    static final String STOCK_UPDATE = "/channels/ec/product/stock/update";
    static final String STOCK_GET = "/channels/ec/product/stock/get";

    final Stores stores;
    final String shopId;

    PlatformShop(Stores stores) {
        this.stores = stores;
        this.shopId = stores.shopId;
        String appId = "wx" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String token = "tok" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String aesKey = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 43);
        sim().createShop(new ShopSpec(shopId, appId, "secret-" + appId, token, aesKey, null, "gh_" + appId.substring(2, 14)));
        given().auth().oauth2(TestTokens.admin(shopId)).contentType(ContentType.JSON)
                .body(Map.of("appId", appId, "appSecret", "secret-" + appId, "pushToken", token, "encodingAesKey", aesKey))
                .put("/api/shops/{shop}/platform-account", shopId).then().statusCode(200);
    }

    static PlatformSim sim() {
        return PlatformSimResource.sim();
    }

    /** A new SKU with {@code stock} units on the platform, received into inventory-service as its opening stock. */
    String sku(int stock) {
        return sku(stock, stock);
    }

    /** A new SKU the platform shows {@code platformStock} of, with {@code received} units received here. */
    String sku(int platformStock, int received) {
        String skuId = "21" + ThreadLocalRandom.current().nextLong(10_000_000_000_000L, 99_999_999_999_999L);
        sim().addProduct(shopId, ProductSpec.of(product(skuId), "保温杯 " + skuId,
                new SkuSpec(skuId, "CUP-" + skuId, 4990, platformStock)));
        stores.adjust(skuId, Map.of("direction", "INCREASE", "quantity", received, "reason", "opening stock",
                "create", true, "productId", product(skuId))).then().statusCode(200);
        return skuId;
    }

    static String product(String skuId) {
        return "1000" + skuId.substring(2);
    }

    int platformStock(String skuId) {
        return sim().stock(shopId, product(skuId), skuId);
    }

    void setPlatformStock(String skuId, int stock) {
        sim().setStock(shopId, product(skuId), skuId, stock);
    }

    /** A buyer orders and pays on the platform (which deducts its stock); order-service then announces it. */
    String buyerOrders(String skuId, int quantity) {
        String orderId = buyerOrdersUnannounced(skuId, quantity);
        announcePaid(orderId, skuId, quantity);
        return orderId;
    }

    /** A buyer orders and pays on the platform, which deducts its stock; order-service has not announced it (yet). */
    String buyerOrdersUnannounced(String skuId, int quantity) {
        return sim().createPaidOrder(shopId, OrderSpec.of(new io.shipsync.sim.OrderItem(product(skuId), skuId, quantity)))
                .orderId();
    }

    /** A buyer orders without paying yet (待付款): the platform deducts its stock; order-service announces OrderCreated. */
    String buyerOrdersUnpaid(String skuId, int quantity) {
        OrderView order = sim().createOrder(shopId, OrderSpec.of(new io.shipsync.sim.OrderItem(product(skuId), skuId, quantity)));
        stores.publish(new OrderCreated(order.orderId(), Instant.now(), List.of(item(skuId, quantity))));
        return order.orderId();
    }

    /** The buyer pays an unpaid order. */
    void buyerPays(String orderId, String skuId, int quantity) {
        sim().payOrder(shopId, orderId);
        announcePaid(orderId, skuId, quantity);
    }

    /** The buyer cancels an unpaid order (the platform gives its stock back). */
    void buyerCancelsUnpaid(String orderId, String skuId, int quantity) {
        sim().cancelOrder(shopId, orderId, OrderCancelled.CANCEL_BY_BUYER);
        stores.publish(new OrderCancelled(orderId, OrderCancelled.CANCEL_BY_BUYER, false, Instant.now(), List.of(item(skuId, quantity))));
    }

    /** order-service announces a paid order (OrderPlaced). */
    void announcePaid(String orderId, String skuId, int quantity) {
        stores.publish(new OrderPlaced(orderId, Instant.now(), OrderPlaced.DELIVER_PHYSICAL, List.of(item(skuId, quantity)),
                new Region("浙江省", "杭州市", "西湖区"), 4990L * quantity));
    }

    static OrderItem item(String skuId, int quantity) {
        return new OrderItem(product(skuId), skuId, null, quantity, 4990);
    }

    /** This shop's stock/update calls about the SKU, oldest first. */
    List<ApiCall> stockUpdates(String skuId) {
        return calls(STOCK_UPDATE, skuId);
    }

    /** This shop's calls of an API about the SKU, oldest first. */
    List<ApiCall> calls(String api, String skuId) {
        return sim().calls(api).stream().filter(c -> shopId.equals(c.shopId()) && c.request().contains(skuId)).toList();
    }

    /** Asks for a reconciliation (202), once no other run holds the shop. */
    Response startReconciliation() {
        AtomicReference<Response> started = new AtomicReference<>();
        await().atMost(Stores.WITHIN).until(() -> {
            Response response = given().auth().oauth2(stores.operator())
                    .post("/api/shops/{s}/platform-stock/reconciliations", shopId);
            started.set(response);
            return response.statusCode() != 409;
        });
        return started.get();
    }

    /** Asks for a reconciliation and waits for it to finish; the finished run. */
    JsonPath reconciled() {
        String location = startReconciliation().then().statusCode(202).extract().header("Location");
        AtomicReference<JsonPath> run = new AtomicReference<>();
        await().atMost(Stores.WITHIN).until(() -> {
            run.set(JsonPath.from(given().auth().oauth2(stores.operator()).get(location).then().statusCode(200)
                    .extract().asString()));
            return !"RUNNING".equals(run.get().getString("state"));
        });
        return run.get();
    }

    Map<String, Object> adjustment(String direction, int quantity) {
        return Map.of("direction", direction, "quantity", quantity, "reason", "test " + direction.toLowerCase());
    }
}
