package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.sim.WeChatApi.Request;

/** {@code /channels/ec/commkf/…}: 商家客服, the merchant's customer service writing to a buyer. Text messages only. */
final class KfEndpoints {

    static final String TEXT = "text";

    private final PlatformState state;

    KfEndpoints(PlatformState state) {
        this.state = state;
    }

    /**
     * {@code sendmsg {request_id?, open_id, msg_type, text{content}}} → {@code msg_id}. The open_id must be a buyer of
     * one of the shop's orders (40003 otherwise); a request_id seen before sends nothing and answers the first msg_id.
     */
    ObjectNode sendMsg(Request request) {
        Body body = request.body();
        JsonNode requestId = body.node("request_id");
        if (!requestId.isMissingNode() && !requestId.isTextual()) {
            throw ApiError.dataFormat("request_id must be a string");
        }
        String openId = body.requireText("open_id");
        String msgType = body.requireText("msg_type");
        if (!msgType.equals(TEXT)) {
            throw ApiError.dataFormat("platform-sim plays msg_type text only, not " + msgType);
        }
        JsonNode content = body.node("text").path("content");
        if (!content.isTextual() || content.asText().isEmpty()) {
            throw ApiError.dataFormat("text.content must be a non-empty string");
        }
        KfMessage sent = state.sendKfMessage(request.shop(), requestId.isTextual() ? requestId.asText() : null, openId,
                msgType, content.asText(), request.raw());
        return Json.object().put("msg_id", sent.msgId());
    }
}
