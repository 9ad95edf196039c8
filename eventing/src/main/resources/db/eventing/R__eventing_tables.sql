-- Tables every service has for eventing. Repeatable and idempotent: this script is shared by all
-- services and must never clash with a service's own versioned migrations.

-- Outgoing events, written in the same transaction as the change they announce (transactional outbox).
-- Column names follow Debezium's EventRouter defaults. Rows are deleted once Kafka has acknowledged them.
CREATE TABLE IF NOT EXISTS outbox (
    id            uuid         PRIMARY KEY,
    aggregatetype varchar(64)  NOT NULL,
    aggregateid   varchar(128) NOT NULL,
    type          varchar(64)  NOT NULL,
    shop_id       varchar(64)  NOT NULL,
    payload       jsonb        NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS outbox_created_at ON outbox (created_at);

-- Events this service has handled; inserted in the handler's transaction so redelivery changes nothing.
CREATE TABLE IF NOT EXISTS inbox (
    consumer    varchar(64) NOT NULL,
    event_id    uuid        NOT NULL,
    event_type  varchar(64) NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS inbox_received_at ON inbox (received_at);

-- The relay's Debezium offsets, kept beside the replication slot they describe.
CREATE TABLE IF NOT EXISTS relay_offset (
    offset_key   bytea       PRIMARY KEY,
    offset_value bytea,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Only inserts are streamed: pruning relayed rows must not produce change events.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'shipsync_outbox') THEN
        CREATE PUBLICATION shipsync_outbox FOR TABLE outbox WITH (publish = 'insert');
    END IF;
END
$$;

-- Every redrive of a dead letter: who re-applied which record, when, and what came of it. A letter counts as
-- redriven once it has an APPLIED or ALREADY_APPLIED row; the inbox keeps its effect to one.
CREATE TABLE IF NOT EXISTS dead_letter_redrives (
    id            bigserial    PRIMARY KEY,
    dlq_topic     varchar(249) NOT NULL,
    dlq_partition int          NOT NULL,
    dlq_offset    bigint       NOT NULL,
    event_id      uuid,
    outcome       varchar(16)  NOT NULL,
    detail        text,
    redriven_by   varchar(128) NOT NULL,
    redriven_at   timestamptz  NOT NULL
);
CREATE INDEX IF NOT EXISTS dead_letter_redrives_letter ON dead_letter_redrives (dlq_topic, dlq_partition, dlq_offset);

-- The one durable work queue: each row is an item of some queue's work (a push to process, a declaration to
-- send, a stock difference to push), due at a time, claimed under a lease that its worker renews while it
-- runs. Finished items are deleted; the domain tables keep what happened. `again` marks an item submitted
-- while it ran, so it runs once more after. DEAD items keep their reason until submitted again.
CREATE TABLE IF NOT EXISTS work_items (
    id          bigserial    PRIMARY KEY,
    queue       varchar(64)  NOT NULL,
    shop_id     varchar(64)  NOT NULL,
    item_key    varchar(200) NOT NULL,
    state       varchar(8)   NOT NULL DEFAULT 'READY' CHECK (state IN ('READY', 'DEAD')),
    due_at      timestamptz  NOT NULL,
    attempts    int          NOT NULL DEFAULT 0,
    lease_token uuid,
    lease_until timestamptz,
    interrupted boolean      NOT NULL DEFAULT false,
    again       boolean      NOT NULL DEFAULT false,
    last_error  text,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (queue, shop_id, item_key)
);
CREATE INDEX IF NOT EXISTS work_items_due ON work_items (queue, due_at) WHERE state = 'READY';
CREATE INDEX IF NOT EXISTS work_items_leased ON work_items (lease_token) WHERE lease_token IS NOT NULL;
