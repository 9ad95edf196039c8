-- 告警: one row per alert. At most one unresolved alert per (shop, rule, subject): a sighting while one is open
-- counts a repeat on it (the partial unique index is what the raising upsert conflicts on).
CREATE TABLE alerts (
    id              bigserial    PRIMARY KEY,
    shop_id         varchar(64)  NOT NULL,
    rule            varchar(40)  NOT NULL,
    subject_type    varchar(24)  NOT NULL,
    subject_id      varchar(160) NOT NULL,
    severity        varchar(8)   NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
    state           varchar(16)  NOT NULL CHECK (state IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    summary         text         NOT NULL,
    repeats         int          NOT NULL CHECK (repeats >= 1),
    raised_at       timestamptz  NOT NULL,
    last_seen_at    timestamptz  NOT NULL,
    acknowledged_at timestamptz,
    acknowledged_by varchar(128),
    assignee        varchar(128),
    resolved_at     timestamptz,
    resolution      varchar(24)  CHECK (resolution IN ('CONDITION_CLEARED', 'OPERATOR')),
    resolved_by     varchar(128),
    CHECK ((state = 'RESOLVED') = (resolved_at IS NOT NULL))
);
CREATE UNIQUE INDEX alerts_one_unresolved ON alerts (shop_id, rule, subject_type, subject_id) WHERE state <> 'RESOLVED';
CREATE INDEX alerts_by_shop ON alerts (shop_id, raised_at DESC, id DESC);

-- Who did what to an alert, and when: the rules (actor 'system') raising, repeating and clearing it, and operators
-- acknowledging, assigning and resolving it.
CREATE TABLE alert_actions (
    id       bigserial    PRIMARY KEY,
    alert_id bigint       NOT NULL REFERENCES alerts,
    action   varchar(16)  NOT NULL CHECK (action IN ('RAISED', 'REPEATED', 'ACKNOWLEDGED', 'ASSIGNED', 'RESOLVED')),
    actor    varchar(128) NOT NULL,
    note     text,
    event_id uuid,                       -- the event that made the rule act; null for operators and timers
    at       timestamptz  NOT NULL
);
CREATE INDEX alert_actions_of_alert ON alert_actions (alert_id, id);

-- A shop's own settings of a rule; a rule without a row here runs with its defaults.
CREATE TABLE alert_rules (
    shop_id        varchar(64)  NOT NULL,
    rule           varchar(40)  NOT NULL,
    enabled        boolean      NOT NULL,
    severity       varchar(8)   NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
    window_minutes int          CHECK (window_minutes > 0),
    level          varchar(24),
    updated_at     timestamptz  NOT NULL,
    updated_by     varchar(128) NOT NULL,
    PRIMARY KEY (shop_id, rule)
);

-- Timers are rows: a rule's deadline for one thing of a subject (e.g. the declaration of one printed parcel), found
-- by one indexed sweep against the injected clock. A fired timer stays until its thing settles, so the rule knows
-- what still holds its alert open.
CREATE TABLE rule_timers (
    shop_id      varchar(64)  NOT NULL,
    rule         varchar(40)  NOT NULL,
    subject_type varchar(24)  NOT NULL,
    subject_id   varchar(160) NOT NULL,
    timer_key    varchar(64)  NOT NULL,
    due_at       timestamptz  NOT NULL,
    fired_at     timestamptz,
    PRIMARY KEY (shop_id, rule, subject_type, subject_id, timer_key)
);
CREATE INDEX rule_timers_due ON rule_timers (due_at) WHERE fired_at IS NULL;
