package io.shipsync.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The platform's electronic waybills (电子面单, {@code /channels/ec/logistics/ewaybill/biz/…}, reference §1.5):
 * the shop's carrier accounts, 取号 (precreate + create), 子母件, cancel, the answer to "was a number taken?",
 * print data and the print notice. Taking a number never ships the order: that stays {@code order/delivery/send}.
 *
 * <p>Errors: transient ones (timeouts, -1, quota) stay {@link PlatformError.Unavailable}; every other errcode the
 * platform answers becomes {@link Refused}, a business refusal that retrying the same call cannot fix. Calls that
 * take something on the platform (precreate, create, addsuborder, cancel, print notice) are never retried here:
 * the caller owns its attempts and must read a timeout as "maybe done" and settle it with {@link #order}.
 */
@ApplicationScoped
public class EwaybillApi {

    static final String PATH = "/channels/ec/logistics/ewaybill/biz/";

    /** 电子面单取号失败,请参考delivery_error_msg: the carrier refused; {@link Refused#deliveryErrorMsg()} says why. */
    public static final int TAKE_FAILED = 10025005;
    /** 面单不存在: no e-waybill with this ewaybill_order_id (or it was cancelled). */
    public static final int NOT_FOUND = 10025010;
    /** delivery_id错误: unknown carrier, or (addsuborder) a carrier without 子母件. */
    public static final int BAD_DELIVERY_ID = 10025012;
    /** 网点信息错误: site_code does not match the account. */
    public static final int BAD_SITE = 10025013;
    /** 账号编码错误: ewaybill_acct_id is not one of the shop's accounts. */
    public static final int BAD_ACCOUNT = 10025014;
    /** 电子面单已存在 as its own errcode (seen in a community thread, not in the reference); see {@link Refused#exists()}. */
    public static final int EXISTS = 10025019;
    /** ewaybill_order_id must be a Uint64 sent as a string. */
    public static final int BAD_ORDER_ID = 10025020;
    /** 模板ID不存在. */
    public static final int NO_TEMPLATE = 10025106;
    /** 订单不存在: an ec_order_id the shop does not have. */
    public static final int ORDER_NOT_FOUND = 1000003;
    /** data format error (missing sender/receiver, ids of the wrong JSON type). */
    public static final int DATA_FORMAT = 47001;

    // The reference names no errcodes for the four below; these are ShipSync's, shared with platform-sim.
    /** 电子面单账号未认证: the account is not (or no longer) authorised; the merchant must act in the shop backend. */
    public static final int ACCOUNT_NOT_AUTHORIZED = 10025901;
    /** 电子面单余额不足: the 网点 account has no waybill numbers left; the merchant must top up. */
    public static final int BALANCE_LOW = 10025902;
    /** 快递公司未开通电子面单: no account for this carrier. */
    public static final int CARRIER_NOT_OPENED = 10025903;
    /** 订单存在风险: no number taken; {@link Refused#risk()} names the held orders. */
    public static final int RISK_HOLD = 10025904;

    /** account/get status (the reference documents no values; these are ShipSync's, shared with platform-sim). */
    public static final int ACCOUNT_PENDING = 1;
    public static final int ACCOUNT_UNAUTHORIZED = 2;
    public static final int ACCOUNT_NORMAL = 3;
    public static final int ACCOUNT_UNBOUND = 4;

    /** order/get status (ShipSync's values, shared with platform-sim): 0 预取号, 1 已取号, 2 已取消. */
    public static final int EWAYBILL_PRECREATED = 0;
    public static final int EWAYBILL_TAKEN = 1;
    public static final int EWAYBILL_CANCELLED = 2;

    /** account/get answers slowly with balances; the platform advises fewer than 20 per page. */
    private static final int ACCOUNT_PAGE = 10;

    // ---- requests ----

    /** A person and address as sender/receiver take them; the sender in plain text, the receiver as the order shows it (masked is fine). */
    public record Address(String name, String mobile, String province, String city, String county, String street,
                          String address) {
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("mobile", mobile);
            body.put("province", province);
            body.put("city", city);
            body.put("county", county);
            body.put("street", street == null ? "" : street);
            body.put("address", address);
            return body;
        }
    }

    /** A goods_list line; product and SKU ids are optional. */
    public record Goods(String goodName, int goodCount, String productId, String skuId) {
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("good_name", goodName);
            body.put("good_count", goodCount);
            if (productId != null) {
                body.put("product_id", number(productId));
            }
            if (skuId != null) {
                body.put("sku_id", number(skuId));
            }
            return body;
        }
    }

    /** One platform order in the parcel (ec_order_list entry). */
    public record EcOrder(String ecOrderId, List<Goods> goodsList) {
        Map<String, Object> body() {
            return Map.of("ec_order_id", number(ecOrderId), "goods_list", goodsList.stream().map(Goods::body).toList());
        }
    }

    /**
     * What precreate and create both carry. {@code siteCode} only for 加盟 carriers (网点); {@code ewaybillShopId}
     * is the 面单主体 shop_id from {@link Account#shopId()} (optional); {@code remark} optional.
     */
    public record EwaybillOrder(String deliveryId, String ewaybillAcctId, String siteCode, Address sender,
                                Address receiver, List<EcOrder> ecOrderList, String ewaybillShopId, String remark) {
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("delivery_id", deliveryId);
            if (siteCode != null) {
                body.put("site_code", siteCode);
            }
            body.put("ewaybill_acct_id", ewaybillAcctId);
            body.put("sender", sender.body());
            body.put("receiver", receiver.body());
            body.put("ec_order_list", ecOrderList.stream().map(EcOrder::body).toList());
            if (ewaybillShopId != null) {
                body.put("shop_id", ewaybillShopId);
            }
            if (remark != null) {
                body.put("remark", remark);
            }
            return body;
        }
    }

    // ---- answers ----

    /** A 网点 (site) of a 加盟 carrier: where the numbers come from and who to call. */
    public record Site(String siteCode, String siteName, int siteStatus, String province, String city, String district,
                       String street, String detailAddress, String contactName, String contactMobile) {
    }

    /**
     * One e-waybill account (网点 or 月结账号; the platform allocates an acct_id for each): {@code available} is the
     * balance of numbers left, {@code site} is null for 直营 carriers (a monthly account, no 网点),
     * {@code monthlyCard} the 月结卡号 when there is one, {@code senderAddresses} the addresses set up for it.
     */
    public record Account(String deliveryId, String acctId, String shopId, int acctType, int companyType, int status,
                          long available, long allocated, long recycled, long cancelled, Site site,
                          String monthlyCard, List<Address> senderAddresses) {

        /** Can take numbers now: authorised and with numbers left. */
        public boolean usable() {
            return status == ACCOUNT_NORMAL && available > 0;
        }
    }

    /** A carrier the shop opened for e-waybills (delivery/get). */
    public record Carrier(String deliveryId, String deliveryName) {
    }

    /** A number in waybill_id_list: the main one (waybill_type 1) or a 子单. */
    public record WaybillNumber(int waybillType, String waybillId, long createTime) {
    }

    /** order_risk_info: why the platform holds these orders. */
    public record OrderRisk(String riskMsg, List<String> ecOrderIds) {
    }

    /** The answer to create (and addsuborder): the number taken, its print data and every number of the parcel. */
    public record Created(String ewaybillOrderId, String waybillId, String printInfo, List<WaybillNumber> waybillIdList,
                          Optional<OrderRisk> risk) {
    }

    /** An e-waybill as order/get shows it; {@code waybillId} empty until a number is taken. */
    public record Ewaybill(String ewaybillOrderId, String deliveryId, String waybillId, int status, List<String> ecOrderIds) {

        /** A number was taken for it and not cancelled: the parcel exists at the carrier. */
        public boolean taken() {
            return status == EWAYBILL_TAKEN && !waybillId.isEmpty();
        }
    }

    /** A business refusal of an e-waybill call: retrying the same request cannot fix it. */
    public static class Refused extends PlatformError {

        Refused(PlatformError e) {
            super(e.errcode(), e.errmsg(), e.answer());
        }

        /** The carrier's reason beside {@link #TAKE_FAILED} (may be empty, as on the platform). */
        public String deliveryErrorMsg() {
            return answer().path("delivery_error_msg").asText("");
        }

        /** The held orders beside {@link #RISK_HOLD}. */
        public Optional<OrderRisk> risk() {
            return EwaybillApi.risk(answer().path("order_risk_info"));
        }

        /** This ewaybill_order_id already took a number: settle with {@link #order}, never take another. */
        public boolean exists() {
            return errcode() == EXISTS || (errcode() == TAKE_FAILED && deliveryErrorMsg().contains("电子面单已存在"));
        }
    }

    private final WeChatShopApi api;

    EwaybillApi(WeChatShopApi api) {
        this.api = api;
    }

    /** The shop's accounts with balances (all carriers when {@code deliveryId} is null), to pick one that can take numbers. */
    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public List<Account> accounts(String shopId, String deliveryId) {
        List<Account> accounts = new ArrayList<>();
        int total;
        do {
            Map<String, Object> body = new LinkedHashMap<>();
            if (deliveryId != null) {
                body.put("delivery_id", deliveryId);
            }
            body.put("need_balance", true);
            body.put("offset", accounts.size());
            body.put("limit", ACCOUNT_PAGE);
            JsonNode page = call(shopId, "account/get", body);
            total = page.path("total_num").asInt();
            int before = accounts.size();
            page.path("account_list").forEach(a -> accounts.add(account(a)));
            if (accounts.size() == before) {
                break;
            }
        } while (accounts.size() < total);
        return List.copyOf(accounts);
    }

    /** Carriers the shop opened for e-waybills: the only ones create will accept. */
    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public List<Carrier> carriers(String shopId) {
        List<Carrier> carriers = new ArrayList<>();
        call(shopId, "delivery/get", Map.of()).path("list").forEach(c ->
                carriers.add(new Carrier(c.path("delivery_id").asText(), c.path("delivery_name").asText(""))));
        return List.copyOf(carriers);
    }

    /**
     * Checks the order and gets a fresh ewaybill_order_id. Every call allocates a new id, so the caller stores the
     * id before creating and never precreates again for a parcel that has one.
     */
    public String precreate(String shopId, EwaybillOrder order) {
        return call(shopId, "order/precreate", order.body()).path("ewaybill_order_id").asText();
    }

    /**
     * 取号: takes a tracking number for {@code ewaybillOrderId}. A timeout means the number may be taken: settle with
     * {@link #order} before anything else; a second create of a taken id is refused ({@link Refused#exists()}).
     */
    public Created create(String shopId, String ewaybillOrderId, String templateId, EwaybillOrder order) {
        Map<String, Object> body = order.body();
        body.put("ewaybill_order_id", ewaybillOrderId);
        body.put("template_id", templateId);
        return created(call(shopId, "order/create", body));
    }

    /**
     * 子母件: {@code count} more packages under a taken number (SF, DBKD, JD, SXJD, 韵达快运 only; others
     * {@link #BAD_DELIVERY_ID}). Not idempotent: a repeat adds more packages.
     */
    public Created addSubOrders(String shopId, String ewaybillOrderId, String waybillId, String deliveryId,
                                String ewaybillAcctId, int count, String templateId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ewaybill_order_id", ewaybillOrderId);
        body.put("waybill_id", waybillId);
        body.put("delivery_id", deliveryId);
        body.put("ewaybill_acct_id", ewaybillAcctId);
        body.put("add_package_quantity", count);
        body.put("template_id", templateId);
        return created(call(shopId, "order/addsuborder", body));
    }

    /** Gives a taken number back to the account. A repeat after success answers {@link #NOT_FOUND}: treat that as done. */
    public void cancel(String shopId, String ewaybillOrderId, String deliveryId, String waybillId) {
        call(shopId, "order/cancel", Map.of("ewaybill_order_id", ewaybillOrderId, "delivery_id", deliveryId,
                "waybill_id", waybillId));
    }

    /**
     * Settles a create whose outcome is unknown: the e-waybill as the platform holds it, empty when it never heard
     * of the id (then no number was taken for it).
     */
    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public Optional<Ewaybill> order(String shopId, String ewaybillOrderId) {
        JsonNode info;
        try {
            info = call(shopId, "order/get", Map.of("ewaybill_order_id", ewaybillOrderId)).path("order_info");
        } catch (Refused e) {
            if (e.errcode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        List<String> ecOrderIds = new ArrayList<>();
        info.path("ec_order_list").forEach(o -> ecOrderIds.add(o.path("ec_order_id").asText()));
        return Optional.of(new Ewaybill(info.path("ewaybill_order_id").asText(), info.path("delivery_id").asText(),
                info.path("waybill_id").asText(""), info.path("status").asInt(), List.copyOf(ecOrderIds)));
    }

    /**
     * The print data (print_info) the print component needs, again (补打) or for a 子单; {@code templateId} and
     * {@code subWaybillId} may be null.
     */
    @Retry(retryOn = PlatformError.Unavailable.class, maxRetries = 3, delay = 300, jitter = 200)
    public String printInfo(String shopId, String ewaybillOrderId, String templateId, String subWaybillId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ewaybill_order_id", ewaybillOrderId);
        if (templateId != null) {
            body.put("template_id", templateId);
        }
        if (subWaybillId != null) {
            body.put("sub_waybill_id", subWaybillId);
        }
        return call(shopId, "print/get", body).path("print_info").asText();
    }

    /**
     * Tells the platform a label came out of the printer (re_print 0 首次, 1 补打). It does not ship the order.
     * Not retried: the platform records each notice.
     */
    public void printed(String shopId, String ewaybillOrderId, String deliveryId, String waybillId, boolean reprint) {
        call(shopId, "order/print", Map.of("ewaybill_order_id", ewaybillOrderId, "delivery_id", deliveryId,
                "waybill_id", waybillId, "re_print", reprint ? 1 : 0));
    }

    private JsonNode call(String shopId, String api, Object body) {
        try {
            return this.api.call(shopId, PATH + api, body);
        } catch (PlatformError.Unavailable e) {
            throw e;
        } catch (PlatformError e) {
            // Our own "no account" and a token refused twice are set-up problems, not refusals of this request.
            if (e.errcode() == PlatformError.NO_ACCOUNT || e.errcode() == PlatformError.INVALID_TOKEN
                    || e.errcode() == PlatformError.TOKEN_EXPIRED) {
                throw e;
            }
            throw new Refused(e);
        }
    }

    private static Created created(JsonNode answer) {
        List<WaybillNumber> numbers = new ArrayList<>();
        answer.path("waybill_id_list").forEach(w -> numbers.add(new WaybillNumber(w.path("waybill_type").asInt(),
                w.path("waybill_id").asText(), w.path("create_time").asLong())));
        return new Created(answer.path("ewaybill_order_id").asText(), answer.path("waybill_id").asText(),
                answer.path("print_info").asText(""), List.copyOf(numbers), risk(answer.path("order_risk_info")));
    }

    /**
     * A platform id as the e-waybill APIs' own examples send it: a JSON number, written exactly (a BigInteger, as
     * order ids pass 2^53). An id that is not decimal is sent as given, for the platform to refuse.
     */
    private static Object number(String id) {
        return id.matches("[0-9]{1,20}") ? new BigInteger(id) : id;
    }

    /** order_risk_info is an object in the reference and an (often empty) array in answers seen in the wild. */
    static Optional<OrderRisk> risk(JsonNode info) {
        JsonNode risk = info.isArray() ? info.path(0) : info;
        if (!risk.isObject()) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        risk.path("risk_ec_order_info").forEach(o -> ids.add(o.isObject() ? o.path("ec_order_id").asText() : o.asText()));
        return Optional.of(new OrderRisk(risk.path("risk_msg").asText(""), List.copyOf(ids)));
    }

    private static Account account(JsonNode a) {
        JsonNode s = a.path("site_info");
        Site site = s.isObject() && !s.path("site_code").asText("").isEmpty()
                ? new Site(s.path("site_code").asText(), s.path("site_name").asText(""), s.path("site_status").asInt(),
                        s.path("address").path("province_name").asText(""), s.path("address").path("city_name").asText(""),
                        s.path("address").path("district_name").asText(""), s.path("address").path("street_name").asText(""),
                        s.path("address").path("detail_address").asText(""), s.path("contact").path("name").asText(""),
                        s.path("contact").path("mobile").asText(""))
                : null;
        List<Address> senders = new ArrayList<>();
        a.path("sender_address").forEach(x -> senders.add(new Address(x.path("name").asText(""), x.path("mobile").asText(""),
                x.path("province").asText(""), x.path("city").asText(""), x.path("county").asText(""),
                x.path("street").asText(""), x.path("address").asText(""))));
        return new Account(a.path("delivery_id").asText(), a.path("acct_id").asText(), a.path("shop_id").asText(""),
                a.path("acct_type").asInt(), a.path("company_type").asInt(), a.path("status").asInt(),
                a.path("available").asLong(), a.path("allocated").asLong(), a.path("recycled").asLong(),
                a.path("cancel").asLong(), site, a.path("monthly_card").asText(""), List.copyOf(senders));
    }
}
