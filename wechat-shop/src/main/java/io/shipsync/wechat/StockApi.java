package io.shipsync.wechat;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The platform's stock (库存) of a SKU: read it, or move it by a difference. Only differences are sent
 * (diff_type 1 增加, 2 减少): orders keep taking platform stock while we push, and a difference composes
 * with them where setting an absolute figure (diff_type 3) would overwrite them.
 */
@ApplicationScoped
public class StockApi {

    /** 更新该sku库存频率超限: too many updates of this SKU; back off. */
    public static final int RATE_LIMITED = 10020112;
    /** 库存不足以减扣: the platform holds fewer units than we asked to take away. */
    public static final int INSUFFICIENT = 10020219;
    /** The difference was 0 (we never send one, but the platform names it). */
    public static final int DIFF_ZERO = 10020218;

    private final WeChatShopApi api;

    StockApi(WeChatShopApi api) {
        this.api = api;
    }

    /** 通用库存 as the platform shows it now (normal_stock_num). */
    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public long stock(String shopId, String productId, String skuId) {
        return api.call(shopId, "/channels/ec/product/stock/get", Map.of("product_id", productId, "sku_id", skuId))
                .path("data").path("normal_stock_num").asLong();
    }

    /**
     * Adds ({@code difference} > 0, diff_type 1) or takes away (< 0, diff_type 2) units of platform stock.
     * Not retried here: the caller owns its attempts and must treat a timeout as "maybe applied".
     */
    public void move(String shopId, String productId, String skuId, long difference) {
        if (difference == 0) {
            throw new IllegalArgumentException("a stock update moves at least one unit");
        }
        api.call(shopId, "/channels/ec/product/stock/update", Map.of("product_id", productId, "sku_id", skuId,
                "diff_type", difference > 0 ? 1 : 2, "num", Math.abs(difference)));
    }
}
