-- Reservations replace the demand projection: every OrderPlaced line now lands in reservation_lines.
DROP TABLE order_demand;

-- 库存: one row per shop, SKU and warehouse. The CHECKs are the last word on "never below zero":
-- whatever the code does, no transaction can commit reserved < 0 or reserved > on hand.
CREATE TABLE stock (
    shop_id         varchar(64) NOT NULL,
    sku_id          varchar(64) NOT NULL,
    warehouse_id    varchar(64) NOT NULL,
    product_id      varchar(64) NOT NULL,
    on_hand         bigint      NOT NULL,
    reserved        bigint      NOT NULL,
    available       bigint      GENERATED ALWAYS AS (on_hand - reserved) STORED,
    -- The level the last StockChanged announced; null until the first one. A crossing is a change of it.
    announced_level varchar(24),
    frozen          boolean     NOT NULL DEFAULT false,
    frozen_since    timestamptz,
    -- Bumped by every write, so a reader (platform stock sync) can tell "changed since I looked".
    version         bigint      NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (shop_id, sku_id, warehouse_id),
    CONSTRAINT stock_reserved_not_negative CHECK (reserved >= 0),
    CONSTRAINT stock_available_not_negative CHECK (on_hand >= reserved),
    CONSTRAINT stock_level_known CHECK (announced_level IN
        ('OK', 'BELOW_FIRST_WARNING', 'BELOW_SECOND_WARNING', 'BELOW_THIRD_WARNING', 'OUT'))
);

-- The ledger (库存流水): every movement with its reason. Summing the deltas gives the figures in stock.
CREATE TABLE stock_movements (
    id             bigserial    PRIMARY KEY,
    shop_id        varchar(64)  NOT NULL,
    sku_id         varchar(64)  NOT NULL,
    warehouse_id   varchar(64)  NOT NULL,
    reason         varchar(24)  NOT NULL CHECK (reason IN
        ('RESERVE', 'COMMIT', 'RELEASE', 'ADJUST', 'STOCKTAKE', 'PLATFORM_CORRECTION', 'RETURN')),
    on_hand_delta  bigint       NOT NULL,
    reserved_delta bigint       NOT NULL,
    on_hand_after  bigint       NOT NULL,
    reserved_after bigint       NOT NULL,
    order_id       varchar(64),
    event_id       uuid,
    actor          varchar(128) NOT NULL,
    note           varchar(500),
    created_at     timestamptz  NOT NULL,
    FOREIGN KEY (shop_id, sku_id, warehouse_id) REFERENCES stock,
    -- A stocktake that confirms the count is worth keeping; any other movement moves something.
    CHECK (on_hand_delta <> 0 OR reserved_delta <> 0 OR reason = 'STOCKTAKE')
);
CREATE INDEX stock_movements_sku ON stock_movements (shop_id, sku_id, warehouse_id, id);
CREATE INDEX stock_movements_sales ON stock_movements (shop_id, sku_id, warehouse_id, created_at)
    WHERE reason = 'COMMIT';

CREATE FUNCTION stock_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stock_movements is append-only: correct stock with a new movement';
END
$$;
CREATE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON stock_movements
    FOR EACH STATEMENT EXECUTE FUNCTION stock_movements_append_only();

-- 预占: one row per order, so an order is reserved at most once whichever events ask.
CREATE TABLE reservations (
    shop_id      varchar(64) NOT NULL,
    order_id     varchar(64) NOT NULL,
    status       varchar(16) NOT NULL CHECK (status IN ('RESERVED', 'SHORT', 'SHIPPED', 'CANCELLED')),
    warehouse_id varchar(64) NOT NULL,
    -- The event that created the row: the OrderPlaced that reserved it, or whichever order event came first.
    event_id     uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (shop_id, order_id)
);

-- One row per order line, with where its units stand: held (reserved), shipped (committed), given back
-- (returned). unstocked counts shipped units our stock did not hold (SKU not stocked here, or fewer on
-- hand than left the warehouse): they were never taken off stock, so a refund does not return them.
CREATE TABLE reservation_lines (
    shop_id    varchar(64) NOT NULL,
    order_id   varchar(64) NOT NULL,
    line_no    int         NOT NULL,
    product_id varchar(64) NOT NULL,
    sku_id     varchar(64) NOT NULL,
    quantity   int         NOT NULL CHECK (quantity > 0),
    reserved   int         NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    committed  int         NOT NULL DEFAULT 0 CHECK (committed >= 0),
    unstocked  int         NOT NULL DEFAULT 0 CHECK (unstocked >= 0 AND unstocked <= committed),
    returned   int         NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= committed - unstocked),
    PRIMARY KEY (shop_id, order_id, line_no),
    FOREIGN KEY (shop_id, order_id) REFERENCES reservations,
    CHECK (reserved + committed <= quantity)
);
CREATE INDEX reservation_lines_order ON reservation_lines (order_id);

-- Parcels already committed, so the same package announced twice ships its units once.
CREATE TABLE reservation_packages (
    shop_id         varchar(64) NOT NULL,
    order_id        varchar(64) NOT NULL,
    carrier_code    varchar(32) NOT NULL,
    tracking_number varchar(64) NOT NULL,
    event_id        uuid        NOT NULL,
    PRIMARY KEY (shop_id, order_id, carrier_code, tracking_number),
    FOREIGN KEY (shop_id, order_id) REFERENCES reservations
);

-- Warning and freeze levels, safety-stock window and factor: per SKU (sku_id set) or for the whole shop
-- (sku_id null). Absent rows fall back to shipsync.inventory.thresholds.*.
CREATE TABLE stock_thresholds (
    shop_id            varchar(64)  NOT NULL,
    sku_id             varchar(64),
    first_warning      int          NOT NULL,
    second_warning     int          NOT NULL,
    third_warning      int          NOT NULL,
    freeze_level       int          NOT NULL CHECK (freeze_level >= 0),
    safety_window_days int          NOT NULL CHECK (safety_window_days BETWEEN 1 AND 365),
    safety_factor      numeric(8,3) NOT NULL CHECK (safety_factor >= 0),
    updated_at         timestamptz  NOT NULL,
    updated_by         varchar(128) NOT NULL,
    CONSTRAINT stock_thresholds_scope UNIQUE NULLS NOT DISTINCT (shop_id, sku_id),
    CHECK (first_warning > second_warning AND second_warning > third_warning AND third_warning > 0)
);

-- Each crossing of a level, and each freeze and unfreeze, once, with the StockChanged that announced it.
CREATE TABLE stock_crossings (
    id           bigserial   PRIMARY KEY,
    shop_id      varchar(64) NOT NULL,
    sku_id       varchar(64) NOT NULL,
    warehouse_id varchar(64) NOT NULL,
    kind         varchar(16) NOT NULL CHECK (kind IN ('LEVEL', 'FREEZE', 'UNFREEZE')),
    from_level   varchar(24),
    to_level     varchar(24) NOT NULL,
    available    bigint      NOT NULL,
    threshold    int,
    event_id     uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    FOREIGN KEY (shop_id, sku_id, warehouse_id) REFERENCES stock
);
CREATE INDEX stock_crossings_sku ON stock_crossings (shop_id, sku_id, id);
