package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.sim.TrackingCarriers.Carrier;
import io.shipsync.sim.TrackingJourney.Beat;
import io.shipsync.sim.TrackingJourney.Entry;
import io.shipsync.sim.TrackingJourney.Kind;
import io.shipsync.sim.TrackingPushSender.Outgoing;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The carrier tracking feeds the simulator plays on its own HTTP server: kuaidi100 ({@code /poll},
 * {@code /poll/query.do}, {@code /autonumber/auto}, form-POST pushes signed with the salt) and 快递鸟
 * ({@code /api/dist}, {@code /Ebusiness/EbusinessOrderHandle.aspx}, RequestType 101 pushes with DataSign).
 * Each subscribed number plays a {@link TrackingScript}; pushes go out on a compressed schedule
 * ({@link TrackingConfig#stepEvery()}) or, for tests, one step at a time through {@link #pushNext(String)}.
 * Methods taking a number act on its most recent subscription, at either feed.
 */
public final class TrackingFeedSim implements AutoCloseable {

    static final String KUAIDI100 = "kuaidi100";
    static final String KDNIAO = "kdniao";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(SHANGHAI);
    /** kuaidi100: a number may be subscribed again only this long after its subscription ended. */
    static final Duration RESUBSCRIBE_AFTER = Duration.ofMinutes(30);
    static final int SUBSCRIPTIONS_PER_MONTH = 4;
    /** kuaidi100's first push comes 15 min–4 h after the subscription. */
    private static final Duration FIRST_PUSH_AFTER = Duration.ofMinutes(15);
    private static final long TICK_MS = 200;
    private static final System.Logger LOG = System.getLogger(TrackingFeedSim.class.getName());
    private static final Map<Integer, String> STATE_NAMES = Map.of(0, "在途", 1, "揽收", 2, "疑难", 3, "签收",
            4, "退签", 5, "派件", 6, "退回", 7, "转投", 8, "清关", 14, "拒签");

    /** A kuaidi100 answer {@code {"result","returnCode","message"}}. */
    record Answer(String returnCode, String message) {

        ObjectNode json() {
            return Json.object().put("result", returnCode.equals("200")).put("returnCode", returnCode)
                    .put("message", message);
        }
    }

    /** The carrier's truth about a number, shared by both feeds: its script's beats from the first subscription. */
    private static final class Parcel {
        final String number;
        final Carrier carrier;
        final String from;
        final String to;
        final Instant anchor;
        TrackingScript script;
        List<Beat> beats;

        Parcel(String number, Carrier carrier, String from, String to, Instant anchor) {
            this.number = number;
            this.carrier = carrier;
            this.from = from;
            this.to = to;
            this.anchor = anchor;
        }
    }

    /** A push made for a script step, kept to be sent again (duplicates, older pushes). */
    private record Sent(String param, String status) {
    }

    /** One subscription at one feed, with how far its pushes have come. */
    private static final class Subscription {
        final String feed;
        final String number;
        final Carrier carrier;
        final String callbackUrl;
        final String salt;
        final String resultv2;
        final Instant subscribedAt;
        final Instant firstPushAt;
        final Parcel parcel;
        final List<Sent> sent = new ArrayList<>();
        int next;
        String status = "polling";
        Instant endedAt;
        boolean inFlight;

        Subscription(String feed, String number, Carrier carrier, String callbackUrl, String salt, String resultv2,
                     Instant subscribedAt, Instant firstPushAt, Parcel parcel) {
            this.feed = feed;
            this.number = number;
            this.carrier = carrier;
            this.callbackUrl = callbackUrl;
            this.salt = salt;
            this.resultv2 = resultv2;
            this.subscribedAt = subscribedAt;
            this.firstPushAt = firstPushAt;
            this.parcel = parcel;
        }

        String company() {
            return feed.equals(KUAIDI100) ? carrier.kuaidi100() : carrier.kdniao();
        }

        boolean polling() {
            return status.equals("polling");
        }
    }

    private final Clock clock;
    private final TrackingConfig config;
    private final Faults faults;
    private final TrackingPushSender sender;
    private final BoundedLog<SubscribeCall> subscribeCalls;
    private final ScheduledExecutorService ticker;
    private volatile boolean automatic;
    private volatile boolean keyExpired;
    private volatile String kdniaoCallbackUrl;
    private final Map<String, TrackingScript> scripts = new HashMap<>();
    private final Map<String, Parcel> parcels = new HashMap<>();
    /** The current subscription per feed and number, keyed {@code feed|number}, in subscription order. */
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, Subscription> latest = new HashMap<>();
    private final Map<String, Integer> monthly = new HashMap<>();
    private final Set<String> refused = new HashSet<>();

    TrackingFeedSim(Clock clock, TrackingConfig config, Faults faults, double retryScale, Duration pushTimeout,
                    int logCapacity) {
        this.clock = clock;
        this.config = config;
        this.faults = faults;
        this.sender = new TrackingPushSender(clock, retryScale, pushTimeout, logCapacity);
        this.subscribeCalls = new BoundedLog<>(logCapacity);
        this.automatic = config.automatic();
        this.kdniaoCallbackUrl = config.kdniaoCallbackUrl();
        this.ticker = Executors.newSingleThreadScheduledExecutor(Threads.daemon("platform-sim-tracking"));
        ticker.scheduleWithFixedDelay(this::tickSafely, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    TrackingConfig config() {
        return config;
    }

    // ---- Java scenario API ----

    /** Sets the script a number plays (before it is subscribed, or before its first push). */
    public synchronized void script(String number, TrackingScript script) {
        Require.text(number, "number");
        Require.present(script, "script");
        Parcel parcel = parcels.get(number);
        if (parcel != null) {
            boolean pushed = subscriptions.values().stream().anyMatch(s -> s.parcel == parcel && s.next > 0);
            if (pushed) {
                throw new IllegalStateException(number + " has been pushed already; set its script before that");
            }
            plan(parcel, script);
        }
        scripts.put(number, script);
    }

    /** Pushes the number's next script step now, whatever its time; returns the push with its first reply. */
    public TrackingPush pushNext(String number) {
        Outgoing out;
        Subscription sub;
        synchronized (this) {
            sub = current(number);
            if (sub.parcel.script == TrackingScript.SILENT) {
                throw new IllegalStateException(number + " plays SILENT: it is never pushed");
            }
            if (sub.next >= sub.parcel.beats.size()) {
                throw new IllegalStateException(number + " has no more steps (status " + sub.status + ")");
            }
            out = claim(sub);
        }
        return sender.send(out);
    }

    /** Sends the number's last push again, unchanged (a duplicate). */
    public TrackingPush pushAgain(String number) {
        return resend(number, 1);
    }

    /** Sends the push before the number's last one again: an older state arriving after a newer one. */
    public TrackingPush pushOlder(String number) {
        return resend(number, 2);
    }

    /** Every subscribe request for the number, at either feed, accepted or not. */
    public List<SubscribeCall> subscriptions(String number) {
        return subscribeCalls.list().stream().filter(c -> number.equals(c.number())).toList();
    }

    /** The number's most recent subscription. */
    public synchronized TrackingView subscription(String number) {
        return view(current(number));
    }

    /** The current subscription of every number at each feed. */
    public synchronized List<TrackingView> subscriptions() {
        return subscriptions.values().stream().map(this::view).toList();
    }

    /** Every tracking push so far (newest last, bounded), with its attempts. */
    public List<TrackingPush> pushes() {
        return sender.pushes();
    }

    public List<TrackingPush> pushes(String number) {
        return sender.pushes().stream().filter(p -> p.number().equals(number)).toList();
    }

    /** kuaidi100 answers 601 (key expired) to subscriptions, queries and autonumber while set. */
    public void setKeyExpired(boolean expired) {
        this.keyExpired = expired;
    }

    /** The carrier refuses the number: kuaidi100 answers 701, 快递鸟 Success false, until {@link #reset()}. */
    public synchronized void refuseCarrier(String number) {
        refused.add(Require.text(number, "number"));
    }

    /** The next {@code times} {@code /poll} calls answer {@code 500 服务器错误} (an injected fault). */
    public void failSubscriptions(int times) {
        faults.add(FaultSpec.errcode("/poll", 500, times));
    }

    /** Turns the compressed automatic schedule on or off; {@link #pushNext(String)} works either way. */
    public void automatic(boolean on) {
        this.automatic = on;
    }

    public boolean automatic() {
        return automatic;
    }

    /** Where 快递鸟 pushes go (its console setting); null records them without sending. */
    public void setKdniaoCallbackUrl(String url) {
        this.kdniaoCallbackUrl = url;
    }

    public String kdniaoCallbackUrl() {
        return kdniaoCallbackUrl;
    }

    /** Forgets subscriptions, scripts, counts, refusals, the expired key and the logs; pending retries run out. */
    public synchronized void reset() {
        scripts.clear();
        parcels.clear();
        subscriptions.clear();
        latest.clear();
        monthly.clear();
        refused.clear();
        keyExpired = false;
        automatic = config.automatic();
        kdniaoCallbackUrl = config.kdniaoCallbackUrl();
        subscribeCalls.clear();
        sender.clearLog();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        sender.close();
    }

    // ---- kuaidi100 wire side ----

    Answer subscribeKuaidi100(String schema, String paramText) {
        JsonNode param = parse(paramText);
        JsonNode parameters = param.path("parameters");
        String number = text(param, "number");
        String company = text(param, "company");
        String callbackUrl = text(parameters, "callbackurl");
        JsonNode saltNode = parameters.path("salt");
        String salt = saltNode.isValueNode() && !saltNode.isNull() ? saltNode.asText() : null;
        String phone = text(parameters, "phone");
        String resultv2 = text(parameters, "resultv2");
        Answer answer;
        Carrier carrier = null;
        synchronized (this) {
            if (schema != null && !schema.equals("json") || !param.isObject()) {
                answer = new Answer("700", "订阅参数错误：schema 须为 json，param 须为 JSON 对象");
            } else if (!config.kuaidi100Key().equals(text(param, "key"))) {
                answer = new Answer("600", "您不是合法的订阅者（即授权Key出错）");
            } else if (keyExpired) {
                answer = new Answer("601", "POLL:KEY已过期");
            } else if (number == null || number.length() < 6 || number.length() > 32) {
                answer = new Answer("700", "订阅方的订阅数据存在错误（单号须为6-32位）");
            } else if (callbackUrl == null) {
                answer = new Answer("700", "订阅方的订阅数据存在错误（缺少回调地址 callbackurl）");
            } else {
                if (company == null && "1".equals(text(parameters, "autoCom"))) {
                    List<Carrier> found = TrackingCarriers.recognise(number);
                    carrier = found.isEmpty() ? null : found.get(0);
                } else {
                    carrier = TrackingCarriers.byKuaidi100(company);
                }
                answer = carrier == null ? new Answer("702", "POLL:识别不到该单号对应的快递公司")
                        : carrier.kuaidi100().equals("shunfeng") && phone == null
                        ? new Answer("700", "订阅方的订阅数据存在错误（顺丰单号须提供 phone）")
                        : admit(KUAIDI100, number, carrier, text(param, "from"), text(param, "to"), callbackUrl,
                        salt, resultv2);
            }
        }
        subscribeCalls.add(new SubscribeCall(clock.instant(), KUAIDI100, number,
                carrier != null ? carrier.kuaidi100() : company, text(param, "from"), text(param, "to"), callbackUrl,
                salt != null, resultv2, phone, answer.returnCode(), answer.message()));
        return answer;
    }

    /** The realtime query's answer: the lastResult shape, or 500 查询无结果 while nothing is known yet. */
    ObjectNode queryKuaidi100(String customer, String sign, String paramText) {
        JsonNode param = parse(paramText);
        String expected = TrackingSigns.kuaidi100(paramText + config.kuaidi100Key() + config.kuaidi100Customer());
        if (!config.kuaidi100Customer().equals(customer) || !expected.equals(sign)) {
            return new Answer("503", "验证签名失败").json();
        }
        if (keyExpired) {
            return new Answer("601", "key已过期").json();
        }
        String number = text(param, "num");
        String com = text(param, "com");
        if (number == null || com == null || TrackingCarriers.byKuaidi100(com) == null) {
            return new Answer("400", "找不到对应公司或参数不完整").json();
        }
        List<Entry> history;
        synchronized (this) {
            history = visibleHistory(number);
        }
        if (history.isEmpty()) {
            return new Answer("500", "查询无结果，请隔段时间再查").json();
        }
        ObjectNode result = Json.object().put("message", "ok").put("nu", number)
                .put("ischeck", history.get(history.size() - 1).terminal() ? "1" : "0").put("condition", "F00")
                .put("com", com).put("status", "200")
                .put("state", Integer.toString(history.get(history.size() - 1).state()));
        result.set("data", kuaidi100Data(newestFirst(history, false), text(param, "resultv2")));
        return result;
    }

    /** autonumber: the carriers the number's shape fits, most likely first. */
    JsonNode autonumber(String number, String key) {
        if (!config.kuaidi100Key().equals(key)) {
            return new Answer("600", "您不是合法的用户（即授权Key出错）").json();
        }
        if (keyExpired) {
            return new Answer("601", "key已过期").json();
        }
        ArrayNode list = Json.MAPPER.createArrayNode();
        List<Carrier> found = TrackingCarriers.recognise(number);
        String trimmed = number == null ? "" : number.trim().toUpperCase();
        for (int i = 0; i < found.size(); i++) {
            list.addObject().put("comCode", found.get(i).kuaidi100()).put("name", found.get(i).name())
                    .put("lengthPre", trimmed.length())
                    .put("noPre", prefix(trimmed))
                    .put("noCount", 12_000 / (i + 1));
        }
        return list;
    }

    /** The number's leading letters (SF, DPK), or its first 3 digits for a numeric one. */
    private static String prefix(String number) {
        int letters = 0;
        while (letters < number.length() && letters < 4 && Character.isLetter(number.charAt(letters))) {
            letters++;
        }
        return letters > 0 ? number.substring(0, letters) : number.substring(0, Math.min(3, number.length()));
    }

    // ---- 快递鸟 wire side ----

    /** Checks EBusinessID and DataSign ({@code sign} form-decoded; a client that URL-encoded twice passes too). */
    boolean kdniaoSigned(String eBusinessId, String requestData, String sign) {
        if (!config.kdniaoEBusinessId().equals(eBusinessId) || requestData == null || sign == null) {
            return false;
        }
        String expected = TrackingSigns.kdniao(requestData, config.kdniaoAppKey());
        return expected.equals(sign) || TrackingSigns.form(expected).equals(sign);
    }

    /** RequestType 1008 (物流跟踪订阅); null {@code reason} is success. */
    String subscribeKdniao(String requestData) {
        JsonNode data = parse(requestData);
        String number = text(data, "LogisticCode");
        String shipper = text(data, "ShipperCode");
        String from = place(data.path("Sender"));
        String to = place(data.path("Receiver"));
        Carrier carrier = shipper == null ? null : TrackingCarriers.byKdniao(shipper);
        String reason;
        synchronized (this) {
            if (number == null || shipper == null) {
                reason = "ShipperCode 和 LogisticCode 不能为空";
            } else if (carrier == null) {
                reason = "不支持的快递公司编码 " + shipper;
            } else if (carrier.kdniao().equals("SF") && text(data, "CustomerName") == null) {
                reason = "顺丰单号需要 CustomerName（收/寄件人手机号后四位）";
            } else if (refused.contains(number)) {
                reason = "快递公司拒绝订阅该单号";
            } else {
                Subscription current = subscriptions.get(KDNIAO + "|" + number);
                if (current == null || !current.polling()) {
                    Instant now = clock.instant();
                    Subscription sub = new Subscription(KDNIAO, number, carrier, null, null, null, now,
                            firstPushAt(now), parcel(number, carrier, from, to, now));
                    subscriptions.remove(KDNIAO + "|" + number);
                    subscriptions.put(KDNIAO + "|" + number, sub);
                    latest.put(number, sub);
                }
                reason = null;
            }
        }
        subscribeCalls.add(new SubscribeCall(clock.instant(), KDNIAO, number, shipper, from, to, kdniaoCallbackUrl,
                false, null, text(data, "CustomerName"), reason == null ? "200" : "400",
                reason == null ? "" : reason));
        return reason;
    }

    /** RequestType 8001/1002: the number's traces so far, oldest first. */
    ObjectNode queryKdniao(String requestData) {
        JsonNode data = parse(requestData);
        String number = text(data, "LogisticCode");
        String shipper = text(data, "ShipperCode");
        ObjectNode answer = Json.object().put("EBusinessID", config.kdniaoEBusinessId())
                .put("ShipperCode", shipper).put("LogisticCode", number);
        if (number == null || shipper == null || TrackingCarriers.byKdniao(shipper) == null) {
            return answer.put("Success", false).put("Reason", "ShipperCode 或 LogisticCode 不正确");
        }
        List<Entry> history;
        synchronized (this) {
            history = visibleHistory(number);
        }
        if (history.isEmpty()) {
            answer.put("Success", true).put("State", "0").put("Reason", "暂无轨迹信息");
            answer.putArray("Traces");
            return answer;
        }
        Entry newest = history.get(history.size() - 1);
        answer.put("Success", true).put("State", newest.kdnState()).put("StateEx", newest.kdnStateEx())
                .put("Location", newest.city().city());
        answer.set("Traces", kdniaoTraces(history));
        return answer;
    }

    /** RequestType 2002 (单号识别). */
    ObjectNode recogniseKdniao(String requestData) {
        String number = text(parse(requestData), "LogisticCode");
        ObjectNode answer = Json.object().put("EBusinessID", config.kdniaoEBusinessId()).put("LogisticCode", number);
        List<Carrier> found = number == null ? List.of() : TrackingCarriers.recognise(number);
        answer.put("Success", !found.isEmpty());
        if (found.isEmpty()) {
            answer.put("Reason", "未能识别该单号");
        }
        ArrayNode shippers = answer.putArray("Shippers");
        found.forEach(c -> shippers.addObject().put("ShipperCode", c.kdniao()).put("ShipperName", c.name()));
        return answer;
    }

    String kdniaoEBusinessId() {
        return config.kdniaoEBusinessId();
    }

    String now() {
        return TIME.format(clock.instant());
    }

    // ---- subscriptions and pushes ----

    /** kuaidi100's admission after the request checks: refusal, 重复订阅 while polling or over the month's cap. */
    private Answer admit(String feed, String number, Carrier carrier, String from, String to, String callbackUrl,
                         String salt, String resultv2) {
        if (refused.contains(number)) {
            return new Answer("701", "拒绝订阅的快递公司");
        }
        Instant now = clock.instant();
        Subscription current = subscriptions.get(feed + "|" + number);
        if (current != null && current.carrier == carrier && (current.polling()
                || now.isBefore(current.endedAt.plus(RESUBSCRIBE_AFTER)))) {
            return new Answer("501", "重复订阅");
        }
        String month = carrier.kuaidi100() + "|" + number + "|" + YearMonth.from(now.atZone(SHANGHAI));
        int count = monthly.getOrDefault(month, 0);
        if (count >= SUBSCRIPTIONS_PER_MONTH) {
            return new Answer("501", "重复订阅");
        }
        monthly.put(month, count + 1);
        Subscription sub = new Subscription(feed, number, carrier, callbackUrl, salt, resultv2, now,
                firstPushAt(now), parcel(number, carrier, from, to, now));
        subscriptions.remove(feed + "|" + number);
        subscriptions.put(feed + "|" + number, sub);
        latest.put(number, sub);
        return new Answer("200", "提交成功");
    }

    private Instant firstPushAt(Instant now) {
        return now.plusMillis(Math.round(FIRST_PUSH_AFTER.toMillis() * config.scale()));
    }

    private Parcel parcel(String number, Carrier carrier, String from, String to, Instant now) {
        return parcels.computeIfAbsent(number, n -> {
            Parcel parcel = new Parcel(n, carrier, from, to, now);
            plan(parcel, scripts.getOrDefault(n, TrackingScript.forNumber(n)));
            return parcel;
        });
    }

    private void plan(Parcel parcel, TrackingScript script) {
        parcel.script = script;
        parcel.beats = TrackingJourney.build(script, parcel.carrier, parcel.from, parcel.to, parcel.anchor,
                config.scale());
    }

    private Subscription current(String number) {
        Subscription sub = latest.get(number);
        if (sub == null) {
            throw new NoSuchElementException("no tracking subscription for " + number);
        }
        return sub;
    }

    private TrackingView view(Subscription sub) {
        return new TrackingView(sub.feed, sub.number, sub.company(), sub.parcel.script, sub.status, sub.subscribedAt,
                sub.next, sub.parcel.beats.size(), sub.feed.equals(KUAIDI100) ? sub.callbackUrl : kdniaoCallbackUrl);
    }

    /** A scheduled task that throws is never run again: one bad tick must not end automatic pushing. */
    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tracking feed tick failed", e);
        }
    }

    /** Pushes due steps of every polling subscription on the compressed schedule. */
    private void tick() {
        if (!automatic) {
            return;
        }
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (Subscription sub : subscriptions.values()) {
                if (sub.inFlight || sub.parcel.script == TrackingScript.SILENT || sub.next >= sub.parcel.beats.size()
                        || !sub.polling()) {
                    continue;
                }
                Instant at = sub.parcel.beats.get(sub.next).at();
                if (at.isBefore(sub.firstPushAt)) {
                    at = sub.firstPushAt;
                }
                if (!at.isAfter(now)) {
                    Outgoing out = claim(sub);
                    sub.inFlight = true;
                    due.add(() -> {
                        try {
                            sender.send(out);
                        } finally {
                            synchronized (TrackingFeedSim.this) {
                                sub.inFlight = false;
                            }
                        }
                    });
                }
            }
        }
        due.forEach(sender::execute);
    }

    /** Takes the subscription's next beat and makes its push; the caller holds the lock. */
    private Outgoing claim(Subscription sub) {
        int step = sub.next++;
        Beat beat = sub.parcel.beats.get(step);
        if (beat.kind() == Kind.REPEAT || beat.kind() == Kind.OLDER) {
            int back = beat.kind() == Kind.REPEAT ? 1 : 2;
            Sent earlier = sub.sent.get(sub.sent.size() - back);
            return outgoing(sub, step, earlier.status(), earlier.param(), true);
        }
        List<Entry> history = new ArrayList<>();
        for (int i = 0; i <= step; i++) {
            Beat b = sub.parcel.beats.get(i);
            if (b.kind() == Kind.ENTRY) {
                history.add(b.entry());
            }
        }
        String status;
        if (beat.kind() == Kind.ABORT) {
            status = "abort";
        } else {
            status = beat.entry().terminal() ? "shutdown" : "polling";
        }
        if (!status.equals("polling")) {
            sub.status = status;
            sub.endedAt = clock.instant();
        }
        String param = sub.feed.equals(KUAIDI100)
                ? kuaidi100Push(sub, history, beat.duplicateEntry(), status)
                : kdniaoPush(sub, history, beat.kind() == Kind.ABORT);
        String pushStatus = sub.feed.equals(KUAIDI100) ? status
                : history.isEmpty() || beat.kind() == Kind.ABORT ? "4" : history.get(history.size() - 1).kdnState();
        sub.sent.add(new Sent(param, pushStatus));
        return outgoing(sub, step, pushStatus, param, false);
    }

    private TrackingPush resend(String number, int back) {
        Outgoing out;
        synchronized (this) {
            Subscription sub = current(number);
            if (sub.sent.size() < back) {
                throw new IllegalStateException(number + " has " + sub.sent.size() + " push(es), " + back + " needed");
            }
            Sent earlier = sub.sent.get(sub.sent.size() - back);
            out = outgoing(sub, sub.next - 1, earlier.status(), earlier.param(), true);
        }
        return sender.send(out);
    }

    private Outgoing outgoing(Subscription sub, int step, String status, String param, boolean resend) {
        if (sub.feed.equals(KUAIDI100)) {
            String sign = sub.salt == null ? null : TrackingSigns.kuaidi100(param + sub.salt);
            String form = "param=" + TrackingSigns.form(param) + (sign == null ? "" : "&sign=" + sign);
            return new Outgoing(KUAIDI100, sub.number, sub.company(), step, status, sub.callbackUrl, param, sign,
                    form, resend, TrackingFeedSim::kuaidi100Accepted);
        }
        String sign = TrackingSigns.kdniao(param, config.kdniaoAppKey());
        String form = "RequestData=" + TrackingSigns.form(param) + "&DataSign=" + TrackingSigns.form(sign)
                + "&RequestType=101";
        return new Outgoing(KDNIAO, sub.number, sub.company(), step, status, kdniaoCallbackUrl, param, sign, form,
                resend, TrackingFeedSim::kdniaoAccepted);
    }

    private String kuaidi100Push(Subscription sub, List<Entry> history, boolean duplicateNewest, String status) {
        boolean corrected = sub.parcel.script == TrackingScript.CORRECTION;
        String com = corrected ? TrackingCarriers.correctedFrom(sub.carrier).kuaidi100() : sub.company();
        Entry newest = history.isEmpty() ? null : history.get(history.size() - 1);
        ObjectNode push = Json.object()
                .put("status", status)
                .put("billstatus", status.equals("abort") ? "" : "got")
                .put("message", status.equals("abort") ? "3天查询无记录" : "")
                .put("autoCheck", corrected ? "1" : "0")
                .put("comOld", corrected ? sub.company() : "")
                .put("comNew", corrected ? com : "");
        ObjectNode last = push.putObject("lastResult")
                .put("message", "ok")
                .put("state", newest == null ? "0" : Integer.toString(newest.state()))
                .put("status", "200")
                .put("condition", "F00")
                .put("ischeck", newest != null && newest.terminal() ? "1" : "0")
                .put("com", com)
                .put("nu", sub.number);
        last.set("data", kuaidi100Data(newestFirst(history, duplicateNewest), sub.resultv2));
        return Json.write(push);
    }

    /**
     * kuaidi100 data items: context, time, ftime always; resultv2 1 adds status name and area; 4 (or 6, 8) adds
     * statusCode and location too.
     */
    private static ArrayNode kuaidi100Data(List<Entry> newestFirst, String resultv2) {
        boolean area = resultv2 != null && !resultv2.equals("0");
        boolean advanced = area && !resultv2.equals("1");
        ArrayNode data = Json.MAPPER.createArrayNode();
        for (Entry e : newestFirst) {
            ObjectNode item = data.addObject().put("context", e.context()).put("time", TIME.format(e.time()))
                    .put("ftime", TIME.format(e.time()));
            if (area) {
                item.put("status", STATE_NAMES.get(e.state()));
                if (advanced) {
                    item.put("statusCode", e.code());
                }
                item.put("areaCode", e.city().areaCode()).put("areaName", e.city().areaName());
                if (advanced) {
                    item.put("location", e.city().location());
                }
            }
        }
        return data;
    }

    private String kdniaoPush(Subscription sub, List<Entry> history, boolean abort) {
        Entry newest = history.isEmpty() ? null : history.get(history.size() - 1);
        ObjectNode push = Json.object().put("PushTime", now()).put("EBusinessID", config.kdniaoEBusinessId())
                .put("Count", "1");
        ObjectNode item = push.putArray("Data").addObject()
                .put("EBusinessID", config.kdniaoEBusinessId())
                .put("ShipperCode", sub.company())
                .put("LogisticCode", sub.number)
                .put("Success", !abort);
        if (abort || newest == null) {
            item.put("State", "4").put("StateEx", "401").put("Reason", "发货无信息");
        } else {
            item.put("State", newest.kdnState()).put("StateEx", newest.kdnStateEx())
                    .put("Location", newest.city().city());
        }
        item.set("Traces", kdniaoTraces(history));
        return Json.write(push);
    }

    private static ArrayNode kdniaoTraces(List<Entry> oldestFirst) {
        ArrayNode traces = Json.MAPPER.createArrayNode();
        oldestFirst.forEach(e -> traces.addObject().put("AcceptTime", TIME.format(e.time()))
                .put("AcceptStation", e.context()).put("Location", e.city().city()));
        return traces;
    }

    /** What the carrier knows of the number now: entries pushed so far or whose time has passed, oldest first. */
    private List<Entry> visibleHistory(String number) {
        Parcel parcel = parcels.get(number);
        if (parcel == null) {
            return List.of();
        }
        int pushed = subscriptions.values().stream().filter(s -> s.parcel == parcel).mapToInt(s -> s.next)
                .max().orElse(0);
        Instant now = clock.instant();
        List<Entry> history = new ArrayList<>();
        for (int i = 0; i < parcel.beats.size(); i++) {
            Beat beat = parcel.beats.get(i);
            if (i >= pushed && beat.at().isAfter(now)) {
                break;
            }
            if (beat.kind() == Kind.ENTRY) {
                history.add(beat.entry());
            }
        }
        return history;
    }

    private static List<Entry> newestFirst(List<Entry> oldestFirst, boolean duplicateNewest) {
        List<Entry> list = new ArrayList<>(oldestFirst);
        Collections.reverse(list);
        if (duplicateNewest && !list.isEmpty()) {
            list.add(1, list.get(0));
        }
        return list;
    }

    /** kuaidi100 takes a push as received on {@code {"result":true,"returnCode":"200"}}. */
    private static boolean kuaidi100Accepted(int status, String body) {
        JsonNode reply = parse(body);
        return status == 200 && reply.path("result").asBoolean(false)
                && reply.path("returnCode").asText("").equals("200");
    }

    /** 快递鸟 takes a push as received on {@code {"Success":true,…}}. */
    private static boolean kdniaoAccepted(int status, String body) {
        return status == 200 && parse(body).path("Success").asBoolean(false);
    }

    /** A JSON text, or a missing node when it is none (a feed's caller may send anything). */
    private static JsonNode parse(String body) {
        try {
            JsonNode node = body == null ? null : Json.MAPPER.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }

    /** 快递鸟 Sender/Receiver as one place text: ProvinceName + CityName + ExpAreaName. */
    private static String place(JsonNode party) {
        String text = party.path("ProvinceName").asText("") + party.path("CityName").asText("")
                + party.path("ExpAreaName").asText("");
        return text.isEmpty() ? null : text;
    }

    /** For {@code GET /sim}: the most recent subscriptions and pushes. */
    synchronized ObjectNode snapshot(int recent) {
        ObjectNode node = Json.object().put("automatic", automatic).put("keyExpired", keyExpired)
                .put("stepEvery", config.stepEvery().toString()).put("kdniaoCallbackUrl", kdniaoCallbackUrl);
        List<TrackingView> views = subscriptions.values().stream().map(this::view)
                .sorted(Comparator.comparing(TrackingView::subscribedAt)).toList();
        node.set("subscriptions", Json.tree(views.subList(Math.max(0, views.size() - recent), views.size())));
        List<TrackingPush> pushes = sender.pushes();
        ArrayNode recentPushes = node.putArray("recentPushes");
        for (TrackingPush push : pushes.subList(Math.max(0, pushes.size() - recent), pushes.size())) {
            recentPushes.addObject().put("id", push.id()).put("feed", push.feed()).put("number", push.number())
                    .put("step", push.step()).put("status", push.status()).put("state", push.state().name())
                    .put("attempts", push.attempts().size()).put("lastReply", push.reply());
        }
        return node;
    }
}
