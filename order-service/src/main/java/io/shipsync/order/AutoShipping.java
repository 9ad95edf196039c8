package io.shipsync.order;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.events.DriftKind;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.order.config.OrderRulesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * 自动发货: declares printed waybills (打单 → WaybillPrinted) per the shop's rule: at once, after 30
 * minutes, after 24 hours (presale), or never (manual only). Each pending declaration is a row with a
 * due time, so timers survive restarts; time comes from the injectable clock.
 */
@ApplicationScoped
public class AutoShipping {

    private static final Logger LOG = Logger.getLogger(AutoShipping.class);
    private static final Duration RECHECK = Duration.ofMinutes(1);

    /** When a printed waybill is declared. */
    public enum Mode { IMMEDIATELY, AFTER_30_MINUTES, AFTER_24_HOURS, MANUAL_ONLY }

    private final EntityManager entityManager;
    private final Shipping shipping;
    private final Holds holds;
    private final Findings findings;
    private final OrderRulesConfig rules;
    private final Clock clock;

    AutoShipping(EntityManager entityManager, Shipping shipping, Holds holds, Findings findings,
                 OrderRulesConfig rules, Clock clock) {
        this.entityManager = entityManager;
        this.shipping = shipping;
        this.holds = holds;
        this.findings = findings;
        this.rules = rules;
        this.clock = clock;
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
        entityManager.createNativeQuery("""
                INSERT INTO scheduled_declarations (shop_id, order_id, waybill_id, carrier_code, tracking_number, due_at,
                    status, outcome, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (shop_id, waybill_id, tracking_number) DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, waybill.orderId()).setParameter(3, waybill.waybillId())
                .setParameter(4, waybill.carrierCode()).setParameter(5, waybill.trackingNumber()).setParameter(6, due)
                .setParameter(7, mode == Mode.MANUAL_ONLY ? "MANUAL" : "WAITING")
                .setParameter(8, mode == Mode.MANUAL_ONLY ? "the shop declares by hand" : null)
                .setParameter(9, clock.instant())
                .executeUpdate();
    }

    @Scheduled(every = "${shipsync.orders.auto-ship-poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void declareDue() {
        @SuppressWarnings("unchecked")
        List<Number> due = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                SELECT id FROM scheduled_declarations WHERE status = 'WAITING' AND due_at <= ?1 ORDER BY due_at LIMIT 100""")
                .setParameter(1, clock.instant()).getResultList());
        due.forEach(id -> declare(id.longValue()));
    }

    /** Declares one scheduled waybill now, unless another replica holds it or it no longer waits. */
    void declare(long id) {
        QuarkusTransaction.requiringNew().run(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                    SELECT shop_id, order_id, carrier_code, tracking_number FROM scheduled_declarations
                    WHERE id = ?1 AND status = 'WAITING' FOR UPDATE SKIP LOCKED""").setParameter(1, id).getResultList();
            if (rows.isEmpty()) {
                return;
            }
            String shopId = (String) rows.get(0)[0];
            String orderId = (String) rows.get(0)[1];
            String carrier = (String) rows.get(0)[2];
            String number = (String) rows.get(0)[3];
            // Locked before the packages are read, as Shipping.declare does: a manual declaration racing
            // this one has either committed (and is seen below) or waits for this one to commit.
            Order order = Order.findForUpdate(shopId, orderId).orElse(null);
            if (order == null || holds.open(shopId, orderId).isPresent()) {
                // Printed before the order reached us, or held: look again shortly rather than fail.
                finish(id, "WAITING", order == null ? "order not known yet" : "order is held", clock.instant().plus(RECHECK));
                return;
            }
            List<ShipmentPackage> live = ShipmentPackage.live(shopId, orderId);
            Map<String, Integer> remaining = Shipping.remaining(order, live);
            List<ShipmentPackage.Item> items = order.lines.stream()
                    .filter(l -> remaining.getOrDefault(l.productId + "/" + l.skuId, 0) > 0)
                    .map(l -> new ShipmentPackage.Item(l.productId, l.skuId, remaining.get(l.productId + "/" + l.skuId)))
                    .distinct().toList();
            boolean alreadyDeclared = live.stream().anyMatch(p -> p.trackingNumber.equals(number));
            try {
                if (!alreadyDeclared && items.isEmpty()) {
                    throw ProblemException.conflict("自动发货规则冲突: every item of order " + orderId
                            + " is already declared under another tracking number; " + carrier + " " + number + " was not declared");
                }
                shipping.declare(shopId, orderId, new Shipping.Declaration(
                        List.of(new Shipping.PackageRequest(carrier, number, alreadyDeclared ? List.of() : items)), false), "auto-ship");
                finish(id, "DONE", "declared", null);
            } catch (ProblemException e) {
                LOG.warnf("Auto-ship of %s %s for order %s refused: %s", carrier, number, orderId, e.getMessage());
                finish(id, "REFUSED", e.getMessage(), null);
                List<String> local = ShipmentPackage.live(shopId, orderId).stream().map(p -> p.trackingNumber).toList();
                findings.report(shopId, orderId, DriftKind.TRACKING_MISMATCH, e.getMessage(), null, local, List.of(number));
            }
        });
    }

    private void finish(long id, String status, String outcome, Instant recheckAt) {
        entityManager.createNativeQuery("""
                UPDATE scheduled_declarations SET status = ?2, outcome = ?3, due_at = coalesce(?4, due_at) WHERE id = ?1""")
                .setParameter(1, id).setParameter(2, status).setParameter(3, outcome).setParameter(4, recheckAt)
                .executeUpdate();
    }
}
