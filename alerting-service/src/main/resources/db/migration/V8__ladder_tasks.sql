-- The stall ladder's work for people: 联系快递 at its first step, 赔付 (a compensation case) at its last. One per number,
-- kind and stall (stalled_since: the last movement the ladder counts from), so a restarted sweep opens none twice.
CREATE TABLE ladder_tasks (
    id              bigserial    PRIMARY KEY,
    shop_id         varchar(64)  NOT NULL,
    tracking_number varchar(64)  NOT NULL,
    carrier_code    varchar(32)  NOT NULL,
    order_id        varchar(64),
    kind            varchar(24)  NOT NULL CHECK (kind IN ('CONTACT_CARRIER', 'COMPENSATION_CASE')),
    stalled_since   timestamptz  NOT NULL,
    opened_at       timestamptz  NOT NULL,  -- the step's threshold, in event time
    state           varchar(8)   NOT NULL CHECK (state IN ('OPEN', 'DONE', 'OBSOLETE')),
    closed_at       timestamptz,
    closed_by       varchar(128),           -- an operator, or "system" when tracking moved
    note            text,
    UNIQUE (shop_id, tracking_number, kind, stalled_since),
    CHECK ((state = 'OPEN') = (closed_at IS NULL))
);
CREATE INDEX ladder_tasks_open ON ladder_tasks (shop_id, state, opened_at);
