-- 平台库存同步: per shop and SKU, what we believe the platform shows and whether a push is owed. Only the
-- default warehouse is mirrored (the platform's 通用库存); orders reserve from it.
CREATE TABLE platform_stock (
    shop_id        varchar(64)  NOT NULL,
    sku_id         varchar(64)  NOT NULL,
    product_id     varchar(64)  NOT NULL,
    -- Platform stock as we know it: moved by each acknowledged push and by each order the platform took
    -- (it deducts stock itself). Null = unknown (first sight, or a push whose outcome we could not learn):
    -- read it before pushing.
    believed       bigint       CHECK (believed >= 0),
    -- A change not pushed yet. Set by every stock change; bursts merge into one difference.
    due            boolean      NOT NULL DEFAULT true,
    next_attempt   timestamptz  NOT NULL,
    -- A pusher has taken the row and is talking to the platform until then.
    claimed_until  timestamptz,
    attempts       int          NOT NULL DEFAULT 0,
    pushes         bigint       NOT NULL DEFAULT 0,
    last_pushed_at timestamptz,
    last_errcode   int,
    last_error     varchar(500),
    -- The last reconciliation's reading.
    seen_stock     bigint,
    seen_at        timestamptz,
    matched        boolean,
    PRIMARY KEY (shop_id, sku_id)
);
CREATE INDEX platform_stock_due ON platform_stock (next_attempt) WHERE due;

-- Every full reconciliation: how many SKUs agreed (the inventory-accuracy figure) and how many were corrected.
CREATE TABLE platform_stock_reconciliations (
    id          bigserial    PRIMARY KEY,
    shop_id     varchar(64)  NOT NULL,
    started_at  timestamptz  NOT NULL,
    finished_at timestamptz  NOT NULL,
    checked     int          NOT NULL,
    matched     int          NOT NULL,
    corrected   int          NOT NULL,
    pending     int          NOT NULL,
    unreadable  int          NOT NULL,
    accuracy    numeric(7,6),
    CHECK (matched <= checked)
);
CREATE INDEX platform_stock_reconciliations_shop ON platform_stock_reconciliations (shop_id, id);

-- A platform correction moves the platform's figure, not ours: the ledger keeps both sides of it.
ALTER TABLE stock_movements ADD COLUMN platform_before bigint;
ALTER TABLE stock_movements ADD COLUMN platform_after bigint;
ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_check;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_moves_something CHECK (
    on_hand_delta <> 0 OR reserved_delta <> 0 OR reason = 'STOCKTAKE'
    OR (reason = 'PLATFORM_CORRECTION' AND platform_before IS NOT NULL AND platform_after IS NOT NULL
        AND platform_before <> platform_after));
