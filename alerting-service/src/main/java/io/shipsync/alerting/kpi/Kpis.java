package io.shipsync.alerting.kpi;

import java.util.List;

/**
 * A shop's KPIs (运营指标) for one {@link Period}, computed from the operations read model and the alerts, in event
 * time only: the same events give the same figures whenever they are computed. Each figure carries the counts it is
 * made of; a ratio or percentile is null when there is nothing to measure. The definitions are in the README (KPIs).
 *
 * @param paidToDeclared        付款 → 发货: orders first declared in the period, from payment to first declaration
 * @param printedToAcknowledged 打单 → 平台确认: parcels the platform acknowledged in the period, from first print
 * @param declaredToFirstScan   发货 → 揽收: tracking numbers whose first scan came in the period, from first declaration
 * @param shippedWithin24h      24 小时发货率 of orders paid in the period
 * @param abnormalOrders        异常订单率 of orders paid in the period
 * @param inventoryAccuracy     库存准确率: SKUs without a platform stock difference in the period
 * @param alerts                alerts raised in the period, by rule, with their mean times to acknowledge and resolve
 */
public record Kpis(String shopId, Period period, Latency paidToDeclared, Latency printedToAcknowledged,
                   Latency declaredToFirstScan, ShippedWithin24h shippedWithin24h, AbnormalOrders abnormalOrders,
                   InventoryAccuracy inventoryAccuracy, AlertFigures alerts) {

    /** The share of orders shipped within 24 h of payment the product promises. */
    public static final double SHIPPED_WITHIN_24H_TARGET = 0.98;

    /**
     * A latency's distribution: PostgreSQL {@code percentile_cont} (interpolated between the two nearest values), in
     * seconds.
     *
     * @param count how many pairs were measured
     */
    public record Latency(long count, Double p50Seconds, Double p90Seconds) {
    }

    /**
     * @param orders orders paid in the period that count: declared, or their 24 h over by the period's end, and not
     *               cancelled undeclared within their 24 h
     * @param within of those, first declared at most 24 h after payment
     * @param share  within ÷ orders
     * @param met    share ≥ target; null without orders
     */
    public record ShippedWithin24h(long orders, long within, Double share, double target, Boolean met) {
    }

    /**
     * @param orders   orders paid in the period
     * @param abnormal of those, orders with any alert about the order or one of its parcels' tracking numbers
     * @param rate     abnormal ÷ orders
     */
    public record AbnormalOrders(long orders, long abnormal, Double rate) {
    }

    /**
     * @param skus       (SKU, warehouse) pairs the read model knows for the shop
     * @param discrepant of those, pairs with a platform stock difference (StockDiscrepancy) detected in the period
     * @param accuracy   1 − discrepant ÷ skus
     */
    public record InventoryAccuracy(long skus, long discrepant, Double accuracy) {
    }

    /**
     * Alerts raised in the period, all together and by rule (only rules that raised any), in seconds.
     *
     * @param acknowledged            of those, acknowledged by an operator (at any time)
     * @param resolved                of those, resolved (by their condition clearing or an operator, at any time)
     * @param meanSecondsToAcknowledge mean of acknowledged − raised over the acknowledged ones
     * @param meanSecondsToResolve     mean of resolved − raised over the resolved ones
     */
    public record AlertFigures(long raised, long acknowledged, long resolved, Double meanSecondsToAcknowledge,
                               Double meanSecondsToResolve, List<RuleAlerts> byRule) {
    }

    /** One rule's share of {@link AlertFigures}; {@code rule} is the rule's name (e.g. {@code NO_FIRST_SCAN}). */
    public record RuleAlerts(String rule, long raised, long acknowledged, long resolved, Double meanSecondsToAcknowledge,
                             Double meanSecondsToResolve) {
    }
}
