-- Tracking (物流轨迹) v2 and the rules on it: first scan, anomalies and the stall ladder.

-- Why a parcel's status is EXCEPTION (疑难, 拒签, 派件异常), as TrackingUpdated v2 says.
ALTER TABLE ops_tracking ADD COLUMN exception_reason text;

-- What logistics-service found wrong with a number's feed or watch (物流轨迹异常), one row per kind: the latest
-- finding and how often it was seen, in event time (the TrackingAnomaly's occurredAt).
CREATE TABLE ops_tracking_anomalies (
    shop_id         varchar(64) NOT NULL,
    tracking_number varchar(64) NOT NULL,
    kind            varchar(24) NOT NULL,
    carrier_code    varchar(32) NOT NULL,
    order_id        varchar(64),
    finding         text        NOT NULL,
    checkpoint_at   timestamptz,            -- the entry concerned, when the finding is about one
    first_seen_at   timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    sightings       int         NOT NULL CHECK (sightings >= 1),
    PRIMARY KEY (shop_id, tracking_number, kind)
);

-- The stall ladder's thresholds (minutes without movement for each step), for the rule that has a ladder.
ALTER TABLE alert_rules ADD COLUMN ladder_minutes int[];

-- The ladder step a timer has passed, advanced in the transaction that raises or escalates its alert, so a restart
-- neither loses nor repeats a step. 0 for timers without steps.
ALTER TABLE rule_timers ADD COLUMN step int NOT NULL DEFAULT 0 CHECK (step >= 0);

ALTER TABLE alert_actions DROP CONSTRAINT alert_actions_action_check;
ALTER TABLE alert_actions ADD CONSTRAINT alert_actions_action_check
    CHECK (action IN ('RAISED', 'REPEATED', 'ESCALATED', 'ACKNOWLEDGED', 'ASSIGNED', 'RESOLVED'));
