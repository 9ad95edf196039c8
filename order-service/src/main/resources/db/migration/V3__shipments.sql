-- Packages declared for an order (发货): carrier, tracking number, items. A correction supersedes.
CREATE TABLE shipment_packages (
    id              bigserial    PRIMARY KEY,
    order_id        varchar(64)  NOT NULL REFERENCES orders (order_id),
    carrier_code    varchar(16)  NOT NULL,
    tracking_number varchar(32)  NOT NULL,
    items           jsonb        NOT NULL,
    declared_at     timestamptz  NOT NULL,
    declared_by     varchar(128) NOT NULL,
    superseded_at   timestamptz
);
CREATE UNIQUE INDEX shipment_packages_live_number ON shipment_packages (order_id, tracking_number) WHERE superseded_at IS NULL;

-- Each declaration's way to the platform: delivery/send (SEND) or deliveryinfo/update (UPDATE), retried
-- until acknowledged, or FAILED with the platform's errcode.
CREATE TABLE platform_syncs (
    id            bigserial    PRIMARY KEY,
    shop_id       varchar(64)  NOT NULL,
    order_id      varchar(64)  NOT NULL REFERENCES orders (order_id),
    action        varchar(8)   NOT NULL,
    packages      jsonb        NOT NULL,
    status        varchar(8)   NOT NULL DEFAULT 'PENDING',
    attempts      int          NOT NULL DEFAULT 0,
    uncertain     boolean      NOT NULL DEFAULT false,
    last_errcode  int,
    last_error    text,
    created_at    timestamptz  NOT NULL,
    next_attempt  timestamptz  NOT NULL,
    synced_at     timestamptz
);
CREATE INDEX platform_syncs_due ON platform_syncs (next_attempt) WHERE status = 'PENDING';
CREATE INDEX platform_syncs_order ON platform_syncs (order_id, id);
