-- Orders this service has seen placed, with their lines: the demand that reservations will be made from.
CREATE TABLE order_demand (
    order_id   varchar(64)  NOT NULL,
    line_no    int          NOT NULL,
    shop_id    varchar(64)  NOT NULL,
    sku_id     varchar(64)  NOT NULL,
    quantity   int          NOT NULL CHECK (quantity > 0),
    placed_at  timestamptz  NOT NULL,
    event_id   uuid         NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_demand_sku ON order_demand (shop_id, sku_id);
