package io.shipsync.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.sim.EwaybillAccountPatch;
import io.shipsync.sim.EwaybillAccountView;
import io.shipsync.sim.FaultSpec;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.RiskHold;
import io.shipsync.sim.demo.ShipSyncApi.Download;
import io.shipsync.sim.demo.ShipSyncApi.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * 打单 for the demo: the operator at the print desk, every 10–15 s, through logistics-service's real API. Takes the
 * waiting orders the demo paid from the print queue, starts a print run (one number per order, taken exactly once),
 * waits for it to finish, sends its print tasks to the simulator's print component (打印组件, WebSocket), now and then
 * downloads its labels.pdf, and confirms the print: logistics-service announces WaybillPrinted and order-service's
 * auto-ship declares each waybill by the shop's rule. Now and then it plants an 打单 case: the platform's risk control
 * holds an order (its number is refused with order_risk_info, logistics-service holds it; released 45 s later), or
 * the SF e-waybill account's balance drops low (the account check shows BALANCE_LOW; topped up a minute later, as the
 * driver also does when the demo itself has used the numbers up), and a one-off delivery/send fault that auto-ship
 * retries. One line per action.
 */
final class DemoPrinting {

    /** Print cycles per round of planted 打单 cases (about 2.5 min); the first round comes within a minute. */
    private static final int CYCLE = 12;
    private static final int RISK_SLOT = 2;
    private static final int BALANCE_SLOT = 6;
    /** Every this many runs, one delivery/send of auto-ship meets a one-off -1 or 100003 (retried). */
    private static final int FAULT_EVERY = 3;
    /** Every this many runs, the labels are also downloaded as one PDF (from the first run on). */
    private static final int PDF_EVERY = 4;
    private static final Duration FIRST_CYCLE = Duration.ofSeconds(8);
    private static final Duration RUN_WAIT = Duration.ofSeconds(60);
    private static final Duration RISK_HOLD_FOR = Duration.ofSeconds(45);
    private static final Duration LOW_BALANCE_FOR = Duration.ofMinutes(1);
    /** The planted balance: below logistics-service's default threshold (100), above 0 so numbers can still be taken. */
    private static final long PLANTED_BALANCE = 60;
    /** A top-up (充值) brings the account back to this many numbers. */
    private static final long TOPPED_UP = 1000;
    /** A waybill refused this often for an order leaves the order to the operator. */
    private static final int MAX_REFUSALS = 3;
    private static final String DELIVERY_SEND = "/channels/ec/order/delivery/send";

    /** A risk hold planted on the platform, released after {@link #RISK_HOLD_FOR}. */
    private record Planted(String orderId, Instant at) {
    }

    private final PlatformSim sim;
    private final String shopId;
    private final URI logistics;
    private final ShipSyncApi api;
    private final PrintComponentClient printComponent;
    private final Random random;
    /** Orders the demo paid to be printed (and when), shared with the order thread, which adds them. */
    private final Map<String, Instant> printable = new ConcurrentHashMap<>();
    /** Called with each order printed, so the order thread reports its declaration's sync. */
    private final Consumer<String> onPrinted;
    private final Deque<String> unfinished = new ArrayDeque<>();
    private final Map<String, Integer> refusals = new HashMap<>();
    private final Set<String> leftAlone = ConcurrentHashMap.newKeySet();
    private String carrier = "SF";
    private long balanceThreshold = 100;
    private Planted riskHold;
    /** A risk hold is due from its slot until a run of two orders or more can take it. */
    private boolean riskDue;
    private Instant lowBalanceSince;
    private int runs;
    private int faults;
    private boolean othersLogged;

    DemoPrinting(PlatformSim sim, String shopId, URI logistics, ShipSyncApi api, Random random, Consumer<String> onPrinted) {
        this.sim = sim;
        this.shopId = shopId;
        this.logistics = logistics;
        this.api = api;
        this.printComponent = new PrintComponentClient(URI.create(sim.printComponentUrl()));
        this.random = random;
        this.onPrinted = onPrinted;
    }

    /** An order the demo paid and left to 打单: printed at the next cycle once it is in the print queue. */
    void toPrint(String orderId) {
        printable.put(orderId, Instant.now());
    }

    void run() throws InterruptedException {
        awaitLogistics();
        Thread.sleep(FIRST_CYCLE.toMillis());
        for (long n = 1; ; n++) {
            try {
                cycle(n);
            } catch (IOException | RuntimeException e) {
                log("print cycle #" + n + " skipped: " + e);
            }
            Thread.sleep(10_000 + random.nextInt(5_001));
        }
    }

    /**
     * Printing needs logistics-service to hold the shop's WeChat Shop account, its carriers and an account of the
     * default carrier that can take numbers (what {@code ./shipsync up} sets up and checks).
     */
    private void awaitLogistics() throws InterruptedException {
        String logged = null;
        while (true) {
            String why;
            try {
                why = ready();
                if (why == null) {
                    return;
                }
            } catch (IOException e) {
                why = e.toString();
            }
            if (!why.equals(logged)) {
                log("打单 waits: " + why);
                logged = why;
            }
            Thread.sleep(2_000);
        }
    }

    private String ready() throws IOException, InterruptedException {
        Reply account = api.get(logistics, shopPath() + "/platform-account");
        if (account.status() != 200) {
            return "logistics-service does not hold " + shopId + "'s WeChat Shop account yet (HTTP " + account.status() + ")";
        }
        Reply settings = api.get(logistics, shopPath() + "/carriers");
        if (settings.status() != 200) {
            return "no carriers set for " + shopId + " in logistics-service yet (HTTP " + settings.status() + ")";
        }
        carrier = settings.body().path("defaultCarrier").asText(carrier);
        balanceThreshold = settings.body().path("balanceThreshold").asLong(balanceThreshold);
        // The platform's account: logistics-service may still list accounts bound before (on an earlier simulator).
        String accountId = sim.ewaybillAccount(shopId, carrier).acctId();
        Reply accounts = api.get(logistics, shopPath() + "/carrier-accounts");
        JsonNode usable = null;
        for (JsonNode a : accounts.body()) {
            String state = a.path("state").asText();
            if (a.path("carrierCode").asText().equals(carrier) && a.path("accountId").asText().equals(accountId)
                    && (state.equals("AUTHORIZED") || state.equals("BALANCE_LOW"))) {
                usable = a;
            }
        }
        if (usable == null) {
            return "logistics-service has not checked " + carrier + " e-waybill account " + accountId
                    + " as able to take numbers yet (POST …/carrier-accounts/check)";
        }
        List<String> enabled = new ArrayList<>();
        settings.body().path("enabledCarriers").forEach(c -> enabled.add(c.asText()));
        log("打单 ready: logistics-service holds " + shopId + "'s account; carriers " + String.join(", ", enabled)
                + " (default " + carrier + ", backup " + settings.body().path("backupCarrier").asText("none") + "); "
                + carrier + " account " + usable.path("accountId").asText() + " " + usable.path("state").asText() + " with "
                + usable.path("balance").asText("?") + " numbers; print component " + printComponent.uri()
                + "; a print run every 10-15 s");
        return null;
    }

    private void cycle(long n) throws IOException, InterruptedException {
        watchBalance(n % CYCLE == BALANCE_SLOT);
        releaseRiskHold();
        for (int i = unfinished.size(); i > 0; i--) {
            String runId = unfinished.poll();
            JsonNode run = api.get(logistics, runPath(runId)).body();
            if (run.path("progress").path("remaining").asInt(-1) == 0) {
                finish(run, null);
            } else {
                unfinished.add(runId);
            }
        }
        riskDue |= n % CYCLE == RISK_SLOT;
        List<String> batch = waiting();
        if (batch.isEmpty()) {
            return;
        }
        if (riskDue && riskHold == null && batch.size() >= 2) {
            riskDue = false;
            String held = batch.get(batch.size() - 1);
            sim.holdForRisk(shopId, RiskHold.of(held));
            riskHold = new Planted(held, Instant.now());
            log("打单 case: the platform's risk control holds order " + held + " (风控拦截): its number will be refused with"
                    + " order_risk_info and logistics-service holds it (PLATFORM_RISK) until released, in "
                    + RISK_HOLD_FOR.toSeconds() + " s");
        }
        // The account is named, as the operator picks it in the print dialog: logistics-service may still list
        // accounts bound before, which the platform no longer knows.
        ObjectNode start = ShipSyncApi.JSON.createObjectNode().put("carrierCode", carrier)
                .put("accountId", sim.ewaybillAccount(shopId, carrier).acctId());
        ArrayNode ids = start.putArray("orderIds");
        batch.forEach(ids::add);
        Instant startedAt = Instant.now();
        Reply started = api.post(logistics, shopPath() + "/print-runs", start);
        if (started.status() != 202) {
            log("print run of " + batch.size() + " order(s) refused by logistics-service: HTTP " + started.status() + " "
                    + started.problem());
            return;
        }
        String runId = started.body().path("runId").asText();
        log("print run " + runId + " started: " + batch.size() + " order(s) " + abbreviated(batch) + ", "
                + started.body().path("carrierCode").asText() + " account " + started.body().path("accountId").asText()
                + " (template " + started.body().path("templateId").asText() + "); one number each, taken exactly once");
        JsonNode run = started.body();
        Instant deadline = startedAt.plus(RUN_WAIT);
        while (run.path("progress").path("remaining").asInt(-1) != 0) {
            if (Instant.now().isAfter(deadline)) {
                log("print run " + runId + ": " + run.path("progress") + " after " + RUN_WAIT.toSeconds()
                        + " s; printed once it finishes");
                unfinished.add(runId);
                return;
            }
            Thread.sleep(300);
            run = api.get(logistics, runPath(runId)).body();
        }
        finish(run, Duration.between(startedAt, Instant.now()));
    }

    /**
     * The print queue's waiting orders, not held, that this demo paid to be printed, oldest payment first; orders
     * waiting there from before this demo run (not on this platform) are left alone, and said so once.
     */
    private List<String> waiting() throws IOException, InterruptedException {
        Reply queue = api.get(logistics, shopPath() + "/print-queue?state=WAITING&held=false&sort=PAID_AT&size=200");
        if (queue.status() != 200) {
            log("print queue not read: HTTP " + queue.status() + " " + queue.problem());
            return List.of();
        }
        List<String> batch = new ArrayList<>();
        int others = 0;
        for (JsonNode order : queue.body().path("items")) {
            String orderId = order.path("orderId").asText();
            if (printable.containsKey(orderId) && !leftAlone.contains(orderId)) {
                batch.add(orderId);
            } else if (!othersLogged && !printable.containsKey(orderId) && !onPlatform(orderId)) {
                others++;
            }
        }
        if (others > 0 && !othersLogged) {
            log("print queue: " + others + " waiting order(s) from before this demo run (not on this platform) left alone");
            othersLogged = true;
        }
        Instant stale = Instant.now().minus(Duration.ofHours(2));
        printable.values().removeIf(at -> at.isBefore(stale));
        return batch;
    }

    private boolean onPlatform(String orderId) {
        try {
            sim.order(shopId, orderId);
            return true;
        } catch (RuntimeException unknown) {
            return false;
        }
    }

    /** A finished run: its refusals named, its labels printed on the print component, the print confirmed. */
    private void finish(JsonNode run, Duration took) throws IOException, InterruptedException {
        String runId = run.path("runId").asText();
        JsonNode progress = run.path("progress");
        int taken = progress.path("taken").asInt();
        int failed = progress.path("failed").asInt();
        runs++;
        Reply waybills = api.get(logistics, runPath(runId) + "/waybills?size=1000");
        List<String> numbers = new ArrayList<>();
        for (JsonNode w : waybills.body().path("items")) {
            String orderId = w.path("orderId").asText();
            String state = w.path("state").asText();
            if (state.equals("TAKEN")) {
                numbers.add(w.path("trackingNumber").asText());
            } else if (state.equals("HELD")) {
                log("print run " + runId + ": order " + orderId + " got no number: HELD by the platform's risk control ("
                        + w.path("error").asText() + "); it waits in the print queue, held, until released");
            } else if (state.equals("FAILED")) {
                int times = refusals.merge(orderId, 1, Integer::sum);
                String next = times >= MAX_REFUSALS ? "; refused " + times + " times, left to the operator"
                        : "; back in the print queue, tried again at the next run";
                if (times >= MAX_REFUSALS) {
                    leftAlone.add(orderId);
                }
                log("print run " + runId + ": order " + orderId + " got no number: " + w.path("error").asText() + next);
            }
        }
        log("print run " + runId + " finished" + (took == null ? "" : " in " + took.toMillis() + " ms") + ": " + taken
                + " number(s) taken, " + failed + " without" + (numbers.isEmpty() ? "" : ": " + abbreviated(numbers)));
        if (taken == 0) {
            return;
        }
        Reply tasks = api.get(logistics, runPath(runId) + "/print-tasks");
        if (tasks.status() != 200) {
            log("print run " + runId + ": print tasks not read: HTTP " + tasks.status() + " " + tasks.problem());
            return;
        }
        Map<String, String> results;
        try {
            results = printComponent.print(tasks.body());
        } catch (IOException e) {
            log("print run " + runId + ": the print component at " + printComponent.uri() + " did not print (" + e.getMessage()
                    + "); the labels stay unconfirmed");
            return;
        }
        List<Long> printed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (JsonNode task : tasks.body()) {
            String reason = results.get(task.path("taskId").asText());
            if (reason == null) {
                printed.add(task.path("waybillId").asLong());
            } else {
                failures.add(task.path("orderId").asText() + ": " + reason);
            }
        }
        log("print run " + runId + ": " + tasks.body().size() + " print task(s) sent to the print component "
                + printComponent.uri() + ": " + printed.size() + " label(s) printed"
                + (failures.isEmpty() ? "" : ", not printed: " + String.join("; ", failures)));
        if (runs % PDF_EVERY == 1) {
            labelsPdf(runId);
        }
        if (printed.isEmpty()) {
            return;
        }
        if (runs % FAULT_EVERY == 2) {
            int errcode = faults++ % 2 == 0 ? -1 : 100003;
            sim.injectFault(FaultSpec.errcode(DELIVERY_SEND, errcode, 1).forShop(shopId));
            log("fault: the platform answers the next delivery/send with errcode " + errcode
                    + " once; order-service's auto-ship retries it");
        }
        confirm(runId, printed);
    }

    /** The labels as one PDF, as an operator printing without the print component would take them. */
    private void labelsPdf(String runId) throws IOException, InterruptedException {
        Download pdf = api.download(logistics, runPath(runId) + "/labels.pdf", "application/pdf");
        boolean isPdf = pdf.status() == 200 && pdf.bytes().length > 4
                && new String(pdf.bytes(), 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-");
        log("print run " + runId + ": labels.pdf " + (isPdf ? "downloaded, " + pdf.bytes().length / 1024 + " KB"
                : "not a PDF: HTTP " + pdf.status() + " " + pdf.problem()) + " (GET " + runPath(runId) + "/labels.pdf)");
    }

    /** The labels came out of the printer: recorded once each, WaybillPrinted, order-service's auto-ship declares. */
    private void confirm(String runId, List<Long> waybillIds) throws IOException, InterruptedException {
        ObjectNode body = ShipSyncApi.JSON.createObjectNode();
        ArrayNode ids = body.putArray("waybillIds");
        waybillIds.forEach(ids::add);
        Reply printed = api.post(logistics, runPath(runId) + "/printed", body);
        if (printed.status() == 409) {
            // An order of the run was held meanwhile: confirm the others (held ones wait for their release).
            log("print run " + runId + ": print not confirmed as named (" + printed.problem() + "); confirming all but held orders");
            printed = api.post(logistics, runPath(runId) + "/printed", ShipSyncApi.JSON.createObjectNode());
        }
        if (printed.status() != 200) {
            log("print run " + runId + ": print not confirmed: HTTP " + printed.status() + " " + printed.problem());
            return;
        }
        List<String> orders = new ArrayList<>();
        for (JsonNode w : printed.body()) {
            String orderId = w.path("orderId").asText();
            orders.add(orderId);
            printable.remove(orderId);
            refusals.remove(orderId);
            onPrinted.accept(orderId);
        }
        log("print run " + runId + ": " + orders.size() + " waybill(s) confirmed printed (WaybillPrinted, order/print);"
                + " order-service's auto-ship declares them by the shop's rule: " + abbreviated(orders));
    }

    /**
     * The carrier's account balance: a planted drop (when {@code plant}), or the demo's own use, below the shop's
     * threshold is seen by an account check (BALANCE_LOW) and topped up (充值) a minute later.
     */
    private void watchBalance(boolean plant) throws IOException, InterruptedException {
        EwaybillAccountView account = sim.ewaybillAccount(shopId, carrier);
        if (plant && lowBalanceSince == null && account.available() > PLANTED_BALANCE) {
            account = sim.setEwaybillAccount(shopId, account.acctId(), new EwaybillAccountPatch(null, PLANTED_BALANCE));
            log("打单 case: the balance of " + carrier + " e-waybill account " + account.acctId() + " drops to "
                    + PLANTED_BALANCE + " numbers on the platform (below the shop's threshold " + balanceThreshold
                    + "); numbers can still be taken");
        }
        if (lowBalanceSince == null && account.available() < balanceThreshold) {
            lowBalanceSince = Instant.now();
            check(account, "account check (接口测试) after the balance fell to " + account.available(),
                    "; topped up in " + LOW_BALANCE_FOR.toSeconds() + " s");
        } else if (lowBalanceSince != null && Instant.now().isAfter(lowBalanceSince.plus(LOW_BALANCE_FOR))) {
            long before = account.available();
            account = sim.setEwaybillAccount(shopId, account.acctId(),
                    new EwaybillAccountPatch(null, Math.max(before, TOPPED_UP)));
            lowBalanceSince = null;
            check(account, "top-up (充值) of " + carrier + " account " + account.acctId() + ": " + before + " -> "
                    + account.available() + " numbers; account check (接口测试)", "");
        }
    }

    /** 接口测试 through logistics-service; logs what it says of the account (CarrierAccountChanged on a change). */
    private void check(EwaybillAccountView account, String what, String then) throws IOException, InterruptedException {
        Reply checked = api.post(logistics, shopPath() + "/carrier-accounts/check", ShipSyncApi.JSON.createObjectNode());
        if (checked.status() != 200) {
            log(what + ": HTTP " + checked.status() + " " + checked.problem());
            return;
        }
        String found = "not listed";
        for (JsonNode a : checked.body()) {
            if (a.path("carrierCode").asText().equals(account.deliveryId()) && a.path("accountId").asText().equals(account.acctId())) {
                found = a.path("state").asText() + " (" + a.path("stateDetail").asText() + ")";
            }
        }
        log(what + ": " + account.deliveryId() + " account " + account.acctId() + " " + found + then);
    }

    /** A planted risk hold ends: released on the platform and, by the operator, in logistics-service. */
    private void releaseRiskHold() throws IOException, InterruptedException {
        if (riskHold == null || Instant.now().isBefore(riskHold.at().plus(RISK_HOLD_FOR))) {
            return;
        }
        String orderId = riskHold.orderId();
        sim.releaseRiskHolds(shopId);
        riskHold = null;
        Reply released = api.post(logistics, shopPath() + "/print-queue/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8)
                + "/release-risk", ShipSyncApi.JSON.createObjectNode());
        if (released.status() == 200) {
            log("打单 case: order " + orderId + "'s risk hold released on the platform and in logistics-service"
                    + " (POST …/print-queue/" + orderId + "/release-risk); printed at the next run");
        } else {
            log("打单 case: order " + orderId + "'s risk hold released on the platform; logistics-service answers HTTP "
                    + released.status() + " " + released.problem());
        }
    }

    private static String abbreviated(List<String> values) {
        return values.size() <= 6 ? String.join(", ", values)
                : values.subList(0, 6).stream().collect(Collectors.joining(", ")) + " and " + (values.size() - 6) + " more";
    }

    private String shopPath() {
        return "/api/shops/" + shopId;
    }

    private String runPath(String runId) {
        return shopPath() + "/print-runs/" + runId;
    }

    private static void log(String line) {
        DemoTraffic.log(line);
    }
}
