-- 待付款: the platform takes stock when a buyer orders, before payment, and gives it back only if the order
-- is cancelled unpaid. Until payment (OrderPlaced reserves here) those units are off the platform but still
-- in our available stock, so the platform should show available − held_unpaid.
ALTER TABLE platform_stock ADD COLUMN held_unpaid bigint NOT NULL DEFAULT 0 CHECK (held_unpaid >= 0);

-- Each unpaid order's units per SKU, so payment and cancellation settle them once.
CREATE TABLE platform_unpaid_holds (
    shop_id    varchar(64) NOT NULL,
    order_id   varchar(64) NOT NULL,
    sku_id     varchar(64) NOT NULL,
    product_id varchar(64) NOT NULL,
    units      bigint      NOT NULL CHECK (units > 0),
    held_at    timestamptz NOT NULL,
    PRIMARY KEY (shop_id, order_id, sku_id)
);
