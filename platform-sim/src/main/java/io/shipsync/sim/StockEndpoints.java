package io.shipsync.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.sim.WeChatApi.Request;

/** {@code /channels/ec/product/stock/get|update} (库存, reference §1.6). */
final class StockEndpoints {

    private final PlatformState state;

    StockEndpoints(PlatformState state) {
        this.state = state;
    }

    /** The documented {@code data} shape; the simulator keeps only 通用库存, so no regional warehouses. */
    ObjectNode get(Request request) {
        String productId = idOrParamError(request.body(), "product_id");
        String skuId = idOrParamError(request.body(), "sku_id");
        int stock;
        synchronized (state) {
            stock = state.skuForApi(request.shop(), productId, skuId).stock;
        }
        ObjectNode reply = Json.object();
        ObjectNode data = reply.putObject("data")
                .put("normal_stock_num", stock)
                .put("limited_discount_stock_num", 0);
        data.putArray("warehouse_stocks");
        data.put("total_stock_num", stock);
        return reply;
    }

    ObjectNode update(Request request) {
        Body body = request.body();
        String productId = idOrParamError(body, "product_id");
        String skuId = idOrParamError(body, "sku_id");
        Long diffType = body.integer("diff_type");
        Long num = body.integer("num");
        if (diffType == null || num == null) {
            throw ApiError.of(ApiError.STOCK_PARAM);
        }
        state.updateStock(request.shop(), productId, skuId, diffType.intValue(), num);
        return Json.object();
    }

    private static String idOrParamError(Body body, String field) {
        String value = body.text(field);
        if (value == null || value.isEmpty()) {
            throw ApiError.of(ApiError.STOCK_PARAM);
        }
        return value;
    }
}
