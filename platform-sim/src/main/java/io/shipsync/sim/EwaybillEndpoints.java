package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.sim.PlatformState.Ewaybill;
import io.shipsync.sim.WeChatApi.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /channels/ec/logistics/ewaybill/biz/…} (电子面单, reference §1.5): precreate (a new id on every call,
 * so callers must not repeat it blindly), create (取号: a tracking number in the carrier's format), cancel and
 * print/get. Taking a number does not ship the order; that stays {@code order/delivery/send}.
 */
final class EwaybillEndpoints {

    private final PlatformState state;

    EwaybillEndpoints(PlatformState state) {
        this.state = state;
    }

    ObjectNode precreate(Request request) {
        Body body = request.body();
        requireParties(body);
        Ewaybill ewaybill = state.precreateEwaybill(request.shop(), body.text("delivery_id"), ecOrderIds(body));
        return Json.object().put("ewaybill_order_id", ewaybill.id);
    }

    ObjectNode create(Request request) {
        Body body = request.body();
        String id = ewaybillOrderId(body);
        String templateId = body.text("template_id");
        if (templateId == null || templateId.isBlank()) {
            throw ApiError.of(ApiError.EWAYBILL_TEMPLATE);
        }
        requireParties(body);
        ObjectNode printData = Json.object();
        printData.set("sender", body.node("sender"));
        printData.set("receiver", body.node("receiver"));
        Ewaybill ewaybill;
        synchronized (state) {
            ewaybill = state.createEwaybill(request.shop(), id, body.text("delivery_id"), templateId,
                    ecOrderIds(body), printData);
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
        return reply;
    }

    ObjectNode cancel(Request request) {
        Body body = request.body();
        state.cancelEwaybill(request.shop(), ewaybillOrderId(body), body.text("delivery_id"), body.text("waybill_id"));
        return Json.object();
    }

    ObjectNode printInfo(Request request) {
        String printInfo;
        synchronized (state) {
            printInfo = state.takenEwaybill(request.shop(), ewaybillOrderId(request.body())).printInfo;
        }
        return Json.object().put("print_info", printInfo);
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

    private static void requireParties(Body body) {
        for (String party : List.of("sender", "receiver")) {
            JsonNode node = body.node(party);
            if (!node.isObject() || node.path("name").asText("").isEmpty()) {
                throw ApiError.dataFormat(party + " with a name is required");
            }
        }
    }

    /** {@code ec_order_list[].ec_order_id}: the platform order ids, accepted as strings or integral numbers. */
    private static List<String> ecOrderIds(Body body) {
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
