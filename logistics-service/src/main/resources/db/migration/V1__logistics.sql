-- Per shop: which carriers it ships with, the default and the backup, and the balance below which an e-waybill
-- account is reported low. Data, not code branches: every carrier's rules come from the carriers module.
CREATE TABLE carrier_settings (
    shop_id           varchar(64) PRIMARY KEY,
    enabled_carriers  text[]      NOT NULL,
    default_carrier   varchar(16) NOT NULL,
    backup_carrier    varchar(16),
    balance_threshold bigint      NOT NULL,
    updated_at        timestamptz NOT NULL,
    updated_by        varchar(128) NOT NULL
);

-- The shop's e-waybill accounts (网点/月结账号) as account/get last reported them, with the sender address and
-- template the shop prints with, and the health state the last check found.
CREATE TABLE carrier_accounts (
    shop_id      varchar(64)  NOT NULL,
    carrier_code varchar(16)  NOT NULL,
    account_id   varchar(64)  NOT NULL,
    site_code    varchar(64),
    site_name    varchar(128),
    balance      bigint,
    sender       jsonb,
    template_id  varchar(64),
    state        varchar(24)  NOT NULL,
    state_detail text,
    state_since  timestamptz  NOT NULL,
    checked_at   timestamptz  NOT NULL,
    PRIMARY KEY (shop_id, carrier_code, account_id)
);

-- 待打单: paid orders that need a waybill, from OrderPlaced; cancelled and shipped ones leave it, held ones stay
-- with the hold named and can't be printed until released.
CREATE TABLE print_queue (
    shop_id       varchar(64)  NOT NULL,
    order_id      varchar(64)  NOT NULL,
    paid_at       timestamptz  NOT NULL,
    province      varchar(64)  NOT NULL,
    city          varchar(64)  NOT NULL,
    county        varchar(64),
    items         jsonb        NOT NULL,
    sku_ids       text[]       NOT NULL,
    state         varchar(16)  NOT NULL,
    hold_reason   varchar(32),
    hold_detail   text,
    updated_at    timestamptz  NOT NULL,
    PRIMARY KEY (shop_id, order_id)
);
CREATE INDEX print_queue_waiting ON print_queue (shop_id, paid_at) WHERE state = 'WAITING';
CREATE INDEX print_queue_skus ON print_queue USING gin (sku_ids);

-- 批量打单: one operator action over many orders, taken by the waybill queue order by order.
CREATE TABLE print_runs (
    run_id       uuid         PRIMARY KEY,
    shop_id      varchar(64)  NOT NULL,
    carrier_code varchar(16)  NOT NULL,
    account_id   varchar(64)  NOT NULL,
    template_id  varchar(64)  NOT NULL,
    total        int          NOT NULL,
    created_at   timestamptz  NOT NULL,
    created_by   varchar(128) NOT NULL
);
CREATE INDEX print_runs_shop ON print_runs (shop_id, created_at DESC);

-- One row per order a run takes a number for. The intent is recorded before each platform call and its result
-- after, so a retried or crashed run never takes a second number: precreate's id is kept once known, create is
-- only ever called with it, and a create whose answer was lost is settled with order/get.
CREATE TABLE waybills (
    waybill_id        bigserial    PRIMARY KEY,
    shop_id           varchar(64)  NOT NULL,
    order_id          varchar(64)  NOT NULL,
    run_id            uuid         NOT NULL REFERENCES print_runs (run_id),
    seq               int          NOT NULL,
    carrier_code      varchar(16)  NOT NULL,
    packages          int          NOT NULL DEFAULT 1,
    state             varchar(16)  NOT NULL,
    ewaybill_order_id varchar(24),
    create_sent_at    timestamptz,
    sub_sent_at       timestamptz,
    tracking_number   varchar(32),
    sub_tracking_numbers text[]    NOT NULL DEFAULT '{}',
    print_info        text,
    receiver          jsonb,
    goods             jsonb,
    items             jsonb        NOT NULL,
    error             text,
    prints            int          NOT NULL DEFAULT 0,
    first_printed_at  timestamptz,
    declared_at       timestamptz,
    cancelled_at      timestamptz,
    created_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL,
    UNIQUE (run_id, seq)
);
-- At most one live waybill per order: a second run over the same order is refused, not a second number.
CREATE UNIQUE INDEX waybills_live ON waybills (shop_id, order_id) WHERE state NOT IN ('FAILED', 'CANCELLED', 'HELD');
CREATE INDEX waybills_run ON waybills (run_id, seq);
CREATE INDEX waybills_tracking ON waybills (shop_id, tracking_number);

-- Each print of a waybill (打印), first or 补打, and whether the platform has been told (order/print).
CREATE TABLE waybill_prints (
    print_id    bigserial   PRIMARY KEY,
    waybill_id  bigint      NOT NULL REFERENCES waybills (waybill_id),
    shop_id     varchar(64) NOT NULL,
    reprint     boolean     NOT NULL,
    printed_at  timestamptz NOT NULL,
    printed_by  varchar(128) NOT NULL,
    notified_at timestamptz
);
CREATE INDEX waybill_prints_unnotified ON waybill_prints (print_id) WHERE notified_at IS NULL;
