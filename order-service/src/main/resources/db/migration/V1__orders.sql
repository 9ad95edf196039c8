-- Orders as the platform knows them. WeChat order ids are globally unique strings (they exceed 2^53);
-- every query still filters by shop. Money in 分.
CREATE TABLE orders (
    order_id        varchar(64)  PRIMARY KEY,
    shop_id         varchar(64)  NOT NULL,
    platform_status int          NOT NULL,
    deliver_method  int          NOT NULL,
    paid_at         timestamptz  NOT NULL,
    total_fen       bigint       NOT NULL CHECK (total_fen >= 0),
    province        varchar(64)  NOT NULL,
    city            varchar(64)  NOT NULL,
    county          varchar(64)  NOT NULL,
    created_at      timestamptz  NOT NULL
);
CREATE INDEX orders_shop ON orders (shop_id, created_at);

CREATE TABLE order_lines (
    order_id       varchar(64)  NOT NULL REFERENCES orders (order_id),
    line_no        int          NOT NULL,
    product_id     varchar(64)  NOT NULL,
    sku_id         varchar(64)  NOT NULL,
    sku_code       varchar(128),
    quantity       int          NOT NULL CHECK (quantity > 0),
    unit_price_fen bigint       NOT NULL CHECK (unit_price_fen >= 0),
    PRIMARY KEY (order_id, line_no)
);
