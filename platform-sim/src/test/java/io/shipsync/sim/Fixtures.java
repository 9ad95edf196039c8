package io.shipsync.sim;

import java.util.List;
import java.util.Map;

/** Shops, products and request bodies the tests share. */
final class Fixtures {

    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String PRODUCT = "10000029995861";
    static final String SKU_A = "1873926101";
    static final String SKU_B = "1873926102";

    private Fixtures() {
    }

    static ShopSpec shop(String shopId, String callbackUrl) {
        return new ShopSpec(shopId, "wx" + shopId.replace("-", ""), "secret-" + shopId, "token-" + shopId, AES_KEY,
                callbackUrl, "gh_" + shopId.replace("-", ""));
    }

    /** A shop with one product of two SKUs (A: 59.00 元, 10 in stock; B: 79.00 元, 5 in stock). */
    static ShopSpec seed(PlatformSim sim, String shopId, String callbackUrl) {
        ShopSpec shop = shop(shopId, callbackUrl);
        sim.createShop(shop);
        sim.addProduct(shopId, ProductSpec.of(PRODUCT, "纯棉短袖T恤",
                new SkuSpec(SKU_A, "TS-A", 5900, 10), new SkuSpec(SKU_B, "TS-B", 7900, 5)));
        return shop;
    }

    static Map<String, Object> delivery(String orderId, String deliveryId, String waybillId, String skuId, int count) {
        return Map.of("order_id", orderId, "delivery_list", List.of(Map.of(
                "delivery_id", deliveryId, "waybill_id", waybillId, "deliver_type", 1,
                "product_infos", List.of(Map.of("product_id", PRODUCT, "sku_id", skuId,
                        "product_cnt", count)))));
    }
}
