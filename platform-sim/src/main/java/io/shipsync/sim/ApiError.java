package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A WeChat Shop API error: the {@code errcode} and the platform's {@code errmsg} (without the
 * {@code rid} suffix, which is added when the response is written). Codes and messages are the ones in
 * {@code shared/reference/wechat-shop-and-carriers.md} §1.1–1.5.
 */
final class ApiError extends RuntimeException {

    static final int SYSTEM_BUSY = -1;
    static final int INVALID_CREDENTIAL = 40001;
    static final int INVALID_GRANT_TYPE = 40002;
    static final int INVALID_OPENID = 40003;
    static final int INVALID_APPID = 40013;
    static final int REQUIRE_POST = 43002;
    static final int DAILY_QUOTA = 45009;
    static final int DATA_FORMAT = 47001;
    static final int API_UNAUTHORIZED = 48001;
    static final int ORDER_UPDATE_TOO_FREQUENT = 100003;
    static final int ORDER_STATUS = 101100;
    static final int ORDER_NOT_FOUND = 1000003;
    static final int STOCK_PARAM = 10020051;
    static final int PRODUCT_NOT_FOUND = 10020052;
    static final int STOCK_RATE_LIMIT = 10020112;
    static final int STOCK_DIFF_ZERO = 10020218;
    static final int STOCK_INSUFFICIENT = 10020219;
    static final int EWAYBILL_TAKE_FAILED = 10025005;
    static final int EWAYBILL_NOT_FOUND = 10025010;
    static final int EWAYBILL_DELIVERY_ID = 10025012;
    static final int EWAYBILL_SITE = 10025013;
    static final int EWAYBILL_ACCOUNT = 10025014;
    static final int EWAYBILL_ORDER_ID_FORMAT = 10025020;
    static final int EWAYBILL_TEMPLATE = 10025106;
    // The reference names no errcode for these four; ShipSync's choice, shared with wechat-shop's EwaybillApi.
    static final int EWAYBILL_ACCOUNT_UNAUTHORIZED = 10025901;
    static final int EWAYBILL_BALANCE_LOW = 10025902;
    static final int EWAYBILL_CARRIER_NOT_OPENED = 10025903;
    static final int EWAYBILL_RISK = 10025904;
    /**
     * The decode quota (30 orders a day) is used up. The platform documents the quota but no errcode for it;
     * the simulator's choice.
     */
    static final int DECODE_QUOTA = 10090901;

    private static final Map<Integer, String> MESSAGES = Map.ofEntries(
            Map.entry(0, "ok"),
            Map.entry(SYSTEM_BUSY, "system busy"),
            Map.entry(INVALID_CREDENTIAL, "invalid credential, access_token is invalid or not latest"),
            Map.entry(INVALID_GRANT_TYPE, "invalid grant_type"),
            Map.entry(INVALID_OPENID, "invalid openid"),
            Map.entry(INVALID_APPID, "invalid appid"),
            Map.entry(REQUIRE_POST, "require POST method"),
            Map.entry(DAILY_QUOTA, "reach max api daily quota limit"),
            Map.entry(DATA_FORMAT, "data format error"),
            Map.entry(API_UNAUTHORIZED, "api unauthorized"),
            Map.entry(ORDER_UPDATE_TOO_FREQUENT, "订单更新过于频繁,更新订单失败,请重试"),
            Map.entry(ORDER_STATUS, "订单状态错误,不允许执行此操作"),
            Map.entry(ORDER_NOT_FOUND, "订单不存在"),
            Map.entry(STOCK_PARAM, "参数错误,请开发者按照文档传参"),
            Map.entry(PRODUCT_NOT_FOUND, "商品不存在"),
            Map.entry(STOCK_RATE_LIMIT, "更新该sku库存频率超限"),
            Map.entry(STOCK_DIFF_ZERO, "diff num = 0"),
            Map.entry(STOCK_INSUFFICIENT, "库存不足以减扣"),
            Map.entry(EWAYBILL_TAKE_FAILED, "电子面单取号失败,请参考delivery_error_msg字段"),
            Map.entry(EWAYBILL_NOT_FOUND, "面单不存在"),
            Map.entry(EWAYBILL_DELIVERY_ID, "delivery_id错误"),
            Map.entry(EWAYBILL_SITE, "网点信息错误"),
            Map.entry(EWAYBILL_ACCOUNT, "账号编码错误,请检查acct_id"),
            Map.entry(EWAYBILL_ORDER_ID_FORMAT, "ewaybill_order_id must be Uint64 sent as string"),
            Map.entry(EWAYBILL_TEMPLATE, "模板ID不存在"),
            Map.entry(EWAYBILL_ACCOUNT_UNAUTHORIZED, "电子面单账号未认证"),
            Map.entry(EWAYBILL_BALANCE_LOW, "电子面单余额不足"),
            Map.entry(EWAYBILL_CARRIER_NOT_OPENED, "快递公司未开通电子面单"),
            Map.entry(EWAYBILL_RISK, "订单存在风险,请参考order_risk_info"),
            Map.entry(DECODE_QUOTA, "今日订单信息解码次数已用完,次日重置"));

    private final int errcode;
    private final ObjectNode fields;

    ApiError(int errcode, String errmsg) {
        this(errcode, errmsg, Json.object());
    }

    private ApiError(int errcode, String errmsg, ObjectNode fields) {
        super(errmsg, null, false, false);
        this.errcode = errcode;
        this.fields = fields;
    }

    /** The e-waybill APIs explain a failed 取号 in a {@code delivery_error_msg} field beside errcode. */
    ApiError withDeliveryErrorMsg(String message) {
        return withField("delivery_error_msg", Json.tree(message));
    }

    /** A field answered beside errcode and errmsg (delivery_error_msg, order_risk_info). */
    ApiError withField(String name, JsonNode value) {
        ObjectNode more = fields.deepCopy();
        more.set(name, value);
        return new ApiError(errcode, getMessage(), more);
    }

    ObjectNode fields() {
        return fields;
    }

    /** The error with the platform's message for {@code errcode}. */
    static ApiError of(int errcode) {
        return new ApiError(errcode, messageFor(errcode));
    }

    /** A 47001 naming what is wrong, in the platform's {@code data format error hint: …} form. */
    static ApiError dataFormat(String hint) {
        return new ApiError(DATA_FORMAT, "data format error hint: " + hint);
    }

    static String messageFor(int errcode) {
        return MESSAGES.getOrDefault(errcode, "simulated error " + errcode);
    }

    int errcode() {
        return errcode;
    }

    String errmsg() {
        return getMessage();
    }
}
