package io.shipsync.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The platform's carrier list (快递公司, {@code delivery_id} → name), reference §1.4, in the platform's order.
 * The WeChat ids differ from kuaidi100's codes: {@code YUNDA} not "YD", {@code JTSD} for 极兔.
 */
final class DeliveryCompanies {

    static final Map<String, String> ALL;
    /** 自营/直营 carriers in the platform's e-waybill carrier table; the others are 加盟 (franchised, with 网点). */
    private static final Set<String> DIRECT = Set.of("SF", "JD", "EMS", "CNSD", "DBKD", "KYSY", "RJTCSD", "ZJS");
    /** Carriers whose e-waybills take 子母件 (order/addsuborder), reference §1.5. */
    private static final Set<String> SUB_ORDERS = Set.of("SF", "DBKD", "JD", "SXJD", "YDKY");

    static {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("ZTO", "中通快递");
        all.put("YTO", "圆通速递");
        all.put("YUNDA", "韵达快递");
        all.put("JTSD", "极兔速递");
        all.put("STO", "申通快递");
        all.put("SF", "顺丰速运");
        all.put("JD", "京东物流");
        all.put("EMS", "中国邮政");
        all.put("CNSD", "菜鸟速递");
        all.put("DBKD", "德邦快递");
        all.put("SXJD", "顺心捷达");
        all.put("ZTOKY", "中通快运");
        all.put("YDKY", "韵达快运");
        all.put("ANEKY", "安能物流");
        all.put("BTWL", "百世快运");
        all.put("KYSY", "跨越速运");
        all.put("YMDD", "壹米滴答");
        all.put("RJTCSD", "锐界同城速递");
        all.put("ZJS", "宅急送");
        all.put("JSD", "吉时达");
        all.put("XFEX", "信丰物流");
        all.put("OTHER", "其他");
        ALL = Collections.unmodifiableMap(all);
    }

    private DeliveryCompanies() {
    }

    static boolean isKnown(String deliveryId) {
        return ALL.containsKey(deliveryId);
    }

    /** Carriers offered for 电子面单; the reference gives no list, so every named carrier (all but OTHER). */
    static boolean offersEwaybill(String deliveryId) {
        return isKnown(deliveryId) && !deliveryId.equals("OTHER");
    }

    /** account/get company_type: 1 加盟, 2 直营. */
    static int companyType(String deliveryId) {
        return DIRECT.contains(deliveryId) ? 2 : 1;
    }

    static boolean takesSubOrders(String deliveryId) {
        return SUB_ORDERS.contains(deliveryId);
    }

    static String name(String deliveryId) {
        return ALL.getOrDefault(deliveryId, "");
    }
}
