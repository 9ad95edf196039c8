package io.shipsync.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.shipsync.sim.PlatformState.Shop;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The WeChat Shop server endpoints ({@code /cgi-bin/…}, {@code /channels/ec/…}): access-token check, fault
 * injection, the call log, and the platform's answer shape {@code {"errcode","errmsg":"… rid: …", …}}. Token
 * endpoints answer {@code {access_token, expires_in}} alone on success, as the platform does.
 */
final class WeChatApi {

    private static final System.Logger LOG = System.getLogger(WeChatApi.class.getName());
    private static final int LOGGED_REQUEST_CHARS = 2000;
    private static final String EWAYBILL = "/channels/ec/logistics/ewaybill/biz/";
    /** The e-waybill calls that change something, logged per e-waybill in {@link EwaybillCall}s. */
    private static final Map<String, String> EWAYBILL_ACTIONS = Map.of(
            EWAYBILL + "order/precreate", "precreate",
            EWAYBILL + "order/create", "create",
            EWAYBILL + "order/addsuborder", "addsuborder",
            EWAYBILL + "order/cancel", "cancel",
            EWAYBILL + "order/print", "print");

    /** One endpoint: its HTTP method, whether it takes {@code ?access_token=}, and its work. */
    private record Endpoint(String method, boolean needsToken, Handler handler) {
    }

    @FunctionalInterface
    interface Handler {
        ObjectNode handle(Request request);
    }

    /**
     * A call that passed the token check: the caller's shop (null for token endpoints), the body parsed and as
     * sent, and the query.
     */
    record Request(Shop shop, Body body, String raw, Map<String, String> query) {
    }

    private final Clock clock;
    private final Random random;
    private final AccessTokens tokens;
    private final PlatformState state;
    private final Faults faults;
    private final BoundedLog<ApiCall> calls;
    private final BoundedLog<EwaybillCall> ewaybillCalls;
    private final Duration faultHold;
    private final Map<String, Endpoint> endpoints;

    WeChatApi(PlatformState state, AccessTokens tokens, Faults faults, BoundedLog<ApiCall> calls,
              BoundedLog<EwaybillCall> ewaybillCalls, PushSender pushes, Duration faultHold) {
        this.clock = state.clock();
        this.random = state.random();
        this.state = state;
        this.tokens = tokens;
        this.faults = faults;
        this.calls = calls;
        this.ewaybillCalls = ewaybillCalls;
        this.faultHold = faultHold;
        OrderEndpoints orders = new OrderEndpoints(state, pushes);
        StockEndpoints stock = new StockEndpoints(state);
        EwaybillEndpoints ewaybill = new EwaybillEndpoints(state);
        KfEndpoints kf = new KfEndpoints(state);
        this.endpoints = Map.ofEntries(
                Map.entry("/cgi-bin/token", new Endpoint("GET", false, this::token)),
                Map.entry("/cgi-bin/stable_token", new Endpoint("POST", false, this::stableToken)),
                Map.entry("/channels/ec/order/get", post(orders::get)),
                Map.entry("/channels/ec/order/list/get", post(orders::list)),
                Map.entry("/channels/ec/order/delivery/send", post(orders::sendDelivery)),
                Map.entry("/channels/ec/order/deliveryinfo/update", post(orders::updateDeliveryInfo)),
                Map.entry("/channels/ec/order/deliverycompanylist/new/get", post(orders::companyList)),
                Map.entry("/channels/ec/order/deliverycompanylist/get", post(orders::companyList)),
                Map.entry("/channels/ec/order/sensitiveinfo/decode", post(orders::decode)),
                Map.entry("/channels/ec/commkf/sendmsg", post(kf::sendMsg)),
                Map.entry("/channels/ec/product/stock/get", post(stock::get)),
                Map.entry("/channels/ec/product/stock/update", post(stock::update)),
                Map.entry(EWAYBILL + "account/get", post(ewaybill::accounts)),
                Map.entry(EWAYBILL + "delivery/get", post(ewaybill::carriers)),
                Map.entry(EWAYBILL + "order/precreate", post(ewaybill::precreate)),
                Map.entry(EWAYBILL + "order/create", post(ewaybill::create)),
                Map.entry(EWAYBILL + "order/addsuborder", post(ewaybill::addSubOrder)),
                Map.entry(EWAYBILL + "order/cancel", post(ewaybill::cancel)),
                Map.entry(EWAYBILL + "order/get", post(ewaybill::order)),
                Map.entry(EWAYBILL + "print/get", post(ewaybill::printInfo)),
                Map.entry(EWAYBILL + "order/print", post(ewaybill::printed)));
    }

    private static Endpoint post(Handler handler) {
        return new Endpoint("POST", true, handler);
    }

    void handle(HttpExchange exchange) throws IOException {
        Instant at = clock.instant();
        long started = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = Http.query(exchange);
        String raw = Http.body(exchange);
        JsonNode request = lenient(raw);
        Endpoint endpoint = endpoints.get(path);
        String shopId = shopOf(path, query, raw);
        boolean faulted = false;
        boolean withheld = false;
        ObjectNode reply;
        try {
            if (endpoint == null) {
                throw new ApiError(ApiError.API_UNAUTHORIZED,
                        "api unauthorized (platform-sim does not play " + path + ")");
            }
            FaultSpec fault = faults.take(path, shopId, request.path("delivery_id").asText(null));
            if (fault != null) {
                faulted = fault.blocksCall() || fault.afterSuccess();
                withheld = fault.afterSuccess();
                applyFault(fault);
            }
            reply = serve(endpoint, exchange.getRequestMethod(), raw, query);
        } catch (ApiError e) {
            reply = error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "platform-sim failed on " + path, e);
            reply = error(ApiError.of(ApiError.SYSTEM_BUSY));
        }
        // Logged before the answer leaves: a caller that has its answer finds its call in the log.
        int errcode = reply.path("errcode").asInt(0);
        calls.add(new ApiCall(at, path, shopId, loggedRequest(path, raw, query), errcode,
                reply.path("errmsg").asText(errcode == 0 ? "ok" : ""),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), faulted));
        logEwaybillCall(at, path, shopId, request, reply, !withheld);
        if (withheld) {
            // Done on the platform, answer lost: held past the caller's timeout, then the connection dropped.
            try {
                Thread.sleep(faultHold.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        Http.send(exchange, 200, Http.JSON, Json.write(reply));
    }

    /** Adds an e-waybill call that changes something to the e-waybill log, with what the platform knows of its e-waybill. */
    private void logEwaybillCall(Instant at, String path, String shopId, JsonNode request, ObjectNode reply,
                                 boolean answered) {
        String action = EWAYBILL_ACTIONS.get(path);
        if (action == null) {
            return;
        }
        String id = request.path("ewaybill_order_id").isTextual() ? request.path("ewaybill_order_id").asText()
                : reply.path("ewaybill_order_id").asText(null);
        EwaybillView known = id == null ? null : state.ewaybill(id);
        List<String> ecOrderIds = known != null ? known.ecOrderIds() : List.of();
        if (request.has("ec_order_list")) {
            try {
                ecOrderIds = EwaybillEndpoints.ecOrderIds(new Body(request));
            } catch (ApiError malformed) {
                // Logged with what the platform knows; the call itself was refused with 47001.
            }
        }
        String deliveryId = request.path("delivery_id").asText(known == null ? null : known.deliveryId());
        String waybillId = !reply.path("waybill_id").asText("").isEmpty() ? reply.path("waybill_id").asText()
                : request.path("waybill_id").asText(known == null ? null : known.waybillId());
        int errcode = reply.path("errcode").asInt(0);
        boolean tookNumber = errcode == 0 && (action.equals("create") || action.equals("addsuborder"));
        Integer rePrint = action.equals("print") && request.path("re_print").isInt() ? request.path("re_print").asInt()
                : null;
        ewaybillCalls.add(new EwaybillCall(at, shopId, action, id, deliveryId, ecOrderIds, waybillId, errcode,
                tookNumber, answered, rePrint));
    }

    private static JsonNode lenient(String raw) {
        try {
            JsonNode json = Json.MAPPER.readTree(raw);
            return json == null ? MissingNode.getInstance() : json;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /**
     * Delays, holds or fails the call as the fault says; a latency-only or after-success fault then lets the
     * call through.
     */
    private void applyFault(FaultSpec fault) throws InterruptedException {
        if (fault.latencyMs() != null) {
            Thread.sleep(fault.latencyMs());
        }
        if (fault.timeout() && !fault.afterSuccess()) {
            Thread.sleep(faultHold.toMillis());
            throw ApiError.of(ApiError.SYSTEM_BUSY);
        }
        if (fault.errcode() != null) {
            throw new ApiError(fault.errcode(),
                    fault.errmsg() != null ? fault.errmsg() : ApiError.messageFor(fault.errcode()));
        }
    }

    private ObjectNode serve(Endpoint endpoint, String method, String raw, Map<String, String> query) {
        if (endpoint.method().equals("POST") && !method.equals("POST")) {
            throw ApiError.of(ApiError.REQUIRE_POST);
        }
        Shop shop = null;
        if (endpoint.needsToken()) {
            String shopId = tokens.shopFor(query.get("access_token"));
            if (shopId == null) {
                throw ApiError.of(ApiError.INVALID_CREDENTIAL);
            }
            shop = state.shop(shopId);
        }
        Body body = endpoint.method().equals("POST") ? Body.parse(raw) : Body.EMPTY;
        ObjectNode result = endpoint.handler().handle(new Request(shop, body, raw, query));
        if (!endpoint.needsToken()) {
            return result;
        }
        ObjectNode reply = Json.object().put("errcode", 0).put("errmsg", withRid("ok"));
        reply.setAll(result);
        return reply;
    }

    private ObjectNode token(Request request) {
        return issue(request.query().get("grant_type"), request.query().get("appid"), request.query().get("secret"),
                AccessTokens.Chain.TOKEN, false);
    }

    private ObjectNode stableToken(Request request) {
        Body body = request.body();
        return issue(body.text("grant_type"), body.text("appid"), body.text("secret"), AccessTokens.Chain.STABLE,
                body.node("force_refresh").asBoolean(false));
    }

    private ObjectNode issue(String grantType, String appId, String secret, AccessTokens.Chain chain,
                             boolean forceRefresh) {
        if (!"client_credential".equals(grantType)) {
            throw ApiError.of(ApiError.INVALID_GRANT_TYPE);
        }
        Shop shop = appId == null ? null : state.shopByAppId(appId);
        if (shop == null) {
            throw ApiError.of(ApiError.INVALID_APPID);
        }
        if (!shop.spec.appSecret().equals(secret)) {
            throw ApiError.of(ApiError.INVALID_CREDENTIAL);
        }
        AccessTokens.Issued issued = tokens.issue(shop.spec.shopId(), chain, forceRefresh);
        return Json.object().put("access_token", issued.accessToken()).put("expires_in", issued.expiresIn());
    }

    private ObjectNode error(ApiError e) {
        ObjectNode reply = Json.object().put("errcode", e.errcode()).put("errmsg", withRid(e.errmsg()));
        reply.setAll(e.fields());
        return reply;
    }

    /** The platform's request id suffix, e.g. {@code rid: 64ec166b-506dde0c-353aae8f}. */
    private String withRid(String errmsg) {
        HexFormat hex = HexFormat.of();
        return errmsg + " rid: " + hex.toHexDigits(random.nextInt()) + "-" + hex.toHexDigits(random.nextInt())
                + "-" + hex.toHexDigits(random.nextInt());
    }

    /** The shop a call is for, known before it is served (faults may target one shop); null if unknown. */
    private String shopOf(String path, Map<String, String> query, String raw) {
        String appId = null;
        if (path.equals("/cgi-bin/token")) {
            appId = query.get("appid");
        } else if (path.equals("/cgi-bin/stable_token")) {
            try {
                appId = Json.MAPPER.readTree(raw).path("appid").asText(null);
            } catch (JsonProcessingException e) {
                return null;
            }
        } else {
            return tokens.shopFor(query.get("access_token"));
        }
        Shop shop = appId == null ? null : state.shopByAppId(appId);
        return shop == null ? null : shop.spec.shopId();
    }

    /** The body (or the query for GETs) with secrets masked, cut for the log. */
    private static String loggedRequest(String path, String raw, Map<String, String> query) {
        String request = raw.isEmpty() && path.equals("/cgi-bin/token")
                ? "grant_type=" + query.get("grant_type") + "&appid=" + query.get("appid") + "&secret=***"
                : raw.replaceAll("(\"secret\"\\s*:\\s*\")[^\"]*", "$1***");
        return request.length() <= LOGGED_REQUEST_CHARS ? request : request.substring(0, LOGGED_REQUEST_CHARS) + "…";
    }
}
