-- The operations read model (运营视图): every order, parcel, SKU, carrier account and tracking number of a shop as
-- the other services' events describe it. Every time in it is an event's time, never this service's clock, so
-- replaying the topics rebuilds it exactly. Keys are scoped by shop: two shops may hold the same platform id.

-- One row per order heard of, from any order or waybill event; the row is also the lock that serialises one order's
-- events arriving on different topics.
CREATE TABLE ops_orders (
    shop_id           varchar(64) NOT NULL,
    order_id          varchar(64) NOT NULL,
    created_at        timestamptz,                        -- OrderCreated: ordered, not paid (下单)
    paid_at           timestamptz,                        -- OrderPlaced: paid, awaiting shipment (待发货)
    total_fen         bigint,
    first_declared_at timestamptz,                        -- the first OrderShipped (发货)
    fully_declared    boolean     NOT NULL DEFAULT false, -- an OrderShipped said every item has shipped
    cancelled_at      timestamptz,
    cancel_type       smallint,
    PRIMARY KEY (shop_id, order_id)
);

-- Units ordered per SKU: what a parcel's items are compared with.
CREATE TABLE ops_order_lines (
    shop_id    varchar(64) NOT NULL,
    order_id   varchar(64) NOT NULL,
    sku_id     varchar(64) NOT NULL,
    product_id varchar(64) NOT NULL,
    quantity   int         NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (shop_id, order_id, sku_id),
    FOREIGN KEY (shop_id, order_id) REFERENCES ops_orders
);

-- Holds (拦截) per reason, the latest of each: held, and released or not.
CREATE TABLE ops_order_holds (
    shop_id     varchar(64)  NOT NULL,
    order_id    varchar(64)  NOT NULL,
    reason      varchar(24)  NOT NULL CHECK (reason IN ('STOCK_SHORTAGE', 'FRAUD_REVIEW')),
    description text         NOT NULL,
    held_at     timestamptz  NOT NULL,
    released_at timestamptz,
    released_by varchar(128),
    PRIMARY KEY (shop_id, order_id, reason),
    FOREIGN KEY (shop_id, order_id) REFERENCES ops_orders
);

-- Reconciliation findings (不同步) as order-service announced them.
CREATE TABLE ops_drift_findings (
    shop_id                   varchar(64)  NOT NULL,
    order_id                  varchar(64)  NOT NULL,
    kind                      varchar(40)  NOT NULL,
    detected_at               timestamptz  NOT NULL,
    description               text         NOT NULL,
    errcode                   int,
    local_tracking_numbers    text[]       NOT NULL,
    platform_tracking_numbers text[]       NOT NULL,
    PRIMARY KEY (shop_id, order_id, kind, detected_at),
    FOREIGN KEY (shop_id, order_id) REFERENCES ops_orders
);

-- 包裹: one row per tracking number of an order, whichever came first: its waybill printed (打单) or its
-- declaration (发货). A number is live until its waybill is cancelled or a correction declares another number for
-- its items.
CREATE TABLE ops_parcels (
    shop_id         varchar(64)  NOT NULL,
    order_id        varchar(64)  NOT NULL,
    tracking_number varchar(64)  NOT NULL,
    carrier_code    varchar(32)  NOT NULL,
    waybill_id      varchar(32),            -- the e-waybill; null for a parcel only declared (e.g. shipped on the platform)
    printed_at      timestamptz,            -- the first print; reprints (补打) keep it
    reprints        int          NOT NULL DEFAULT 0,
    declared_at     timestamptz,            -- the OrderShipped that carried this number
    cancelled_at    timestamptz,            -- WaybillCancelled (取消面单)
    cancel_reason   text,
    superseded_at   timestamptz,            -- a correcting OrderShipped declared another number for these items
    PRIMARY KEY (shop_id, order_id, tracking_number),
    FOREIGN KEY (shop_id, order_id) REFERENCES ops_orders
);

-- What a parcel carries: the declaration's items once declared, else the waybill's (WaybillPrinted v2).
CREATE TABLE ops_parcel_items (
    shop_id         varchar(64) NOT NULL,
    order_id        varchar(64) NOT NULL,
    tracking_number varchar(64) NOT NULL,
    sku_id          varchar(64) NOT NULL,
    product_id      varchar(64) NOT NULL,
    quantity        int         NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (shop_id, order_id, tracking_number, sku_id),
    FOREIGN KEY (shop_id, order_id, tracking_number) REFERENCES ops_parcels
);

-- 库存: one row per (shop, SKU, warehouse), the figures of the last StockChanged and the last crossing and freeze.
CREATE TABLE ops_skus (
    shop_id      varchar(64) NOT NULL,
    sku_id       varchar(64) NOT NULL,
    warehouse_id varchar(64) NOT NULL,
    product_id   varchar(64) NOT NULL,
    on_hand      bigint,
    reserved     bigint,
    available    bigint,
    level        varchar(24),
    level_since  timestamptz,
    frozen       boolean     NOT NULL DEFAULT false,
    frozen_since timestamptz,
    changed_at   timestamptz,
    PRIMARY KEY (shop_id, sku_id, warehouse_id)
);

-- Orders a SKU fell short for (缺货), until stock covers them again or the order is cancelled.
CREATE TABLE ops_stock_shortages (
    shop_id      varchar(64) NOT NULL,
    order_id     varchar(64) NOT NULL,
    sku_id       varchar(64) NOT NULL,
    warehouse_id varchar(64) NOT NULL,
    requested    bigint      NOT NULL,
    available    bigint      NOT NULL,
    detected_at  timestamptz NOT NULL,
    settled_at   timestamptz,
    settled_by   varchar(24) CHECK (settled_by IN ('STOCK_RETURNED', 'ORDER_CANCELLED')),
    PRIMARY KEY (shop_id, order_id, sku_id, warehouse_id)
);
CREATE INDEX ops_stock_shortages_open ON ops_stock_shortages (shop_id, sku_id, warehouse_id) WHERE settled_at IS NULL;

-- Differences between the platform's stock and ours that inventory-service's reconciliation found and corrected.
CREATE TABLE ops_stock_discrepancies (
    shop_id        varchar(64) NOT NULL,
    sku_id         varchar(64) NOT NULL,
    warehouse_id   varchar(64) NOT NULL,
    detected_at    timestamptz NOT NULL,
    platform_stock bigint      NOT NULL,
    expected_stock bigint      NOT NULL,
    PRIMARY KEY (shop_id, sku_id, warehouse_id, detected_at)
);

-- E-waybill accounts (电子面单账号) as their last check found them.
CREATE TABLE ops_carrier_accounts (
    shop_id        varchar(64) NOT NULL,
    account_id     varchar(64) NOT NULL,
    carrier_code   varchar(32) NOT NULL,
    state          varchar(24) NOT NULL,
    previous_state varchar(24),
    balance        bigint,
    threshold      bigint      NOT NULL,
    checked_at     timestamptz NOT NULL,
    PRIMARY KEY (shop_id, account_id)
);

-- Tracking numbers as the carriers report them: the latest checkpoint, and the first scan (揽收).
CREATE TABLE ops_tracking (
    shop_id            varchar(64)   NOT NULL,
    tracking_number    varchar(64)   NOT NULL,
    carrier_code       varchar(32)   NOT NULL,
    order_id           varchar(64),
    state              varchar(24)   NOT NULL,
    carrier_state      varchar(32)   NOT NULL,
    first_scan_at      timestamptz,
    last_checkpoint_at timestamptz   NOT NULL,
    location           varchar(200),
    description        text          NOT NULL,
    PRIMARY KEY (shop_id, tracking_number)
);
