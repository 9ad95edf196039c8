package io.shipsync.trackingfeed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.trackingfeed.FeedPush.PushStatus;
import io.shipsync.trackingfeed.SubscribeAnswer.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 快递鸟 (kdniao): every call is a form POST of RequestData (JSON), EBusinessID, RequestType,
 * DataSign = Base64(hex(MD5(RequestData + AppKey))) and DataType=2. Subscriptions are RequestType 1008 at
 * {@code /api/dist}, realtime queries 8001 and recognition 2002 at {@code /Ebusiness/EbusinessOrderHandle.aspx};
 * pushes are RequestType 101 and may carry several numbers.
 *
 * <p>Verified only against secondary sources (open-source clients), see the module README: the answers' refusal
 * reasons, the push reply and where the push URL is set. Refusals are told apart by their Reason text.
 */
@ApplicationScoped
public class KdniaoFeed implements TrackingFeed {

    public static final String PROVIDER = "kdniao";

    private static final Logger LOG = Logger.getLogger(KdniaoFeed.class);
    private static final String SUBSCRIBE = "1008";
    private static final String QUERY = "8001";
    private static final String RECOGNIZE = "2002";
    private static final String PUSH = "101";
    private static final String ORDER_HANDLE = "/Ebusiness/EbusinessOrderHandle.aspx";

    private final TrackingFeedConfig config;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final FeedHttp http;

    @Inject
    public KdniaoFeed(TrackingFeedConfig config) {
        this(config, Clock.systemUTC());
    }

    KdniaoFeed(TrackingFeedConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = new FeedHttp(PROVIDER, config.timeout(), mapper,
                Settings.secrets(config.kdniao().appKey()));
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /**
     * {@inheritDoc}
     *
     * <p>快递鸟 takes the push URL from its merchant console, not from the subscription, so callback-url is not sent.
     * A carrier it has no ShipperCode for is recognised first (2002); a number it does not recognise is refused.
     *
     * @throws IllegalStateException when kdniao.business-id or kdniao.app-key is not set
     */
    @Override
    public SubscribeAnswer subscribe(Subscription subscription) {
        Optional<String> shipper = shipperCode(subscription.deliveryId(), subscription.trackingNumber());
        if (shipper.isEmpty()) {
            return new SubscribeAnswer(Outcome.NUMBER_REFUSED, RECOGNIZE, "快递鸟 recognises no carrier for the number");
        }
        JsonNode answer = call("subscribe", "/api/dist", SUBSCRIBE,
                numberRequest(shipper.get(), subscription.trackingNumber(), subscription.phoneTail()));
        boolean success = Json.flag(answer, "Success");
        String reason = reason(answer);
        String code = Optional.ofNullable(Json.text(answer, "ResultCode")).orElse(String.valueOf(success));
        LOG.debugf("kdniao subscribe %s %s: %s %s", subscription.deliveryId(), subscription.trackingNumber(), code, reason);
        if (success) {
            return new SubscribeAnswer(Outcome.SUBSCRIBED, code, reason);
        }
        Outcome refusal = refusal(reason)
                .orElseThrow(() -> new FeedUnavailable("kdniao subscribe: answered " + code + " " + reason));
        return new SubscribeAnswer(refusal, code, reason);
    }

    /**
     * What a Reason says, read by its words as 快递鸟 has no documented refusal codes: already subscribed, our
     * account (signature, merchant id, plan), or the number or carrier. Empty for anything else, which is retried.
     */
    static Optional<Outcome> refusal(String reason) {
        if (containsAny(reason, "重复", "已订阅")) {
            return Optional.of(Outcome.ALREADY_SUBSCRIBED);
        }
        if (containsAny(reason, "签名", "DataSign", "EBusinessID", "商户", "用户", "鉴权", "AppKey", "未开通", "权限", "套餐",
                "余额")) {
            return Optional.of(Outcome.KEY_REFUSED);
        }
        if (containsAny(reason, "单号", "快递公司", "ShipperCode", "LogisticCode", "编码", "不支持")) {
            return Optional.of(Outcome.NUMBER_REFUSED);
        }
        return Optional.empty();
    }

    private static boolean containsAny(String text, String... words) {
        for (String word : words) {
            if (text.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The form's DataSign must be Base64(hex(MD5(RequestData + AppKey))); a DataSign URL-encoded once more (as
     * some senders encode it twice) is accepted too. It is checked before RequestData is read as JSON. A push of
     * another RequestType than 101 is not a tracking push and is refused.
     */
    @Override
    public String verifiedPayload(Map<String, String> form) {
        String requestData = form == null ? null : form.get("RequestData");
        String dataSign = form == null ? null : form.get("DataSign");
        if (Json.blank(requestData)) {
            throw new PushRefused("kdniao push without RequestData");
        }
        if (Json.blank(dataSign)) {
            throw new PushRefused("kdniao push without DataSign");
        }
        String appKey = config.kdniao().appKey().filter(k -> !k.isBlank()).orElseThrow(() -> new PushRefused(
                "kdniao push cannot be verified: " + Settings.PREFIX + "kdniao.app-key is not set"));
        String expected = dataSign(requestData, appKey);
        // Both comparisons always run, so the time taken says nothing about which form nearly matched.
        boolean signed = Md5.sameSignature(expected, dataSign) | Md5.sameSignature(expected, urlDecoded(dataSign));
        if (!signed) {
            throw new PushRefused("kdniao push signature does not match");
        }
        String requestType = form.get("RequestType");
        if (requestType != null && !PUSH.equals(requestType.trim())) {
            throw new PushRefused("kdniao push of RequestType " + requestType.trim() + " is not a tracking push (101)");
        }
        return requestData;
    }

    /** Base64(lowercase hex(MD5(requestData + appKey))), before the form's URL encoding. */
    static String dataSign(String requestData, String appKey) {
        String hex = Md5.lowerHex(requestData + appKey);
        return Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.UTF_8));
    }

    private static String urlDecoded(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** The first number of the push; {@link #parsePushes} reads them all. */
    @Override
    public FeedPush parsePush(String payload) {
        List<FeedPush> pushes = parsePushes(payload);
        if (pushes.isEmpty()) {
            throw new PushRefused("kdniao push carries no number");
        }
        return pushes.get(0);
    }

    /** {@inheritDoc} One FeedPush per Data item, in the push's order. */
    @Override
    public List<FeedPush> parsePushes(String payload) {
        JsonNode root;
        try {
            root = payload == null ? null : mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new PushRefused("kdniao push RequestData is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new PushRefused("kdniao push RequestData is not a JSON object");
        }
        JsonNode data = root.path("Data");
        if (!data.isArray()) {
            throw new PushRefused("kdniao push without Data");
        }
        List<FeedPush> pushes = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            String number = Json.text(item, "LogisticCode");
            if (number == null) {
                throw new PushRefused("kdniao push Data " + i + " without LogisticCode");
            }
            pushes.add(history(pushStatus(item), number, item));
        }
        return pushes;
    }

    /**
     * SHUTDOWN once signed for (State 3, or 406 退货签收), as 快递鸟 then stops watching; POLLING otherwise. 快递鸟
     * has no abort signal that is known.
     */
    private static PushStatus pushStatus(JsonNode item) {
        String state = Json.text(item, "State");
        String stateEx = Json.text(item, "StateEx");
        return "3".equals(state) || "406".equals(stateEx) ? PushStatus.SHUTDOWN : PushStatus.POLLING;
    }

    /** A push's Data item or a query answer: the number's Traces, oldest first, turned newest first. */
    private static FeedPush history(PushStatus status, String number, JsonNode item) {
        String state = Json.text(item, "State");
        String stateEx = Json.text(item, "StateEx");
        JsonNode traces = item.path("Traces");
        List<FeedEntry> entries = new ArrayList<>();
        for (int i = traces.size() - 1; i >= 0; i--) {
            entries.add(entry(i, traces.get(i), state, stateEx));
        }
        String deliveryId = KdniaoCarriers.deliveryId(Json.text(item, "ShipperCode")).orElse("OTHER");
        return new FeedPush(status, Json.text(item, "Reason"), number, deliveryId, Optional.empty(),
                "3".equals(state), entries);
    }

    /** One trace. Its state is its Action; a trace without one takes the number's state, the best the feed gave. */
    private static FeedEntry entry(int index, JsonNode trace, String state, String stateEx) {
        Instant at = ShanghaiTime.parse(Json.text(trace, "AcceptTime"));
        if (at == null) {
            throw new PushRefused("kdniao trace " + index + " has no readable AcceptTime");
        }
        String action = Json.text(trace, "Action");
        String rawState = action != null ? action.trim() : KdniaoStates.rawCode(state, stateEx);
        NormalisedState normalised = action != null ? KdniaoStates.of(null, action) : KdniaoStates.of(state, stateEx);
        String location = Json.text(trace, "Location");
        return new FeedEntry(at, Optional.ofNullable(Json.text(trace, "AcceptStation")).orElse(""), rawState,
                normalised.state(), normalised.exceptionReason(), location, Areas.city(location));
    }

    /** {"EBusinessID":…,"UpdateTime":"yyyy-MM-dd HH:mm:ss","Success":true,"Reason":""}, the time in China. */
    @Override
    public PushReply acknowledgement() {
        ObjectNode reply = mapper.createObjectNode();
        reply.put("EBusinessID", config.kdniao().businessId().orElse(""));
        reply.put("UpdateTime", ShanghaiTime.format(clock.instant()));
        reply.put("Success", true);
        reply.put("Reason", "");
        return new PushReply("application/json;charset=UTF-8", write(reply));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when kdniao.business-id or kdniao.app-key is not set
     */
    @Override
    public Optional<FeedPush> query(String deliveryId, String trackingNumber, String phoneTail) {
        Optional<String> shipper = shipperCode(deliveryId, trackingNumber);
        if (shipper.isEmpty()) {
            return Optional.empty();
        }
        JsonNode answer = call("query", ORDER_HANDLE, QUERY, numberRequest(shipper.get(), trackingNumber, phoneTail));
        String reason = reason(answer);
        if (Json.flag(answer, "Success")) {
            if (answer.path("Traces").size() == 0) {
                return Optional.empty();
            }
            String number = Optional.ofNullable(Json.text(answer, "LogisticCode")).orElse(trackingNumber);
            return Optional.of(history(PushStatus.POLLING, number, answer));
        }
        if (reason.contains("无轨迹")) {
            return Optional.empty();
        }
        if (containsAny(reason, "频繁", "频率", "繁忙")) {
            throw new FeedUnavailable("kdniao query: asked us to slow down (" + reason + ")");
        }
        Optional<Outcome> refusal = refusal(reason).filter(o -> o != Outcome.ALREADY_SUBSCRIBED);
        if (refusal.isPresent()) {
            throw new FeedRefusal(refusal.get(), Optional.ofNullable(Json.text(answer, "ResultCode")).orElse(QUERY),
                    "kdniao refused the query: " + reason);
        }
        throw new FeedUnavailable("kdniao query: answered " + reason);
    }

    /** {@inheritDoc} ShipperCodes ShipSync does not map are left out. */
    @Override
    public List<String> recognize(String trackingNumber) {
        List<String> deliveryIds = new ArrayList<>();
        for (String code : recognizedShipperCodes(trackingNumber)) {
            KdniaoCarriers.deliveryId(code).filter(id -> !deliveryIds.contains(id)).ifPresent(deliveryIds::add);
        }
        return deliveryIds;
    }

    /** The delivery id's ShipperCode, or for a carrier without one the code 快递鸟 recognises first. */
    private Optional<String> shipperCode(String deliveryId, String trackingNumber) {
        return KdniaoCarriers.shipperCode(deliveryId).or(() -> recognizedShipperCodes(trackingNumber).stream().findFirst());
    }

    private List<String> recognizedShipperCodes(String trackingNumber) {
        ObjectNode request = mapper.createObjectNode();
        request.put("LogisticCode", trackingNumber);
        JsonNode answer = call("recognize", ORDER_HANDLE, RECOGNIZE, request);
        List<String> codes = new ArrayList<>();
        if (!Json.flag(answer, "Success")) {
            // A refusal (a bad account, a malformed number) recognises nothing; the caller falls back on the
            // number's format.
            LOG.debugf("kdniao recognize %s: %s", trackingNumber, reason(answer));
            return codes;
        }
        for (JsonNode shipper : answer.path("Shippers")) {
            String code = Json.text(shipper, "ShipperCode");
            if (code != null) {
                codes.add(code.trim());
            }
        }
        return codes;
    }

    /** ShipperCode and LogisticCode; 顺丰 also wants the receiver's phone tail as CustomerName. */
    private ObjectNode numberRequest(String shipperCode, String trackingNumber, String phoneTail) {
        ObjectNode request = mapper.createObjectNode();
        request.put("ShipperCode", shipperCode);
        request.put("LogisticCode", trackingNumber);
        if ("SF".equals(shipperCode) && !Json.blank(phoneTail)) {
            request.put("CustomerName", phoneTail);
        }
        return request;
    }

    private JsonNode call(String what, String path, String requestType, ObjectNode requestData) {
        String businessId = Settings.required(config.kdniao().businessId(), "kdniao.business-id", "to call 快递鸟");
        String appKey = Settings.required(config.kdniao().appKey(), "kdniao.app-key", "to call 快递鸟");
        String data = write(requestData);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("RequestData", data);
        form.put("EBusinessID", businessId);
        form.put("RequestType", requestType);
        form.put("DataSign", dataSign(data, appKey));
        form.put("DataType", "2");
        return http.postForm(what, Settings.base(config.kdniao().url()) + path, form);
    }

    private String reason(JsonNode answer) {
        return http.scrub(Optional.ofNullable(Json.text(answer, "Reason")).orElse(""));
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always writes", e);
        }
    }
}
