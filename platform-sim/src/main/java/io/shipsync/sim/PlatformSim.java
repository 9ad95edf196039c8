package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.shipsync.sim.PlatformState.PushMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local WeChat Shop (微信小店) platform: the real server endpoints and wire formats on a loopback HTTP server,
 * its encrypted message pushes to each shop's callback, and a scenario API to arrange what the platform holds.
 * Every scenario method here is also served as JSON under {@code /sim/…}; {@code GET /sim} shows the state.
 *
 * <pre>{@code
 * try (PlatformSim sim = PlatformSim.start(PlatformSim.Config.defaults().withPushRetryScale(0.001))) {
 *     sim.createShop(shop);
 *     sim.addProduct("shop-1", ProductSpec.of("p-1", "T恤", new SkuSpec("s-1", "TS-1", 1990, 10)));
 *     OrderView order = sim.createPaidOrder("shop-1", OrderSpec.of(new OrderItem("p-1", "s-1", 1)));
 *     // point the service's WeChat client at sim.baseUrl()
 * }
 * }</pre>
 */
public final class PlatformSim implements AutoCloseable {

    /**
     * How the simulator runs. {@code port} 0 picks a free port. {@code pushRetryScale} multiplies the push
     * retry delays (tests use e.g. 0.001); {@code pushTimeout} is how long a callback may take (5 s on the
     * platform); {@code stockUpdatesPerSecond} is the per-SKU stock/update limit before 10020112 (0 = none);
     * {@code faultHold} is how long a {@code timeout} fault holds a request; {@code logCapacity} bounds the
     * call and push logs; {@code printPort} is where the print component (打印组件) listens, 0 for a free port
     * (the real one uses 12705); {@code tracking} configures the carrier tracking feeds (kuaidi100, 快递鸟), whose
     * push retries use {@code pushRetryScale} and {@code pushTimeout} too.
     */
    public record Config(String host, int port, Clock clock, double pushRetryScale, Duration pushTimeout,
                         int stockUpdatesPerSecond, Duration faultHold, int logCapacity, int printPort,
                         TrackingConfig tracking) {

        public Config {
            Require.text(host, "host");
            Require.present(clock, "clock");
            Require.present(pushTimeout, "pushTimeout");
            Require.present(faultHold, "faultHold");
            Require.present(tracking, "tracking");
            if (port < 0 || port > 65535 || pushRetryScale < 0 || stockUpdatesPerSecond < 0 || logCapacity < 1
                    || printPort < 0 || printPort > 65535) {
                throw new IllegalArgumentException("invalid simulator config");
            }
        }

        public static Config defaults() {
            return new Config("127.0.0.1", 0, Clock.systemUTC(), 1.0, Duration.ofSeconds(5), 5,
                    Duration.ofSeconds(10), 10_000, 0, TrackingConfig.defaults());
        }

        public Config withHost(String value) {
            return new Config(value, port, clock, pushRetryScale, pushTimeout, stockUpdatesPerSecond, faultHold,
                    logCapacity, printPort, tracking);
        }

        public Config withPort(int value) {
            return new Config(host, value, clock, pushRetryScale, pushTimeout, stockUpdatesPerSecond, faultHold,
                    logCapacity, printPort, tracking);
        }

        public Config withClock(Clock value) {
            return new Config(host, port, value, pushRetryScale, pushTimeout, stockUpdatesPerSecond, faultHold,
                    logCapacity, printPort, tracking);
        }

        public Config withPushRetryScale(double value) {
            return new Config(host, port, clock, value, pushTimeout, stockUpdatesPerSecond, faultHold, logCapacity,
                    printPort, tracking);
        }

        public Config withPushTimeout(Duration value) {
            return new Config(host, port, clock, pushRetryScale, value, stockUpdatesPerSecond, faultHold,
                    logCapacity, printPort, tracking);
        }

        public Config withStockUpdatesPerSecond(int value) {
            return new Config(host, port, clock, pushRetryScale, pushTimeout, value, faultHold, logCapacity,
                    printPort, tracking);
        }

        public Config withFaultHold(Duration value) {
            return new Config(host, port, clock, pushRetryScale, pushTimeout, stockUpdatesPerSecond, value,
                    logCapacity, printPort, tracking);
        }

        public Config withLogCapacity(int value) {
            return new Config(host, port, clock, pushRetryScale, pushTimeout, stockUpdatesPerSecond, faultHold,
                    value, printPort, tracking);
        }

        public Config withPrintPort(int value) {
            return new Config(host, port, clock, pushRetryScale, pushTimeout, stockUpdatesPerSecond, faultHold,
                    logCapacity, value, tracking);
        }

        public Config withTracking(TrackingConfig value) {
            return new Config(host, port, clock, pushRetryScale, pushTimeout, stockUpdatesPerSecond, faultHold,
                    logCapacity, printPort, value);
        }

        /** How long one nominal tracking step (4 carrier hours) takes: automatic pushes and checkpoint times. */
        public Config withTrackingStepEvery(Duration value) {
            return withTracking(tracking.withStepEvery(value));
        }
    }

    private static final int RECENT = 20;

    private final InetSocketAddress address;
    private final HttpHandler handler;
    /** Replaced by {@link #resumeServing()}: a stopped JDK server cannot listen again. Null while stopped. */
    private HttpServer server;
    private final ExecutorService httpPool;
    private final String baseUrl;
    private final String printComponentUrl;
    private final PlatformState state;
    private final AccessTokens tokens;
    private final Faults faults = new Faults();
    private final BoundedLog<ApiCall> calls;
    private final BoundedLog<EwaybillCall> ewaybillCalls;
    private final PushSender pushes;
    private final PrintComponent printComponent;
    private final TrackingFeedSim tracking;
    private final NotificationReceivers notifications;

    private PlatformSim(Config config) throws IOException {
        SecureRandom random = new SecureRandom();
        this.state = new PlatformState(config.clock(), random, config.stockUpdatesPerSecond());
        this.tokens = new AccessTokens(config.clock(), random);
        this.calls = new BoundedLog<>(config.logCapacity());
        this.ewaybillCalls = new BoundedLog<>(config.logCapacity());
        this.pushes = new PushSender(config.clock(), random, config.pushRetryScale(), config.pushTimeout(),
                config.logCapacity());
        this.tracking = new TrackingFeedSim(config.clock(), config.tracking(), faults, config.pushRetryScale(),
                config.pushTimeout(), config.logCapacity());
        WeChatApi wechat = new WeChatApi(state, tokens, faults, calls, ewaybillCalls, pushes, config.faultHold());
        TrackingEndpoints feeds = new TrackingEndpoints(tracking, faults, calls, config.faultHold(), config.clock());
        this.notifications = new NotificationReceivers(config.clock(), config.logCapacity());
        ScenarioApi scenario = new ScenarioApi(this);
        this.httpPool = Executors.newCachedThreadPool(Threads.daemon("platform-sim-http"));
        this.handler = exchange -> route(exchange, wechat, feeds, notifications, scenario);
        this.server = listen(new InetSocketAddress(config.host(), config.port()));
        // The port actually bound, so that a restart after an outage listens where callers already point.
        this.address = new InetSocketAddress(config.host(), server.getAddress().getPort());
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        this.baseUrl = "http://" + host + ":" + address.getPort();
        this.printComponent = new PrintComponent(new InetSocketAddress(config.host(), config.printPort()),
                config.clock(), config.logCapacity());
        try {
            printComponent.listen();
        } catch (RuntimeException e) {
            server.stop(0);
            httpPool.shutdownNow();
            pushes.close();
            tracking.close();
            throw e;
        }
        this.printComponentUrl = "ws://" + host + ":" + printComponent.getPort();
    }

    private HttpServer listen(InetSocketAddress at) throws IOException {
        HttpServer listening = HttpServer.create(at, 128);
        listening.setExecutor(httpPool);
        listening.createContext("/", handler);
        listening.start();
        return listening;
    }

    public static PlatformSim start(Config config) {
        // The JDK server leaves Nagle's algorithm on: every answer would wait ~40 ms for the client's delayed ACK.
        // Read once, when the first server starts in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            return new PlatformSim(config);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "platform-sim could not listen on " + config.host() + ":" + config.port(), e);
        }
    }

    public static PlatformSim start() {
        return start(Config.defaults());
    }

    private static void route(HttpExchange exchange, WeChatApi wechat, TrackingEndpoints feeds,
                              NotificationReceivers notifications, ScenarioApi scenario) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/sim") || path.startsWith("/sim/")) {
                scenario.handle(exchange);
            } else if (TrackingEndpoints.PATHS.contains(path)) {
                feeds.handle(exchange);
            } else if (NotificationReceivers.serves(exchange)) {
                notifications.handle(exchange);
            } else {
                wechat.handle(exchange);
            }
        } catch (IOException clientGone) {
            // The caller hung up (e.g. its timeout fired during a held request): nothing to answer.
        }
    }

    /**
     * Where to point a WeChat Shop client instead of {@code https://api.weixin.qq.com}, like
     * {@code http://127.0.0.1:8090}.
     */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return address.getPort();
    }

    // ---- outages ----

    /**
     * The platform goes down: its HTTP server stops, so every API and scenario call is refused, while shops,
     * orders, stock, tokens and pushes are kept (pushes and their retries still go out, and the Java methods
     * still work). {@link #resumeServing()} brings it back on the same port.
     */
    public synchronized void stopServing() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the port it had, with the state it had when it went down. */
    public synchronized void resumeServing() {
        if (server != null) {
            return;
        }
        try {
            server = listen(address);
        } catch (IOException e) {
            throw new UncheckedIOException("platform-sim could not listen again on " + address, e);
        }
    }

    // ---- shops and products ----

    public void createShop(ShopSpec shop) {
        state.createShop(shop);
    }

    public List<ShopSpec> shops() {
        return state.shops();
    }

    public void setCallbackUrl(String shopId, String callbackUrl) {
        state.setCallbackUrl(shopId, callbackUrl);
    }

    /** Sends the platform's URL verification GET to the shop's callback and reports whether it echoed. */
    public CallbackCheck verifyCallback(String shopId) {
        return pushes.verify(state.target(shopId));
    }

    public void addProduct(String shopId, ProductSpec product) {
        state.addProduct(shopId, product);
    }

    /** The shop's products with their current stock. */
    public List<ProductSpec> products(String shopId) {
        return state.products(shopId);
    }

    /** Sets platform stock by hand (e.g. to plant a stock drift); no API call is logged. */
    public void setStock(String shopId, String productId, String skuId, int stock) {
        state.setStock(shopId, productId, skuId, stock);
    }

    public int stock(String shopId, String productId, String skuId) {
        return state.stock(shopId, productId, skuId);
    }

    // ---- orders ----

    /** Creates an unpaid order (10 待付款), deducting stock; pushes {@code channels_ec_order_new} if asked. */
    public OrderView createOrder(String shopId, OrderSpec order) {
        List<PushMessage> messages = new ArrayList<>();
        OrderView view;
        synchronized (state) {
            PlatformState.Order created = state.createOrder(shopId, order);
            if (order.pushNew()) {
                messages.add(state.message(shopId, created.orderId, PushEvent.ORDER_NEW, null));
            }
            view = state.view(created);
        }
        pushes.send(messages);
        return view;
    }

    /** Pays an unpaid order: 20 待发货, pay_info set, {@code channels_ec_order_pay} pushed. */
    public OrderView payOrder(String shopId, String orderId) {
        PushMessage pay;
        OrderView view;
        synchronized (state) {
            view = state.view(state.pay(shopId, orderId));
            pay = state.message(shopId, orderId, PushEvent.ORDER_PAY, null);
        }
        pushes.send(List.of(pay));
        return view;
    }

    /**
     * Creates and pays an order (20 待发货): pushes {@code channels_ec_order_pay}, preceded by
     * {@code channels_ec_order_new} when {@link OrderSpec#pushNew()}.
     */
    public OrderView createPaidOrder(String shopId, OrderSpec order) {
        List<PushMessage> messages = new ArrayList<>();
        OrderView view;
        synchronized (state) {
            PlatformState.Order created = state.createOrder(shopId, order);
            if (order.pushNew()) {
                messages.add(state.message(shopId, created.orderId, PushEvent.ORDER_NEW, null));
            }
            view = state.view(state.pay(shopId, created.orderId));
            messages.add(state.message(shopId, created.orderId, PushEvent.ORDER_PAY, null));
        }
        pushes.send(messages);
        return view;
    }

    public OrderView cancelOrder(String shopId, String orderId) {
        return cancelOrder(shopId, orderId, null);
    }

    /**
     * Cancels an order and pushes {@code channels_ec_order_cancel}. Unpaid → 250 with stock restored; paid and
     * unshipped → 200 (or 190 for cancel_type 4), stock stays deducted. {@code cancelType} null picks 1 for
     * unpaid and 3 (全部售后完成) for paid orders.
     */
    public OrderView cancelOrder(String shopId, String orderId, Integer cancelType) {
        PushMessage cancel;
        OrderView view;
        synchronized (state) {
            int type = state.cancel(shopId, orderId, cancelType);
            view = state.view(state.order(shopId, orderId));
            cancel = state.message(shopId, orderId, PushEvent.ORDER_CANCEL, Map.of("cancel_type", type));
        }
        pushes.send(List.of(cancel));
        return view;
    }

    /** Changes status and/or packages by hand to plant drift; sends no push. */
    public OrderView setPlatformOrderState(String shopId, String orderId, OrderStatePatch patch) {
        synchronized (state) {
            return state.view(state.patch(shopId, orderId, patch));
        }
    }

    public OrderView order(String shopId, String orderId) {
        synchronized (state) {
            return state.view(state.order(shopId, orderId));
        }
    }

    public List<OrderView> orders(String shopId) {
        return state.views(shopId);
    }

    /**
     * The buyer's phone hides behind a privacy number (虚拟号) from now on: {@code sensitiveinfo/decode} answers
     * {@code tel_number} masked and {@code virtual_number_info{virtual_number, extension, expiration}}.
     */
    public void setVirtualNumber(String shopId, String orderId, String virtualNumber, String extension) {
        state.setVirtualNumber(shopId, orderId, virtualNumber, extension);
    }

    // ---- 商家客服 ----

    /** The shop's customer-service messages (commkf/sendmsg), oldest first, one per request_id. */
    public List<KfMessage> kfMessages(String shopId) {
        return state.kfMessages(shopId);
    }

    /** Every shop's customer-service messages, oldest first. */
    public List<KfMessage> kfMessages() {
        return state.kfMessages();
    }

    // ---- pushes ----

    /** Pushes an event about an order once, with the fields derived from the order. */
    public PushRecord push(String shopId, String orderId, PushEvent event) {
        return push(shopId, orderId, event, 1, null).get(0);
    }

    /**
     * Pushes the same message {@code times} times (duplicates, as platform retries produce), one after the
     * other. {@code fields} add to or override the event's payload ({@code order_info}, or
     * {@code finder_shop_aftersale_status_update} for the after-sale event).
     */
    public List<PushRecord> push(String shopId, String orderId, PushEvent event, int times, Map<String, ?> fields) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive");
        }
        PushMessage message = state.message(shopId, orderId, event, fields);
        return pushes.send(Collections.nCopies(times, message));
    }

    /**
     * Pushes two events out of order: {@code later} (CreateTime one second after {@code earlier}) is sent
     * first, {@code earlier} once that first push was answered. Returns them in sending order.
     */
    public List<PushRecord> pushReversed(String shopId, String orderId, PushEvent earlier, PushEvent later) {
        PushMessage first;
        PushMessage second;
        synchronized (state) {
            long createTime = state.now();
            first = state.message(shopId, orderId, earlier, null, createTime);
            second = state.message(shopId, orderId, later, null, createTime + 1);
        }
        return pushes.send(List.of(second, first));
    }

    /** Every push so far (newest last, bounded), with its attempts. */
    public List<PushRecord> pushes() {
        return pushes.pushes();
    }

    // ---- e-waybill accounts, risk holds, print component ----

    /**
     * Binds another e-waybill account to the shop. Every new shop starts with one normal account (1000 numbers)
     * for SF, JD (直营, monthly card) and ZTO, YTO, YUNDA, JTSD (加盟, with a 网点).
     */
    public EwaybillAccountView addEwaybillAccount(String shopId, EwaybillAccountSpec account) {
        return state.addAccount(shopId, account);
    }

    public List<EwaybillAccountView> ewaybillAccounts(String shopId) {
        return state.accounts(shopId);
    }

    /** The shop's account for a carrier (the first, when it has several). */
    public EwaybillAccountView ewaybillAccount(String shopId, String deliveryId) {
        return state.accounts(shopId).stream().filter(a -> a.deliveryId().equals(deliveryId)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("shop " + shopId + " has no " + deliveryId + " account"));
    }

    /** Sets an account's status (e.g. 2 未认证) and/or balance (0: 余额不足) by hand. */
    public EwaybillAccountView setEwaybillAccount(String shopId, String acctId, EwaybillAccountPatch patch) {
        return state.patchAccount(shopId, acctId, patch);
    }

    /** Unbinds an account; a carrier without accounts is not opened (10025903). */
    public void removeEwaybillAccount(String shopId, String acctId) {
        state.removeAccount(shopId, acctId);
    }

    /** Holds these platform orders for risk: create answers order_risk_info for them until released. */
    public void holdForRisk(String shopId, RiskHold hold) {
        state.holdForRisk(shopId, hold);
    }

    public List<RiskHold> riskHolds(String shopId) {
        return state.riskHolds(shopId);
    }

    public void releaseRiskHolds(String shopId) {
        state.releaseRiskHolds(shopId);
    }

    /** Every precreate, create, addsuborder, cancel and print notice so far (newest last, bounded), faults included. */
    public List<EwaybillCall> ewaybillLog() {
        return ewaybillCalls.list();
    }

    /** Where the print component (打印组件) listens, e.g. {@code ws://127.0.0.1:12705}. */
    public String printComponentUrl() {
        return printComponentUrl;
    }

    /** Every task the print component was asked to print (newest last, bounded), with its result. */
    public List<PrintedTask> printedTasks() {
        return printComponent.printed();
    }

    /** The next {@code tasks} print tasks fail with {@code reason}, as a printer out of paper would. */
    public void failPrintTasks(int tasks, String reason) {
        printComponent.failNext(tasks, reason);
    }

    // ---- carrier tracking feeds ----

    /**
     * The kuaidi100 and 快递鸟 tracking feeds, served at {@link #baseUrl()} too ({@code /poll},
     * {@code /poll/query.do}, {@code /autonumber/auto}, {@code /api/dist}, {@code /Ebusiness/EbusinessOrderHandle.aspx}):
     * scripts per number, pushes by hand or on the compressed schedule, the push log.
     */
    public TrackingFeedSim tracking() {
        return tracking;
    }

    // ---- faults, logs, state ----

    public void injectFault(FaultSpec fault) {
        faults.add(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** The active faults, each with its remaining uses as {@code times}. */
    public List<FaultSpec> faults() {
        return faults.list();
    }

    /** Every WeChat Shop and tracking-feed API call so far (newest last, bounded). */
    public List<ApiCall> calls() {
        return calls.list();
    }

    public List<ApiCall> calls(String api) {
        return calls.list().stream().filter(call -> call.api().equals(api)).toList();
    }

    public List<EwaybillView> ewaybills() {
        return state.ewaybills();
    }

    // ---- notification receivers ----

    /**
     * A WeCom (企业微信) group robot answering at {@code baseUrl() + "/cgi-bin/webhook/send?key=" + key}: markdown
     * messages only, content at most 4096 bytes, 20 a minute (45009 beyond), 93000 for an unknown key.
     */
    public void addWeComRobot(String key) {
        notifications.addWeComRobot(key);
    }

    /**
     * A generic webhook at {@code baseUrl() + "/hooks/" + name} that takes a request only with
     * {@code X-ShipSync-Timestamp} and {@code X-ShipSync-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}
     * (401 otherwise).
     */
    public void addWebhook(String name, String secret) {
        notifications.addWebhook(name, secret);
    }

    /**
     * A Tencent Cloud SMS account answering {@code SendSms} (version 2021-01-11) at {@code POST baseUrl() + "/"}: the
     * TC3-HMAC-SHA256 signature recomputed with {@code secretKey}, the body's SmsSdkAppId and SignName those given,
     * every number +86 and 11 digits.
     */
    public void addSmsAccount(String secretId, String secretKey, String sdkAppId, String signName) {
        notifications.addSmsAccount(new TencentSmsReceiver.Account(secretId, secretKey, sdkAppId, signName));
    }

    /** The robot (by key), webhook (by name) or SMS account (by SecretId) is down for its next {@code requests} requests: HTTP 503. */
    public void takeDownReceiver(String target, int requests) {
        notifications.takeDown(target, requests);
    }

    /** Every request the notification receivers got, oldest first, with what each made of it. */
    public List<NotificationReceived> notificationsReceived() {
        return notifications.received();
    }

    /**
     * Forgets everything: shops, orders, tokens, faults, logs, printed tasks, tracking subscriptions and scripts.
     * Pending push retries still run out.
     */
    public void reset() {
        state.reset();
        tokens.reset();
        faults.clear();
        calls.clear();
        ewaybillCalls.clear();
        pushes.clearLog();
        printComponent.clear();
        tracking.reset();
        notifications.reset();
    }

    /** What {@code GET /sim} shows: shops and stock, orders with deliveries, e-waybills, faults, recent logs. */
    public JsonNode snapshot() {
        ObjectNode page = Json.object().put("baseUrl", baseUrl).put("printComponentUrl", printComponentUrl);
        ArrayNode shopsNode = page.putArray("shops");
        for (ShopSpec shop : state.shops()) {
            ObjectNode node = shopsNode.addObject()
                    .put("shopId", shop.shopId())
                    .put("appId", shop.appId())
                    .put("username", shop.username())
                    .put("callbackUrl", shop.callbackUrl());
            node.set("products", Json.tree(state.products(shop.shopId())));
            node.set("ewaybillAccounts", Json.tree(state.accounts(shop.shopId())));
        }
        ArrayNode ordersNode = page.putArray("orders");
        for (OrderView order : state.allViews()) {
            ObjectNode node = ordersNode.addObject()
                    .put("shopId", order.shopId())
                    .put("orderId", order.orderId())
                    .put("status", order.status())
                    .put("statusLabel", OrderStatus.label(order.status()))
                    .put("updateTime", order.updateTime());
            node.set("items", Json.tree(order.items().stream()
                    .map(i -> i.productId() + "/" + i.skuId() + " x" + i.quantity()).toList()));
            node.set("deliveries", Json.tree(order.deliveries()));
        }
        page.set("ewaybills", Json.tree(state.ewaybills()));
        page.set("recentEwaybillCalls", Json.tree(last(ewaybillCalls.list())));
        page.set("recentPrintedTasks", Json.tree(last(printComponent.printed())));
        page.set("faults", Json.tree(faults.list()));
        page.set("recentCalls", Json.tree(last(calls.list())));
        page.set("tracking", tracking.snapshot(RECENT));
        page.set("recentNotifications", Json.tree(last(notifications.received())));
        page.set("recentKfMessages", Json.tree(last(state.kfMessages())));
        ArrayNode pushesNode = page.putArray("recentPushes");
        for (PushRecord push : last(pushes.pushes())) {
            List<PushAttempt> attempts = push.attempts();
            PushAttempt lastAttempt = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            pushesNode.addObject()
                    .put("id", push.id())
                    .put("event", push.event())
                    .put("orderId", push.orderId())
                    .put("state", push.state().name())
                    .put("attempts", push.attempts().size())
                    .put("lastReply", lastAttempt == null ? null
                            : lastAttempt.error() != null ? lastAttempt.error()
                            : lastAttempt.httpStatus() + " " + lastAttempt.reply());
        }
        return page;
    }

    private static <T> List<T> last(List<T> all) {
        return all.subList(Math.max(0, all.size() - RECENT), all.size());
    }

    /**
     * Stops the server, the print component, the push sender and the tracking feeds; held requests and pending
     * push retries are dropped.
     */
    @Override
    public void close() {
        stopServing();
        httpPool.shutdownNow();
        printComponent.close();
        pushes.close();
        tracking.close();
    }
}
