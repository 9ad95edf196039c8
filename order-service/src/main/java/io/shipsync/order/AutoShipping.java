package io.shipsync.order;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.DriftKind;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.order.config.OrderRulesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * 自动发货: declares printed waybills (打单 → WaybillPrinted) per the shop's rule: at once, after 30
 * minutes, after 24 hours (presale), or never (manual only). Each pending declaration is a row, and a work
 * item due at its time (queue {@value #QUEUE}), so timers survive restarts; time comes from the injectable
 * clock. Each runs alone: a declaration refused for one order is recorded (REFUSED, a finding) in a transaction
 * of its own and never holds up another's.
 */
@ApplicationScoped
public class AutoShipping implements WorkHandler {

    public static final String QUEUE = "auto-ship";

    private static final Logger LOG = Logger.getLogger(AutoShipping.class);
    private static final Duration RECHECK = Duration.ofMinutes(1);

    /** When a printed waybill is declared. */
    public enum Mode { IMMEDIATELY, AFTER_30_MINUTES, AFTER_24_HOURS, MANUAL_ONLY }

    private final EntityManager entityManager;
    private final Shipping shipping;
    private final Holds holds;
    private final Findings findings;
    private final OrderRulesConfig rules;
    private final WorkQueue work;
    private final Clock clock;

    AutoShipping(EntityManager entityManager, Shipping shipping, Holds holds, Findings findings,
                 OrderRulesConfig rules, WorkQueue work, Clock clock) {
        this.entityManager = entityManager;
        this.shipping = shipping;
        this.holds = holds;
        this.findings = findings;
        this.rules = rules;
        this.work = work;
        this.clock = clock;
    }

    /** A waybill waiting for its declaration, as its row holds it. */
    private record Scheduled(long id, String shopId, String orderId, String carrierCode, String trackingNumber) {
    }

    /** The shop's rule; shops that never chose one declare at once (G1: printed ⇒ declared). */
    public Mode mode(String shopId) {
        List<?> mode = entityManager.createNativeQuery("SELECT mode FROM auto_ship_rules WHERE shop_id = ?1")
                .setParameter(1, shopId).getResultList();
        return mode.isEmpty() ? Mode.IMMEDIATELY : Mode.valueOf((String) mode.get(0));
    }

    @Transactional
    public void setMode(String shopId, Mode mode) {
        entityManager.createNativeQuery("""
                INSERT INTO auto_ship_rules (shop_id, mode, updated_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (shop_id) DO UPDATE SET mode = EXCLUDED.mode, updated_at = EXCLUDED.updated_at""")
                .setParameter(1, shopId).setParameter(2, mode.name()).setParameter(3, clock.instant()).executeUpdate();
    }

    /** Schedules the declaration of a printed waybill; a reprint of the same number schedules nothing new. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void printed(String shopId, WaybillPrinted waybill) {
        Mode mode = mode(shopId);
        Instant due = switch (mode) {
            case IMMEDIATELY, MANUAL_ONLY -> waybill.printedAt();
            case AFTER_30_MINUTES -> waybill.printedAt().plus(rules.autoShipShortDelay());
            case AFTER_24_HOURS -> waybill.printedAt().plus(rules.autoShipLongDelay());
        };
        @SuppressWarnings("unchecked")
        List<Number> ids = entityManager.createNativeQuery("""
                INSERT INTO scheduled_declarations (shop_id, order_id, waybill_id, carrier_code, tracking_number, due_at,
                    status, outcome, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (shop_id, waybill_id, tracking_number) DO NOTHING
                RETURNING id""")
                .setParameter(1, shopId).setParameter(2, waybill.orderId()).setParameter(3, waybill.waybillId())
                .setParameter(4, waybill.carrierCode()).setParameter(5, waybill.trackingNumber()).setParameter(6, due)
                .setParameter(7, mode == Mode.MANUAL_ONLY ? "MANUAL" : "WAITING")
                .setParameter(8, mode == Mode.MANUAL_ONLY ? "the shop declares by hand" : null)
                .setParameter(9, clock.instant())
                .getResultList();
        if (!ids.isEmpty() && mode != Mode.MANUAL_ONLY) {
            work.submit(QUEUE, shopId, ids.get(0).toString(), due);
        }
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public Settings defaults() {
        return Settings.DEFAULTS.withPollInterval(rules.autoShipPollInterval());
    }

    /** Waybills scheduled before they went through the work queue are queued at start. */
    void requeueWaiting(@Observes StartupEvent startup) {
        work.requeueOrphans(QUEUE, "scheduled_declarations", "status = 'WAITING'", "due_at");
    }

    @Override
    public WorkOutcome work(WorkItem item) {
        return declare(Long.parseLong(item.key()));
    }

    /**
     * Declares one scheduled waybill now. A refusal rolls back the declaration's own transaction only; it is then
     * recorded, with its finding, in a new one.
     */
    WorkOutcome declare(long id) {
        Scheduled waybill = QuarkusTransaction.requiringNew().call(() -> waiting(id));
        if (waybill == null) {
            return WorkOutcome.done();
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> declare(waybill));
        } catch (RuntimeException e) {
            ProblemException refusal = refusal(e);
            if (refusal == null) {
                throw e;
            }
            LOG.warnf("Auto-ship of %s %s for order %s refused: %s", waybill.carrierCode(), waybill.trackingNumber(),
                    waybill.orderId(), refusal.getMessage());
            QuarkusTransaction.requiringNew().run(() -> {
                finish(id, "REFUSED", refusal.getMessage());
                List<String> local = ShipmentPackage.live(waybill.shopId(), waybill.orderId()).stream()
                        .map(p -> p.trackingNumber).toList();
                findings.report(waybill.shopId(), waybill.orderId(), DriftKind.TRACKING_MISMATCH, refusal.getMessage(), null,
                        local, List.of(waybill.trackingNumber()));
            });
            return WorkOutcome.done();
        }
    }

    private WorkOutcome declare(Scheduled waybill) {
        String shopId = waybill.shopId();
        String orderId = waybill.orderId();
        // Locked before the packages are read, as Shipping.declare does: a manual declaration racing
        // this one has either committed (and is seen below) or waits for this one to commit.
        Order order = Order.findForUpdate(shopId, orderId).orElse(null);
        if (order == null || holds.open(shopId, orderId).isPresent()) {
            // Printed before the order reached us, or held: look again shortly rather than fail.
            finish(waybill.id(), "WAITING", order == null ? "order not known yet" : "order is held");
            return WorkOutcome.retryAt(clock.instant().plus(RECHECK), order == null ? "order not known yet" : "order is held");
        }
        List<ShipmentPackage> live = ShipmentPackage.live(shopId, orderId);
        Map<String, Integer> remaining = Shipping.remaining(order, live);
        List<ShipmentPackage.Item> items = order.lines.stream()
                .filter(l -> remaining.getOrDefault(l.productId + "/" + l.skuId, 0) > 0)
                .map(l -> new ShipmentPackage.Item(l.productId, l.skuId, remaining.get(l.productId + "/" + l.skuId)))
                .distinct().toList();
        boolean alreadyDeclared = live.stream().anyMatch(p -> p.trackingNumber.equals(waybill.trackingNumber()));
        if (!alreadyDeclared && items.isEmpty()) {
            throw ProblemException.conflict("自动发货规则冲突: every item of order " + orderId
                    + " is already declared under another tracking number; " + waybill.carrierCode() + " "
                    + waybill.trackingNumber() + " was not declared");
        }
        shipping.declare(shopId, orderId, new Shipping.Declaration(List.of(new Shipping.PackageRequest(waybill.carrierCode(),
                waybill.trackingNumber(), alreadyDeclared ? List.of() : items)), false), "auto-ship");
        finish(waybill.id(), "DONE", "declared");
        return WorkOutcome.done();
    }

    private Scheduled waiting(long id) {
        List<Tuple> rows = entityManager.createNativeQuery("""
                SELECT id, shop_id, order_id, carrier_code, tracking_number FROM scheduled_declarations
                WHERE id = ?1 AND status = 'WAITING'""", Tuple.class).setParameter(1, id).getResultList();
        return rows.stream().map(r -> new Scheduled(r.get("id", Number.class).longValue(), r.get("shop_id", String.class),
                r.get("order_id", String.class), r.get("carrier_code", String.class), r.get("tracking_number", String.class)))
                .findFirst().orElse(null);
    }

    private static ProblemException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProblemException problem && problem.problem().status() < 500) {
                return problem;
            }
        }
        return null;
    }

    private void finish(long id, String status, String outcome) {
        entityManager.createNativeQuery("UPDATE scheduled_declarations SET status = ?2, outcome = ?3 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, status).setParameter(3, outcome).executeUpdate();
    }
}
