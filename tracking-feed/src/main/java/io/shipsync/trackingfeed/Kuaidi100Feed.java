package io.shipsync.trackingfeed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.carriers.Carrier;
import io.shipsync.carriers.CarrierCatalog;
import io.shipsync.trackingfeed.FeedPush.CarrierCorrection;
import io.shipsync.trackingfeed.FeedPush.PushStatus;
import io.shipsync.trackingfeed.SubscribeAnswer.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * kuaidi100 (快递100): subscriptions to {@code /poll}, pushes signed {@code UPPER(MD5(param + salt))}, realtime
 * queries to {@code /poll/query.do} and number recognition to {@code /autonumber/auto}. Subscriptions ask for
 * resultv2=4, so each entry carries an advanced statusCode and its area.
 */
@ApplicationScoped
public class Kuaidi100Feed implements TrackingFeed {

    public static final String PROVIDER = "kuaidi100";

    private static final Logger LOG = Logger.getLogger(Kuaidi100Feed.class);
    private static final PushReply ACKNOWLEDGEMENT = new PushReply("application/json;charset=UTF-8",
            "{\"result\":true,\"returnCode\":\"200\",\"message\":\"成功\"}");
    private static final String RESULT_V2 = "4";

    private final TrackingFeedConfig config;
    private final CarrierCatalog carriers = CarrierCatalog.standard();
    private final ObjectMapper mapper = new ObjectMapper();
    private final FeedHttp http;

    @Inject
    public Kuaidi100Feed(TrackingFeedConfig config) {
        this.config = config;
        TrackingFeedConfig.Kuaidi100 kuaidi100 = config.kuaidi100();
        this.http = new FeedHttp(PROVIDER, config.timeout(), mapper,
                Settings.secrets(kuaidi100.key(), kuaidi100.salt(), kuaidi100.customer()));
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A carrier without a kuaidi100 code (OTHER) is sent with an empty company and autoCom=1; kuaidi100 then
     * finds the carrier itself and says so in its pushes (comOld/comNew).
     *
     * @throws IllegalStateException when callback-url, kuaidi100.key or kuaidi100.salt is not set
     */
    @Override
    public SubscribeAnswer subscribe(Subscription subscription) {
        String callbackUrl = Settings.callbackUrl(config, PROVIDER);
        String key = Settings.required(config.kuaidi100().key(), "kuaidi100.key", "to subscribe with kuaidi100");
        String salt = Settings.required(config.kuaidi100().salt(), "kuaidi100.salt",
                "to subscribe with kuaidi100, which signs its pushes with it");
        Optional<Carrier> carrier = carriers.byDeliveryId(subscription.deliveryId());
        Optional<String> company = carrier.flatMap(Carrier::kuaidi100Code);

        ObjectNode param = mapper.createObjectNode();
        param.put("company", company.orElse(""));
        param.put("number", subscription.trackingNumber());
        if (!Json.blank(subscription.destination())) {
            param.put("to", subscription.destination());
        }
        param.put("key", key);
        ObjectNode parameters = param.putObject("parameters");
        parameters.put("callbackurl", callbackUrl);
        parameters.put("salt", salt);
        parameters.put("resultv2", RESULT_V2);
        if (company.isEmpty()) {
            parameters.put("autoCom", "1");
        }
        if (sendsPhone(carrier, subscription.phoneTail())) {
            parameters.put("phone", subscription.phoneTail());
        }

        Map<String, String> form = new LinkedHashMap<>();
        form.put("schema", "json");
        form.put("param", write(param));
        JsonNode answer = http.postForm("subscribe", Settings.base(config.kuaidi100().url()) + "/poll", form);

        String code = Json.text(answer, "returnCode");
        String message = http.scrub(Optional.ofNullable(Json.text(answer, "message")).orElse(""));
        Outcome outcome = subscribeOutcome(code, Json.flag(answer, "result"), message);
        LOG.debugf("kuaidi100 subscribe %s %s: %s %s", subscription.deliveryId(), subscription.trackingNumber(), code, message);
        return new SubscribeAnswer(outcome, code == null ? "200" : code, message);
    }

    private static Outcome subscribeOutcome(String code, boolean result, String message) {
        if (code == null) {
            if (result) {
                return Outcome.SUBSCRIBED;
            }
            throw new FeedUnavailable("kuaidi100 subscribe: answered without a returnCode: " + message);
        }
        switch (code) {
            case "200":
                return Outcome.SUBSCRIBED;
            case "501":
                return Outcome.ALREADY_SUBSCRIBED;
            case "600":
            case "601":
                return Outcome.KEY_REFUSED;
            case "700":
            case "701":
            case "702":
                return Outcome.NUMBER_REFUSED;
            default:
                // 500 is kuaidi100's own failure; a code it does not document is treated alike rather than
                // blamed on the number or the key.
                throw new FeedUnavailable("kuaidi100 subscribe: answered " + code + " " + message);
        }
    }

    /** The phone goes when the carrier needs it, and when the carrier is left to kuaidi100 (it may be 顺丰). */
    private static boolean sendsPhone(Optional<Carrier> carrier, String phoneTail) {
        boolean needed = carrier.map(c -> c.kuaidi100NeedsPhone() || c.kuaidi100Code().isEmpty()).orElse(true);
        return needed && !Json.blank(phoneTail);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The form's {@code sign} must be {@code UPPER(hex(MD5(param + salt)))} over UTF-8; it is checked before
     * {@code param} is read as JSON.
     */
    @Override
    public String verifiedPayload(Map<String, String> form) {
        String param = form == null ? null : form.get("param");
        String sign = form == null ? null : form.get("sign");
        if (Json.blank(param)) {
            throw new PushRefused("kuaidi100 push without param");
        }
        if (Json.blank(sign)) {
            throw new PushRefused("kuaidi100 push without sign");
        }
        String salt = config.kuaidi100().salt().filter(s -> !s.isBlank()).orElseThrow(() -> new PushRefused(
                "kuaidi100 push cannot be verified: " + Settings.PREFIX + "kuaidi100.salt is not set"));
        if (!Md5.sameSignature(pushSign(param, salt), sign)) {
            throw new PushRefused("kuaidi100 push signature does not match");
        }
        return param;
    }

    /** {@code UPPER(hex(MD5(param + salt)))}: how kuaidi100 signs a push. */
    static String pushSign(String param, String salt) {
        return Md5.lowerHex(param + salt).toUpperCase(Locale.ROOT);
    }

    /** {@code UPPER(hex(MD5(param + key + customer)))}: how a realtime query is signed. */
    static String querySign(String param, String key, String customer) {
        return Md5.lowerHex(param + key + customer).toUpperCase(Locale.ROOT);
    }

    /**
     * {@inheritDoc}
     *
     * <p>An unknown {@code status} reads as POLLING: more pushes may come, which is the safe assumption.
     */
    @Override
    public FeedPush parsePush(String payload) {
        JsonNode root;
        try {
            root = payload == null ? null : mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new PushRefused("kuaidi100 push param is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new PushRefused("kuaidi100 push param is not a JSON object");
        }
        JsonNode lastResult = root.path("lastResult");
        if (!lastResult.isObject()) {
            throw new PushRefused("kuaidi100 push without lastResult");
        }
        String number = Json.text(lastResult, "nu");
        if (number == null) {
            throw new PushRefused("kuaidi100 push without lastResult.nu");
        }
        return history(pushStatus(Json.text(root, "status")), Json.text(root, "message"), number, lastResult,
                correction(Json.text(root, "comOld"), Json.text(root, "comNew")));
    }

    private static PushStatus pushStatus(String status) {
        if (status == null) {
            return PushStatus.POLLING;
        }
        switch (status.trim().toLowerCase(Locale.ROOT)) {
            case "shutdown":
                return PushStatus.SHUTDOWN;
            case "abort":
                return PushStatus.ABORT;
            case "updateall":
                return PushStatus.UPDATEALL;
            default:
                return PushStatus.POLLING;
        }
    }

    private Optional<CarrierCorrection> correction(String comOld, String comNew) {
        if (comOld == null || comNew == null || comOld.trim().equalsIgnoreCase(comNew.trim())) {
            return Optional.empty();
        }
        return Optional.of(new CarrierCorrection(deliveryIdOf(comOld), deliveryIdOf(comNew)));
    }

    /** The WeChat delivery id of a kuaidi100 company code; "OTHER" when ShipSync does not catalogue it. */
    private String deliveryIdOf(String kuaidi100Code) {
        if (kuaidi100Code == null) {
            return "OTHER";
        }
        return carriers.byKuaidi100Code(kuaidi100Code.trim().toLowerCase(Locale.ROOT))
                .map(Carrier::deliveryId).orElse("OTHER");
    }

    /** A push's lastResult, or a realtime query answer, which has the same shape. */
    private FeedPush history(PushStatus status, String message, String number, JsonNode result,
                             Optional<CarrierCorrection> correction) {
        String numberState = Json.text(result, "state");
        List<FeedEntry> entries = new ArrayList<>();
        JsonNode data = result.path("data");
        for (int i = 0; i < data.size(); i++) {
            entries.add(entry(i, data.get(i), numberState));
        }
        return new FeedPush(status, message, number, deliveryIdOf(Json.text(result, "com")), correction,
                "1".equals(Json.text(result, "ischeck")), entries);
    }

    /**
     * One data[] item. Its state is its statusCode; without one (a subscription made without resultv2) its status
     * (a basic code or name); without that, the number's state, the best the feed gave.
     */
    private static FeedEntry entry(int index, JsonNode item, String numberState) {
        Instant at = ShanghaiTime.parse(Json.text(item, "time"));
        if (at == null) {
            at = ShanghaiTime.parse(Json.text(item, "ftime"));
        }
        if (at == null) {
            throw new PushRefused("kuaidi100 history entry " + index + " has no readable time");
        }
        String basic = Kuaidi100States.basicCode(Json.text(item, "status"));
        String statusCode = Json.text(item, "statusCode");
        String rawState = statusCode != null ? statusCode.trim() : basic != null ? basic : numberState;
        NormalisedState state = Kuaidi100States.of(rawState, basic);
        String area = Json.text(item, "areaName");
        return new FeedEntry(at, Optional.ofNullable(Json.text(item, "context")).orElse(""), rawState, state.state(),
                state.exceptionReason(), area, Areas.city(area));
    }

    @Override
    public PushReply acknowledgement() {
        return ACKNOWLEDGEMENT;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A carrier without a kuaidi100 code is first recognised; a number nobody recognises has no record.
     *
     * @throws IllegalStateException when kuaidi100.key or kuaidi100.customer is not set
     */
    @Override
    public Optional<FeedPush> query(String deliveryId, String trackingNumber, String phoneTail) {
        String key = Settings.required(config.kuaidi100().key(), "kuaidi100.key", "to query kuaidi100");
        String customer = Settings.required(config.kuaidi100().customer(), "kuaidi100.customer", "to query kuaidi100");
        Optional<Carrier> carrier = carriers.byDeliveryId(deliveryId);
        Optional<String> company = carrier.flatMap(Carrier::kuaidi100Code)
                .or(() -> autonumberCodes(trackingNumber).stream().findFirst());
        if (company.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode param = mapper.createObjectNode();
        param.put("com", company.get());
        param.put("num", trackingNumber);
        if (sendsPhone(carrier, phoneTail)) {
            param.put("phone", phoneTail);
        }
        param.put("resultv2", RESULT_V2);
        String paramJson = write(param);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("customer", customer);
        form.put("sign", querySign(paramJson, key, customer));
        form.put("param", paramJson);
        JsonNode answer = http.postForm("query", Settings.base(config.kuaidi100().url()) + "/poll/query.do", form);

        String message = http.scrub(Optional.ofNullable(Json.text(answer, "message")).orElse(""));
        if (answer.path("data").isArray() && answer.path("data").size() > 0) {
            String number = Optional.ofNullable(Json.text(answer, "nu")).orElse(trackingNumber);
            return Optional.of(history(PushStatus.POLLING, message, number, answer, Optional.empty()));
        }
        String code = Optional.ofNullable(Json.text(answer, "returnCode")).orElse(Json.text(answer, "status"));
        if (message.contains("无结果") || "200".equals(code)) {
            return Optional.empty();
        }
        if ("600".equals(code) || "601".equals(code)) {
            throw new FeedRefusal(Outcome.KEY_REFUSED, code, "kuaidi100 refused our key: " + message);
        }
        if ("700".equals(code) || "701".equals(code) || "702".equals(code)) {
            throw new FeedRefusal(Outcome.NUMBER_REFUSED, code, "kuaidi100 refused the number: " + message);
        }
        if ("503".equals(code) || "429".equals(code) || message.contains("频率")) {
            throw new FeedUnavailable("kuaidi100 query: asked us to slow down (" + code + " " + message + ")");
        }
        throw new FeedUnavailable("kuaidi100 query: answered " + code + " " + message);
    }

    /** {@inheritDoc} Codes ShipSync does not catalogue are left out. */
    @Override
    public List<String> recognize(String trackingNumber) {
        List<String> deliveryIds = new ArrayList<>();
        for (String code : autonumberCodes(trackingNumber)) {
            carriers.byKuaidi100Code(code).map(Carrier::deliveryId)
                    .filter(id -> !deliveryIds.contains(id))
                    .ifPresent(deliveryIds::add);
        }
        return deliveryIds;
    }

    /** kuaidi100's company codes for a number, most likely first, lowercase. */
    private List<String> autonumberCodes(String trackingNumber) {
        String key = Settings.required(config.kuaidi100().key(), "kuaidi100.key", "to recognise numbers with kuaidi100");
        String url = Settings.base(config.kuaidi100().autonumberUrl()) + "/autonumber/auto?num="
                + FeedHttp.encode(trackingNumber) + "&key=" + FeedHttp.encode(key);
        JsonNode answer = http.get("recognize", url);
        List<String> codes = new ArrayList<>();
        if (!answer.isArray()) {
            // An error object (a bad key, a malformed number) recognises nothing; the caller falls back on the
            // number's format.
            LOG.debugf("kuaidi100 recognize %s: %s", trackingNumber, http.scrub(answer.toString()));
            return codes;
        }
        for (JsonNode candidate : answer) {
            String code = Json.text(candidate, "comCode");
            if (code != null) {
                codes.add(code.trim().toLowerCase(Locale.ROOT));
            }
        }
        return codes;
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always writes", e);
        }
    }
}
