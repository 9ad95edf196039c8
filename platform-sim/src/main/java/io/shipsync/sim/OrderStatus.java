package io.shipsync.sim;

import java.util.Map;

/** The platform's order status codes (订单状态), reference §1.3. */
public final class OrderStatus {

    /** 待付款. */
    public static final int UNPAID = 10;
    /** 待发货 (paid). */
    public static final int PAID = 20;
    /** 部分发货. */
    public static final int PARTIALLY_SHIPPED = 21;
    /** 待收货 (all shipped). */
    public static final int SHIPPED = 30;
    /** 完成. */
    public static final int COMPLETED = 100;
    /** 商品超卖商家取消. */
    public static final int OVERSOLD_CANCELLED = 190;
    /** 全部商品售后后取消. */
    public static final int AFTERSALE_CANCELLED = 200;
    /** 用户取消/超时取消/商家取消. */
    public static final int CANCELLED = 250;

    private static final Map<Integer, String> LABELS = Map.of(
            UNPAID, "待付款", PAID, "待发货", PARTIALLY_SHIPPED, "部分发货", SHIPPED, "待收货",
            COMPLETED, "完成", OVERSOLD_CANCELLED, "商品超卖商家取消", AFTERSALE_CANCELLED, "全部商品售后后取消",
            CANCELLED, "已取消");

    private OrderStatus() {
    }

    public static boolean isKnown(int status) {
        return LABELS.containsKey(status);
    }

    public static String label(int status) {
        return LABELS.getOrDefault(status, "未知");
    }
}
