package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.sim.PlatformState.Ewaybill;
import io.shipsync.sim.PlatformState.Parcel;
import io.shipsync.sim.PlatformState.Shop;
import io.shipsync.sim.PlatformState.SubWaybill;
import io.shipsync.sim.WeChatApi.Request;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /channels/ec/logistics/ewaybill/biz/…} (电子面单, reference §1.5): the shop's accounts and opened
 * carriers, precreate (a new id on every call, so callers must not repeat it blindly), create (取号: a number
 * in the carrier's format, from the account's balance), 子母件, cancel, order/get (settles an unknown create),
 * print data and the print notice. Taking a number does not ship the order; that stays
 * {@code order/delivery/send}.
 */
final class EwaybillEndpoints {

    /** order/get status (ShipSync's values, the reference lists none): 0 预取号, 1 已取号, 2 已取消. */
    private static final List<String> STATUSES = List.of("PRECREATED", "CREATED", "CANCELLED");

    private final PlatformState state;

    EwaybillEndpoints(PlatformState state) {
        this.state = state;
    }

    /** account/get {need_balance, limit, offset?, delivery_id?, status?, acct_id?}. */
    ObjectNode accounts(Request request) {
        Body body = request.body();
        JsonNode needBalance = body.node("need_balance");
        Long limit = body.integer("limit");
        Long offset = body.node("offset").isMissingNode() ? Long.valueOf(0) : body.integer("offset");
        if (!needBalance.isBoolean() || limit == null || limit < 1 || offset == null || offset < 0) {
            throw ApiError.dataFormat("need_balance (boolean) and limit (≥ 1) are required, offset ≥ 0");
        }
        String deliveryId = body.text("delivery_id");
        Long status = body.integer("status");
        String acctId = body.text("acct_id");
        Shop shop = request.shop();
        List<EwaybillAccountView> matching = state.accountsForApi(shop).stream()
                .filter(a -> deliveryId == null || a.deliveryId().equals(deliveryId))
                .filter(a -> status == null || a.status() == status)
                .filter(a -> acctId == null || a.acctId().equals(acctId))
                .toList();
        ObjectNode reply = Json.object().put("total_num", matching.size());
        ArrayNode list = reply.putArray("account_list");
        matching.stream().skip(offset).limit(limit).forEach(a -> {
            ObjectNode node = list.addObject()
                    .put("delivery_id", a.deliveryId())
                    .put("acct_type", 0)
                    .put("company_type", a.companyType())
                    .put("shop_id", state.ewaybillShopId(shop))
                    .put("acct_id", a.acctId())
                    .put("status", a.status());
            if (needBalance.asBoolean()) {
                node.put("available", a.available()).put("allocated", a.allocated())
                        .put("recycled", a.cancelled()).put("cancel", a.cancelled());
            }
            if (a.siteCode() != null) {
                ObjectNode site = node.putObject("site_info")
                        .put("delivery_id", a.deliveryId())
                        .put("site_code", a.siteCode())
                        .put("site_name", a.siteName())
                        .put("site_status", 1)
                        .put("site_fullname", a.siteName());
                site.putObject("address").put("province_name", "浙江省").put("city_name", "杭州市")
                        .put("district_name", "余杭区").put("street_name", "仓前街道").put("detail_address", "文一西路 1 号");
                site.putObject("contact").put("name", "网点客服").put("mobile", "13900000000").put("phone", "");
            }
            if (a.monthlyCard() != null) {
                node.put("monthly_card", a.monthlyCard());
            }
            node.set("sender_address", Json.tree(a.senderAddresses()));
        });
        return reply;
    }

    /** delivery/get {delivery_id?, status?}: carriers with at least one account (of that status). */
    ObjectNode carriers(Request request) {
        String deliveryId = request.body().text("delivery_id");
        Long status = request.body().integer("status");
        Set<String> opened = new LinkedHashSet<>();
        state.accountsForApi(request.shop()).stream()
                .filter(a -> status == null || a.status() == status)
                .filter(a -> deliveryId == null || a.deliveryId().equals(deliveryId))
                .forEach(a -> opened.add(a.deliveryId()));
        ObjectNode reply = Json.object().put("shop_id", state.ewaybillShopId(request.shop()));
        ArrayNode list = reply.putArray("list");
        opened.forEach(id -> list.addObject().put("delivery_id", id).put("delivery_name", DeliveryCompanies.name(id)));
        return reply;
    }

    ObjectNode precreate(Request request) {
        Ewaybill ewaybill = state.precreateEwaybill(request.shop(), parcel(request.body()));
        return Json.object().put("ewaybill_order_id", ewaybill.id);
    }

    ObjectNode create(Request request) {
        Body body = request.body();
        String id = ewaybillOrderId(body);
        String templateId = body.text("template_id");
        if (templateId == null || templateId.isBlank()) {
            throw ApiError.of(ApiError.EWAYBILL_TEMPLATE);
        }
        Parcel parcel = parcel(body);
        Ewaybill ewaybill;
        ObjectNode risk;
        synchronized (state) {
            ewaybill = state.createEwaybill(request.shop(), id, templateId, parcel);
            risk = state.riskInfo(request.shop(), parcel.ecOrderIds());
        }
        ObjectNode reply = Json.object()
                .put("ewaybill_order_id", ewaybill.id)
                .put("waybill_id", ewaybill.waybillId)
                .put("delivery_error_msg", "")
                .put("print_info", ewaybill.printInfo);
        reply.putArray("waybill_id_list").addObject()
                .put("waybill_type", 1)
                .put("waybill_id", ewaybill.waybillId)
                .put("create_time", ewaybill.createTime);
        if (risk != null) {
            reply.set("order_risk_info", risk);
        }
        return reply;
    }

    /** addsuborder: the new 子单 in waybill_id_list (waybill_type 2), print_info of the first. */
    ObjectNode addSubOrder(Request request) {
        Body body = request.body();
        String id = ewaybillOrderId(body);
        Long count = body.integer("add_package_quantity");
        if (count == null) {
            throw ApiError.dataFormat("add_package_quantity is required");
        }
        List<SubWaybill> added = state.addSubWaybills(request.shop(), id, body.text("waybill_id"),
                body.text("delivery_id"), body.text("ewaybill_acct_id"), count.intValue());
        ObjectNode reply = Json.object()
                .put("ewaybill_order_id", id)
                .put("waybill_id", body.text("waybill_id"))
                .put("delivery_error_msg", "")
                .put("print_info", added.get(0).printInfo());
        ArrayNode list = reply.putArray("waybill_id_list");
        added.forEach(sub -> list.addObject().put("waybill_type", 2).put("waybill_id", sub.waybillId())
                .put("create_time", sub.createTime()));
        return reply;
    }

    ObjectNode cancel(Request request) {
        Body body = request.body();
        state.cancelEwaybill(request.shop(), ewaybillOrderId(body), body.text("delivery_id"), body.text("waybill_id"));
        return Json.object();
    }

    /** order/get: the e-waybill whatever its status; {@code waybill_id} empty until a number is taken. */
    ObjectNode order(Request request) {
        String id = ewaybillOrderId(request.body());
        ObjectNode reply = Json.object();
        synchronized (state) {
            Ewaybill e = state.ewaybillForApi(request.shop(), id);
            ObjectNode info = reply.putObject("order_info")
                    .put("ewaybill_order_id", e.id)
                    .put("delivery_id", e.deliveryId)
                    .put("waybill_id", e.waybillId == null ? "" : e.waybillId)
                    .put("site_code", e.siteCode == null ? "" : e.siteCode)
                    .put("shop_id", state.ewaybillShopId(request.shop()))
                    .put("ewaybill_acct_id", e.acctId)
                    .put("remark", e.remark == null ? "" : e.remark)
                    .put("status", STATUSES.indexOf(e.status));
            info.set("sender", e.sender);
            info.set("receiver", e.receiver);
            info.set("ec_order_list", e.ecOrderList);
            info.putArray("path_info");
        }
        return reply;
    }

    ObjectNode printInfo(Request request) {
        Body body = request.body();
        return Json.object().put("print_info",
                state.printInfoFor(request.shop(), ewaybillOrderId(body), body.text("sub_waybill_id")));
    }

    /** order/print {ewaybill_order_id, delivery_id, waybill_id, re_print}: 打印成功通知. */
    ObjectNode printed(Request request) {
        Body body = request.body();
        Long rePrint = body.integer("re_print");
        if (rePrint == null) {
            throw ApiError.dataFormat("re_print is required");
        }
        state.notifyPrinted(request.shop(), ewaybillOrderId(body), body.text("delivery_id"), body.text("waybill_id"),
                rePrint.intValue());
        return Json.object();
    }

    /** A Uint64 carried as a string; a JSON number is refused with 10025020, as on the platform. */
    private static String ewaybillOrderId(Body body) {
        String id = body.text("ewaybill_order_id");
        if (id == null) {
            throw ApiError.of(ApiError.EWAYBILL_ORDER_ID_FORMAT);
        }
        try {
            Long.parseUnsignedLong(id);
        } catch (NumberFormatException e) {
            throw ApiError.of(ApiError.EWAYBILL_ORDER_ID_FORMAT);
        }
        return id;
    }

    private static Parcel parcel(Body body) {
        for (String party : List.of("sender", "receiver")) {
            JsonNode node = body.node(party);
            if (!node.isObject() || node.path("name").asText("").isEmpty()) {
                throw ApiError.dataFormat(party + " with a name is required");
            }
        }
        return new Parcel(body.text("delivery_id"), body.text("ewaybill_acct_id"), body.text("site_code"),
                body.node("sender"), body.node("receiver"), body.node("ec_order_list"), ecOrderIds(body),
                body.text("remark"));
    }

    /** {@code ec_order_list[].ec_order_id}: the platform order ids, accepted as strings or integral numbers. */
    static List<String> ecOrderIds(Body body) {
        JsonNode list = body.node("ec_order_list");
        if (!list.isArray()) {
            throw ApiError.dataFormat("ec_order_list must be an array");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : list) {
            JsonNode id = entry.path("ec_order_id");
            if (id.isTextual() && !id.asText().isEmpty()) {
                ids.add(id.asText());
            } else if (id.isIntegralNumber()) {
                ids.add(id.bigIntegerValue().toString());
            } else {
                throw ApiError.dataFormat("ec_order_list[].ec_order_id is required");
            }
        }
        return List.copyOf(ids);
    }
}
