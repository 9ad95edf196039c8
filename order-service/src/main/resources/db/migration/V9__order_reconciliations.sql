-- 订单对账: each reconciliation of a shop's orders with the platform is a run, recorded RUNNING when it starts and
-- carried out as an item of eventing's work queue (queue 'order-reconciliation', item key = run id): the item's
-- lease gives the run one executor, and a replica that dies mid-run has it taken over where it stood.
-- At most one unfinished run per shop.
CREATE TABLE order_reconciliations (
    id           bigserial    PRIMARY KEY,
    shop_id      varchar(64)  NOT NULL,
    state        varchar(8)   NOT NULL CHECK (state IN ('RUNNING', 'FINISHED', 'FAILED')),
    -- 'schedule', or the operator who asked
    requested_by varchar(128) NOT NULL,
    -- orders the platform updated in this window (order/list/get update_time_range)
    window_from  timestamptz  NOT NULL,
    window_to    timestamptz  NOT NULL,
    started_at   timestamptz  NOT NULL,
    finished_at  timestamptz,
    -- listings finished (one per 7-day slice and order status): a run taken over goes on from the next one
    steps_done   int          NOT NULL DEFAULT 0,
    -- order ids the listings returned, and orders read with order/get (the shop's API quota spent on them)
    listed       int          NOT NULL DEFAULT 0,
    fetched      int          NOT NULL DEFAULT 0,
    -- why it FAILED, or what it waits out while RUNNING (the platform or the database away)
    last_error   text,
    CHECK (window_from < window_to)
);
CREATE UNIQUE INDEX order_reconciliations_unfinished ON order_reconciliations (shop_id) WHERE state = 'RUNNING';
CREATE INDEX order_reconciliations_shop ON order_reconciliations (shop_id, id);

-- What a run fixed (FIXED: what = TAKEN_IN, CANCELLED, ADOPTED, RESENT), found (FOUND: what = the drift kind) or
-- could not compare (FAILED: what = ERROR), per order. Noted in the transaction of the comparison itself; a
-- comparison done again (a run taken over) notes the same thing once.
CREATE TABLE order_reconciliation_notes (
    id       bigserial   PRIMARY KEY,
    run_id   bigint      NOT NULL REFERENCES order_reconciliations (id),
    order_id varchar(64) NOT NULL,
    outcome  varchar(8)  NOT NULL CHECK (outcome IN ('FIXED', 'FOUND', 'FAILED')),
    what     varchar(48) NOT NULL,
    detail   text        NOT NULL,
    UNIQUE (run_id, order_id, outcome, what)
);

-- When our packages were last compared with the platform's (order/get, by a push or a reconciliation). A shipped
-- order whose status agrees is read again only if packages were declared or superseded since.
ALTER TABLE orders ADD COLUMN packages_verified_at timestamptz;
-- Every package of an order, superseded ones too (the live-number index covers live ones only).
CREATE INDEX shipment_packages_order ON shipment_packages (shop_id, order_id);
