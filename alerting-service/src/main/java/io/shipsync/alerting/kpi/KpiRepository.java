package io.shipsync.alerting.kpi;

import io.shipsync.alerting.kpi.Kpis.AbnormalOrders;
import io.shipsync.alerting.kpi.Kpis.AlertFigures;
import io.shipsync.alerting.kpi.Kpis.InventoryAccuracy;
import io.shipsync.alerting.kpi.Kpis.Latency;
import io.shipsync.alerting.kpi.Kpis.RuleAlerts;
import io.shipsync.alerting.kpi.Kpis.ShippedWithin24h;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

/**
 * A shop's KPIs for a period, read with native SQL from the operations read model ({@code ops_*}) and the alerts.
 * Every query is bounded by event times ({@code ?2} from, inclusive; {@code ?3} until, exclusive); columns are read by
 * name. The definitions are the README's (KPIs).
 */
@ApplicationScoped
public class KpiRepository {

    /** Seconds between two timestamptz, as a double (extract gives numeric). */
    private static final String SECONDS = "CAST(extract(epoch FROM %s - %s) AS float8)";
    private static final String PERCENTILES = """
            SELECT count(*) AS n,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS p50,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS p90
            FROM (%s) measured""";

    private final Session session;

    KpiRepository(Session session) {
        this.session = session;
    }

    /** One transaction for all the figures: they are read together. */
    @Transactional
    public Kpis kpis(String shopId, Period period) {
        return new Kpis(shopId, period, paidToDeclared(shopId, period), printedToAcknowledged(shopId, period),
                declaredToFirstScan(shopId, period), shippedWithin24h(shopId, period), abnormalOrders(shopId, period),
                inventoryAccuracy(shopId, period), alerts(shopId, period));
    }

    /** Orders first declared (发货) in the period: payment to first declaration. */
    Latency paidToDeclared(String shopId, Period period) {
        return latency(shopId, period, "SELECT " + SECONDS.formatted("first_declared_at", "paid_at") + """
                 AS s FROM ops_orders
                WHERE shop_id = ?1 AND paid_at IS NOT NULL AND first_declared_at >= ?2 AND first_declared_at < ?3""");
    }

    /**
     * Parcels whose declaration the platform acknowledged in the period: the waybill's first print (reprints keep it)
     * to the acknowledgement. A parcel only declared (never printed here) has no print to measure from.
     */
    Latency printedToAcknowledged(String shopId, Period period) {
        return latency(shopId, period, "SELECT " + SECONDS.formatted("acknowledged_at", "printed_at") + """
                 AS s FROM ops_parcels
                WHERE shop_id = ?1 AND printed_at IS NOT NULL AND acknowledged_at >= ?2 AND acknowledged_at < ?3""");
    }

    /**
     * Tracking numbers (ops_tracking is keyed by shop and number) whose first scan (揽收) became known in the period,
     * from the number's first declaration by any order. A number scanned before its declaration measures 0: the scan
     * was there when it was declared; it counts in the period of its declaration.
     */
    Latency declaredToFirstScan(String shopId, Period period) {
        return latency(shopId, period, """
                SELECT greatest(""" + SECONDS.formatted("t.first_scan_at", "p.declared_at") + """
                , 0) AS s
                FROM (SELECT tracking_number, min(declared_at) AS declared_at FROM ops_parcels
                      WHERE shop_id = ?1 AND declared_at < ?3 GROUP BY tracking_number) p
                JOIN ops_tracking t ON t.shop_id = ?1 AND t.tracking_number = p.tracking_number
                WHERE t.first_scan_at IS NOT NULL
                  AND greatest(t.first_scan_at, p.declared_at) >= ?2 AND greatest(t.first_scan_at, p.declared_at) < ?3""");
    }

    private Latency latency(String shopId, Period period, String measured) {
        Tuple row = bind(session.createNativeQuery(PERCENTILES.formatted(measured), Tuple.class), shopId, period)
                .getSingleResult();
        return new Latency(row.get("n", Long.class), row.get("p50", Double.class), row.get("p90", Double.class));
    }

    /**
     * Orders paid in the period that were declared, or whose 24 h had passed by the period's end (so they can no
     * longer make it); an order cancelled undeclared within its 24 h owed no shipment and does not count.
     */
    ShippedWithin24h shippedWithin24h(String shopId, Period period) {
        Tuple row = bind(session.createNativeQuery("""
                SELECT count(*) AS orders,
                       count(*) FILTER (WHERE first_declared_at <= paid_at + interval '24 hours') AS within
                FROM ops_orders
                WHERE shop_id = ?1 AND paid_at >= ?2 AND paid_at < ?3
                  AND (first_declared_at IS NOT NULL OR paid_at + interval '24 hours' <= ?3)
                  AND NOT (first_declared_at IS NULL
                           AND coalesce(cancelled_at <= paid_at + interval '24 hours', false))""",
                Tuple.class), shopId, period).getSingleResult();
        long orders = row.get("orders", Long.class);
        long within = row.get("within", Long.class);
        Double share = ratio(within, orders);
        return new ShippedWithin24h(orders, within, share, Kpis.SHIPPED_WITHIN_24H_TARGET,
                share == null ? null : share >= Kpis.SHIPPED_WITHIN_24H_TARGET);
    }

    /** Orders paid in the period, and those of them with any alert (any rule, any time) about the order or a parcel. */
    AbnormalOrders abnormalOrders(String shopId, Period period) {
        Tuple row = bind(session.createNativeQuery("""
                SELECT count(*) AS orders,
                       count(*) FILTER (WHERE
                         EXISTS (SELECT 1 FROM alerts a
                                 WHERE a.shop_id = o.shop_id AND a.subject_type = 'ORDER' AND a.subject_id = o.order_id)
                         OR EXISTS (SELECT 1 FROM ops_parcels p
                                    JOIN alerts a ON a.shop_id = p.shop_id AND a.subject_type = 'TRACKING_NUMBER'
                                                 AND a.subject_id = p.tracking_number
                                    WHERE p.shop_id = o.shop_id AND p.order_id = o.order_id)) AS abnormal
                FROM ops_orders o
                WHERE o.shop_id = ?1 AND o.paid_at >= ?2 AND o.paid_at < ?3""", Tuple.class), shopId, period)
                .getSingleResult();
        long orders = row.get("orders", Long.class);
        long abnormal = row.get("abnormal", Long.class);
        return new AbnormalOrders(orders, abnormal, ratio(abnormal, orders));
    }

    /**
     * No event summarises a stock reconciliation, so accuracy is measured by its differences: (SKU, warehouse) pairs
     * with a StockDiscrepancy detected in the period, among all pairs the read model knows for the shop (ops_skus, plus
     * any pair known only from a difference).
     */
    InventoryAccuracy inventoryAccuracy(String shopId, Period period) {
        Tuple row = bind(session.createNativeQuery("""
                WITH discrepant AS (
                  SELECT DISTINCT sku_id, warehouse_id FROM ops_stock_discrepancies
                  WHERE shop_id = ?1 AND detected_at >= ?2 AND detected_at < ?3),
                known AS (
                  SELECT sku_id, warehouse_id FROM ops_skus WHERE shop_id = ?1
                  UNION SELECT sku_id, warehouse_id FROM discrepant)
                SELECT (SELECT count(*) FROM known) AS skus, (SELECT count(*) FROM discrepant) AS discrepant""",
                Tuple.class), shopId, period).getSingleResult();
        long skus = row.get("skus", Long.class);
        long discrepant = row.get("discrepant", Long.class);
        Double share = ratio(discrepant, skus);
        return new InventoryAccuracy(skus, discrepant, share == null ? null : 1 - share);
    }

    /**
     * Alerts raised in the period, in total (the empty grouping set, rule null) and per rule. Acknowledgement and
     * resolution times are the alert's own columns, the times of its ACKNOWLEDGED and RESOLVED actions.
     */
    AlertFigures alerts(String shopId, Period period) {
        List<Tuple> rows = bind(session.createNativeQuery("""
                SELECT rule, count(*) AS raised, count(acknowledged_at) AS acknowledged, count(resolved_at) AS resolved,
                       CAST(avg(extract(epoch FROM acknowledged_at - raised_at)) AS float8) AS to_acknowledge,
                       CAST(avg(extract(epoch FROM resolved_at - raised_at)) AS float8) AS to_resolve
                FROM alerts
                WHERE shop_id = ?1 AND raised_at >= ?2 AND raised_at < ?3
                GROUP BY GROUPING SETS ((rule), ())
                ORDER BY rule NULLS FIRST""", Tuple.class), shopId, period).getResultList();
        // The empty grouping set always yields the total row, first; the rules follow by name.
        Tuple total = rows.get(0);
        List<RuleAlerts> byRule = new ArrayList<>();
        for (Tuple row : rows.subList(1, rows.size())) {
            byRule.add(new RuleAlerts(row.get("rule", String.class), row.get("raised", Long.class),
                    row.get("acknowledged", Long.class), row.get("resolved", Long.class),
                    row.get("to_acknowledge", Double.class), row.get("to_resolve", Double.class)));
        }
        return new AlertFigures(total.get("raised", Long.class), total.get("acknowledged", Long.class),
                total.get("resolved", Long.class), total.get("to_acknowledge", Double.class),
                total.get("to_resolve", Double.class), List.copyOf(byRule));
    }

    private static <T extends NativeQuery<?>> T bind(T query, String shopId, Period period) {
        query.setParameter(1, shopId).setParameter(2, period.from()).setParameter(3, period.until());
        return query;
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
