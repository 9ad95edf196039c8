-- Per shop: when a printed waybill (WaybillPrinted) is declared to the platform.
CREATE TABLE auto_ship_rules (
    shop_id    varchar(64) PRIMARY KEY,
    mode       varchar(16) NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Declarations waiting for their time; rows, not in-memory timers, so a restart loses none.
CREATE TABLE scheduled_declarations (
    id              bigserial   PRIMARY KEY,
    shop_id         varchar(64) NOT NULL,
    order_id        varchar(64) NOT NULL,
    waybill_id      varchar(32) NOT NULL,
    carrier_code    varchar(16) NOT NULL,
    tracking_number varchar(32) NOT NULL,
    due_at          timestamptz NOT NULL,
    status          varchar(16) NOT NULL DEFAULT 'WAITING',
    outcome         text,
    created_at      timestamptz NOT NULL,
    UNIQUE (waybill_id, tracking_number)
);
CREATE INDEX scheduled_declarations_due ON scheduled_declarations (due_at) WHERE status = 'WAITING';

-- Why an order must not ship yet: a stock shortage or a fraud review. Released through the API, or
-- automatically when stock returns.
CREATE TABLE order_holds (
    id          bigserial    PRIMARY KEY,
    order_id    varchar(64)  NOT NULL REFERENCES orders (order_id),
    reason      varchar(16)  NOT NULL,
    detail      text         NOT NULL,
    sku_id      varchar(64),
    requested   bigint,
    created_at  timestamptz  NOT NULL,
    released_at timestamptz,
    released_by varchar(128)
);
CREATE UNIQUE INDEX order_holds_open ON order_holds (order_id, reason) WHERE released_at IS NULL;

ALTER TABLE orders ADD COLUMN buyer_ip varchar(64);
CREATE INDEX orders_openid_paid ON orders (shop_id, openid, paid_at);
CREATE INDEX orders_ip_paid ON orders (shop_id, buyer_ip, paid_at);

-- Drift found by reconciliation or by a refused declaration; a finding is announced once while open.
CREATE TABLE drift_findings (
    order_id   varchar(64) NOT NULL,
    kind       varchar(48) NOT NULL,
    shop_id    varchar(64) NOT NULL,
    detail     text        NOT NULL,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    resolved   timestamptz,
    PRIMARY KEY (order_id, kind)
);
