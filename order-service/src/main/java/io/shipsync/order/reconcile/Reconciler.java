package io.shipsync.order.reconcile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.shipsync.eventing.failure.FailureKind;
import io.shipsync.eventing.failure.Failures;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.order.Order;
import io.shipsync.order.config.OrderRulesConfig;
import io.shipsync.order.platform.PlatformOrder;
import io.shipsync.order.platform.WeChatShopClient;
import io.shipsync.order.reconcile.ReconciliationRuns.Outcome;
import io.shipsync.order.reconcile.ReconciliationRuns.Plan;
import io.shipsync.wechat.PlatformAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * 订单对账: compares a shop's orders on the platform with ours, every {@code shipsync.orders.reconcile-interval}
 * over the last {@code reconcile-look-back} for each shop with an account, or over a window an operator asks for.
 * A run is recorded RUNNING and carried out as an item of the work queue {@value #QUEUE}: one unfinished run per
 * shop (a unique row), one executor (the item's lease, renewed while it runs); a replica that dies mid-run has its
 * run taken over by another, from the listing it had reached.
 * <p>
 * The platform's orders updated in the window are listed per status (order/list/get, 7-day slices, 100 a page), so
 * each listed order comes with its status and no order/get; only orders that differ are fetched and compared
 * ({@link Comparison}), so the shop's API quota goes to differences. Platform calls are made outside any
 * transaction; each comparison commits in its own short one. An order that cannot be compared is noted in the run
 * and the rest go on; a transient failure (the platform or the database away) leaves the run to the queue, which
 * tries it again with backoff for as long as it lasts; any other failure of the run ends it FAILED.
 */
@ApplicationScoped
public class Reconciler implements WorkHandler {

    public static final String QUEUE = "order-reconciliation";
    /** Who asked for the runs the interval starts. */
    private static final String SCHEDULE = "schedule";

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    /**
     * The platform statuses listed, each on its own: 20 待发货, 21 部分发货, 30 待收货, 100 完成 and the cancelled
     * 190, 200, 250. Unpaid orders (10 待付款) are not ours to compare.
     */
    private static final List<Integer> LISTED = List.of(Order.STATUS_AWAITING_SHIPMENT, Order.STATUS_PARTLY_SHIPPED,
            Order.STATUS_SHIPPED, Order.STATUS_COMPLETED, 190, 200, 250);

    public enum State { RUNNING, FINISHED, FAILED }

    /** Orders the platform updated from {@code from} to {@code to}. */
    public record Window(Instant from, Instant to) {
    }

    /**
     * Order ids listed, orders read with order/get, fixes, findings and orders that could not be compared. A listing
     * started over by a run taken over counts again.
     */
    public record Counts(int listed, int fetched, int fixed, int findings, int failed) {
    }

    /** What a run fixed, found or could not compare for an order: {@code what} names the fix or the drift kind. */
    public record Note(String orderId, String what, String detail) {
    }

    /**
     * One reconciliation of a shop: RUNNING (with {@code lastError} naming what it waits out, if anything), FINISHED,
     * or FAILED with the reason.
     */
    public record Run(long id, String shopId, State state, String requestedBy, Window window, Instant startedAt,
                      Instant finishedAt, Counts counts, String lastError, List<Note> fixed, List<Note> found,
                      List<Note> failed) {
    }

    /** One listing: the orders in one platform status updated in one slice of the window. */
    private record Step(Instant from, Instant to, int status) {
    }

    private final WeChatShopClient client;
    private final Comparison comparison;
    private final ReconciliationRuns runs;
    private final OrderRulesConfig rules;
    private final WorkQueue work;
    private final Clock clock;

    Reconciler(WeChatShopClient client, Comparison comparison, ReconciliationRuns runs, OrderRulesConfig rules,
               WorkQueue work, Clock clock) {
        this.client = client;
        this.comparison = comparison;
        this.runs = runs;
        this.rules = rules;
        this.work = work;
        this.clock = clock;
    }

    /**
     * Starts a run over the window now; it goes on in the background.
     *
     * @throws ProblemException 409 when the shop has no platform account, or a run of it has not finished
     */
    public Run start(String shopId, Window window, String requestedBy) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (PlatformAccount.of(shopId).isEmpty()) {
                throw ProblemException.conflict("Shop " + shopId + " has no WeChat Shop account here to reconcile with.");
            }
            long id = begin(shopId, window, requestedBy).orElseThrow(() -> running(shopId));
            return runs.run(shopId, id).orElseThrow();
        });
    }

    /** @throws ProblemException 404 when the shop has no such run */
    public Run run(String shopId, long id) {
        return QuarkusTransaction.requiringNew().call(() -> runs.run(shopId, id))
                .orElseThrow(() -> ProblemException.notFound("Shop " + shopId + " has no order reconciliation " + id + "."));
    }

    /** The scheduled runs' window: the look-back, ending now. */
    public Window lookBack() {
        Instant now = clock.instant();
        return new Window(now.minus(rules.reconcileLookBack()), now);
    }

    /**
     * Starts a run over the look-back for each shop with an account, unless one is unfinished or started within half
     * an interval (another replica's schedule, or an operator).
     */
    @Scheduled(every = "${shipsync.orders.reconcile-interval:10m}", delayed = "${shipsync.orders.reconcile-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void startScheduled() {
        Duration recently = rules.reconcileInterval().dividedBy(2);
        List<String> shops;
        try {
            shops = QuarkusTransaction.requiringNew().call(runs::shopsWithAccount);
        } catch (RuntimeException e) {
            LOG.warnf("Could not start the scheduled order reconciliations: %s", Failures.describe(e));
            return;
        }
        for (String shopId : shops) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    Window window = lookBack();
                    if (runs.lastStartedAt(shopId).filter(at -> at.isAfter(window.to().minus(recently))).isEmpty()) {
                        begin(shopId, window, SCHEDULE);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("Could not start the order reconciliation of shop %s: %s", shopId, Failures.describe(e));
            }
        }
    }

    /** Records a run RUNNING and queues it, in the caller's transaction; empty when one is unfinished. */
    private Optional<Long> begin(String shopId, Window window, String requestedBy) {
        Instant now = clock.instant();
        Optional<Long> id = runs.start(shopId, window.from(), window.to(), requestedBy, now);
        id.ifPresent(run -> work.submit(QUEUE, shopId, Long.toString(run), now));
        return id;
    }

    private ProblemException running(String shopId) {
        return runs.unfinished(shopId)
                .map(id -> ProblemException.conflict("Shop " + shopId + " is being reconciled already: run " + id
                        + " has not finished (GET /api/shops/" + shopId + "/reconciliations/" + id + "); ask again once it has."))
                .orElseGet(() -> ProblemException.conflict("Shop " + shopId
                        + " was being reconciled a moment ago; ask again."));
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public Settings defaults() {
        return Settings.DEFAULTS.withWorkers(2);
    }

    @Override
    public WorkOutcome work(WorkItem item) {
        long id = Long.parseLong(item.key());
        Plan plan = QuarkusTransaction.requiringNew().call(() -> runs.plan(id)).orElse(null);
        if (plan == null) {
            return WorkOutcome.done();
        }
        List<Step> steps = steps(plan.from(), plan.to());
        if (item.interrupted()) {
            LOG.infof("Order reconciliation %d of shop %s taken over from a replica that stopped, at listing %d of %d",
                    id, plan.shopId(), plan.stepsDone() + 1, steps.size());
        }
        try {
            for (int step = plan.stepsDone(); step < steps.size(); step++) {
                list(plan, steps.get(step));
                int done = step + 1;
                QuarkusTransaction.requiringNew().run(() -> runs.stepDone(id, done));
            }
            QuarkusTransaction.requiringNew().run(() -> runs.finish(id, clock.instant()));
            Run run = run(plan.shopId(), id);
            LOG.infof("Reconciled shop %s (run %d): %d listed, %d fetched, %d fixed, %d findings, %d failed", plan.shopId(), id,
                    run.counts().listed(), run.counts().fetched(), run.counts().fixed(), run.counts().findings(),
                    run.counts().failed());
        } catch (RuntimeException e) {
            String reason = Failures.describe(e);
            if (Failures.classify(e) == FailureKind.TRANSIENT) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> runs.waiting(id, reason));
                } catch (RuntimeException unrecorded) {
                    // The database is away too; the run says so once it is back.
                }
                throw e;
            }
            LOG.warnf(e, "Order reconciliation %d of shop %s failed", id, plan.shopId());
            QuarkusTransaction.requiringNew().run(() -> runs.fail(id, clock.instant(), reason));
        }
        return WorkOutcome.done();
    }

    /** Every page of one listing, each compared and counted before the next is asked for. */
    private void list(Plan plan, Step step) {
        String nextKey = null;
        do {
            WeChatShopClient.OrderPage page = client.ordersUpdated(plan.shopId(), step.from(), step.to(), step.status(), nextKey);
            int fetched = compare(plan, step.status(), page.orderIds());
            QuarkusTransaction.requiringNew().run(() -> runs.counted(plan.id(), page.orderIds().size(), fetched));
            nextKey = page.hasMore() ? page.nextKey() : null;
        } while (nextKey != null);
    }

    /** Compares one page of listed orders; returns how many were read with order/get. */
    private int compare(Plan plan, int status, List<String> orderIds) {
        if (orderIds.isEmpty()) {
            return 0;
        }
        String shopId = plan.shopId();
        Map<String, Comparison.Look> looks = QuarkusTransaction.requiringNew().call(() -> comparison.look(shopId, status, orderIds));
        int fetched = 0;
        for (String orderId : orderIds) {
            switch (looks.get(orderId)) {
                case AGREES -> {
                }
                case DECLARED -> guarded(plan, orderId, () ->
                        QuarkusTransaction.requiringNew().run(() -> comparison.declared(plan.id(), shopId, orderId)));
                case FETCH -> {
                    fetched++;
                    guarded(plan, orderId, () -> {
                        PlatformOrder platform = client.order(shopId, orderId);
                        QuarkusTransaction.requiringNew().run(() -> comparison.compare(plan.id(), shopId, platform));
                    });
                }
            }
        }
        return fetched;
    }

    /**
     * One order's comparison, a failure of its own noted in the run while the rest go on. A transient failure is
     * the shop's (the platform or the database away), not the order's: it ends the attempt, for the queue to retry.
     */
    private void guarded(Plan plan, String orderId, Runnable compare) {
        try {
            compare.run();
        } catch (RuntimeException e) {
            if (Failures.classify(e) == FailureKind.TRANSIENT) {
                throw e;
            }
            LOG.warnf("Order reconciliation %d of shop %s could not compare order %s: %s", plan.id(), plan.shopId(), orderId,
                    Failures.describe(e));
            QuarkusTransaction.requiringNew().run(() ->
                    runs.note(plan.id(), orderId, Outcome.FAILED, "ERROR", Failures.describe(e)));
        }
    }

    /** The listings of a window: each 7-day slice, each listed status. */
    private static List<Step> steps(Instant from, Instant to) {
        List<Step> steps = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(WeChatShopClient.MAX_LIST_WINDOW)) {
            Instant end = start.plus(WeChatShopClient.MAX_LIST_WINDOW).isBefore(to) ? start.plus(WeChatShopClient.MAX_LIST_WINDOW) : to;
            for (int status : LISTED) {
                steps.add(new Step(start, end, status));
            }
        }
        return steps;
    }
}
