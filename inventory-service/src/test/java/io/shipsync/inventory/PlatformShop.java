package io.shipsync.inventory;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
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

/**
 * A shop on both sides of the stock sync: in platform-sim (the platform, with one product per SKU and its
 * stock) and in inventory-service (its WeChat Shop account, and the same opening stock received).
 */
final class PlatformShop {

    static final String STOCK_UPDATE = "/channels/ec/product/stock/update";

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
        String skuId = "21" + ThreadLocalRandom.current().nextLong(10_000_000_000_000L, 99_999_999_999_999L);
        sim().addProduct(shopId, ProductSpec.of(product(skuId), "保温杯 " + skuId, new SkuSpec(skuId, "CUP-" + skuId, 4990, stock)));
        stores.adjust(skuId, Map.of("direction", "INCREASE", "quantity", stock, "reason", "opening stock",
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
        OrderView order = sim().createPaidOrder(shopId, OrderSpec.of(new io.shipsync.sim.OrderItem(product(skuId), skuId, quantity)));
        announcePaid(order.orderId(), skuId, quantity);
        return order.orderId();
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

    private void announcePaid(String orderId, String skuId, int quantity) {
        stores.publish(new OrderPlaced(orderId, Instant.now(), OrderPlaced.DELIVER_PHYSICAL, List.of(item(skuId, quantity)),
                new Region("浙江省", "杭州市", "西湖区"), 4990L * quantity));
    }

    static OrderItem item(String skuId, int quantity) {
        return new OrderItem(product(skuId), skuId, null, quantity, 4990);
    }

    /** This shop's stock/update calls about the SKU, oldest first. */
    List<ApiCall> stockUpdates(String skuId) {
        return sim().calls(STOCK_UPDATE).stream().filter(c -> shopId.equals(c.shopId()) && c.request().contains(skuId)).toList();
    }

    Map<String, Object> adjustment(String direction, int quantity) {
        return Map.of("direction", direction, "quantity", quantity, "reason", "test " + direction.toLowerCase());
    }
}
