package io.shipsync.alerting;

import io.shipsync.events.AlertSeverity;
import io.shipsync.events.StockLevel;
import java.time.Duration;
import java.util.List;

/**
 * The rules alerting-service watches the operations read model with. Each has defaults a shop may change
 * ({@link RuleBook}); {@code window}, {@code level} and {@code ladder} exist only for the rules that need them.
 */
public enum Rule {

    /** G1: a printed waybill (打单) not declared (发货) within the shop's auto-ship window; per order. */
    PRINTED_NOT_DECLARED(SubjectType.ORDER, AlertSeverity.CRITICAL, Duration.ofMinutes(60), null,
            "A printed waybill is not declared to the platform within the window (minutes after printing)."),
    /** 自动发货规则冲突: more tracking numbers than the order's items need, e.g. two waybills for the same items. */
    DUPLICATE_TRACKING(SubjectType.ORDER, AlertSeverity.CRITICAL, null, null,
            "An order has more than one live tracking number for the same items."),
    /** 不同步: order-service's reconciliation found the platform and us disagreeing, or a declaration refused. */
    DRIFT_DETECTED(SubjectType.ORDER, AlertSeverity.CRITICAL, null, null,
            "Reconciliation found the platform's order and ours disagreeing, or the platform refused a declaration."),
    /** 风控审核: an order held for fraud review, until it is released or cancelled. */
    FRAUD_HOLD(SubjectType.ORDER, AlertSeverity.WARNING, null, null,
            "An order is held for fraud review."),
    /** 库存预警: available stock at or below a warning level. */
    STOCK_LOW(SubjectType.SKU, AlertSeverity.WARNING, null, StockLevel.BELOW_FIRST_WARNING,
            "Available stock has fallen to the level or below it."),
    /** 冻结: a SKU frozen for sale, until it is unfrozen. */
    STOCK_FROZEN(SubjectType.SKU, AlertSeverity.WARNING, null, null,
            "A SKU is frozen for sale."),
    /** 缺货: a SKU short for orders, until stock covers them or they are cancelled. */
    STOCK_SHORTAGE(SubjectType.SKU, AlertSeverity.CRITICAL, null, null,
            "A SKU has too little stock for paid orders."),
    /** 库存未及时更新: the platform showed other stock than ours; clears after a window without another difference. */
    STOCK_DISCREPANCY(SubjectType.SKU, AlertSeverity.WARNING, Duration.ofMinutes(30), null,
            "The platform showed other stock than ours; clears after the window (minutes) without another difference."),
    /** An e-waybill account (电子面单账号) not authorised, not opened, or low on balance, until it is AUTHORIZED again. */
    CARRIER_ACCOUNT_PROBLEM(SubjectType.CARRIER_ACCOUNT, AlertSeverity.CRITICAL, null, null,
            "An e-waybill account is not authorised, not opened, or low on balance."),
    /** 物流单号未同步: a declared parcel without a first carrier scan within the window. */
    NO_FIRST_SCAN(SubjectType.TRACKING_NUMBER, AlertSeverity.WARNING, Duration.ofHours(24), null,
            "A declared parcel has no first carrier scan within the window (minutes after the declaration)."),
    /** 物流轨迹异常: logistics-service found a number's feed garbled, repeated, impossible, on a wrong route, or refused. */
    TRACKING_ANOMALY(SubjectType.TRACKING_NUMBER, AlertSeverity.WARNING, null, null,
            "The tracking feed of a number is garbled, repeated, impossible, on a wrong route, aborted or refused."),
    /** The stall ladder (物流停滞): a scanned parcel without tracking movement, escalated at each threshold. */
    TRACKING_STALLED(SubjectType.TRACKING_NUMBER, AlertSeverity.WARNING, null, null, StallStep.defaultLadder(),
            "A scanned parcel has not moved: contact the carrier, remind the buyer, switch carrier, open a compensation"
                    + " case at the ladder's thresholds (minutes since the last movement)."),
    /** 发货未同步: a declaration the platform refused, or has not acknowledged within the window; per order. */
    DECLARATION_NOT_SYNCED(SubjectType.ORDER, AlertSeverity.CRITICAL, Duration.ofMinutes(10), null,
            "A declaration the platform refused, or has not acknowledged within the window (minutes after declaring)."),
    /** 死信: a service dead-lettered one of the shop's events; an operator resolves it once the letters are redriven. */
    DEAD_LETTERS(SubjectType.SERVICE, AlertSeverity.CRITICAL, null, null,
            "A service could not apply one of the shop's events and dead-lettered it."),
    /** 消费停滞: a service's consumer has retried one record longer than the window (a dependency down); from metrics. */
    CONSUMER_STALLED(SubjectType.SERVICE, AlertSeverity.CRITICAL, Duration.ofMinutes(5), null,
            "A service's consumer has waited on one record longer than the window (minutes); read from its metrics."),
    /** 队列停滞: a work queue's oldest due item has waited longer than the window; from metrics. */
    QUEUE_STALLED(SubjectType.SERVICE, AlertSeverity.CRITICAL, Duration.ofMinutes(10), null,
            "A work queue's oldest due item has waited longer than the window (minutes); read from its service's metrics."),
    /** A work queue holds items that failed for good (its dead letters); from metrics. */
    QUEUE_DEAD_ITEMS(SubjectType.SERVICE, AlertSeverity.WARNING, null, null,
            "A work queue holds items that failed for good; read from its service's metrics.");

    private final SubjectType subjectType;
    private final AlertSeverity severity;
    private final Duration window;
    private final StockLevel level;
    private final List<Duration> ladder;
    private final String description;

    Rule(SubjectType subjectType, AlertSeverity severity, Duration window, StockLevel level, String description) {
        this(subjectType, severity, window, level, null, description);
    }

    Rule(SubjectType subjectType, AlertSeverity severity, Duration window, StockLevel level, List<Duration> ladder,
         String description) {
        this.subjectType = subjectType;
        this.severity = severity;
        this.window = window;
        this.level = level;
        this.ladder = ladder;
        this.description = description;
    }

    public SubjectType subjectType() {
        return subjectType;
    }

    public String description() {
        return description;
    }

    public boolean hasWindow() {
        return window != null;
    }

    public boolean hasLevel() {
        return level != null;
    }

    public boolean hasLadder() {
        return ladder != null;
    }

    /** What the rule does for a shop that has not set it. */
    public RuleSettings defaults() {
        return new RuleSettings(true, severity, window, level, ladder);
    }
}
