-- 死信: every dead letter of every service (shipsync.dlq.<service>) attributed to a shop, once per Kafka coordinates:
-- a letter read again after a restart counts no second sighting. dead_at is the letter's record time.
CREATE TABLE ops_dead_letters (
    dlq_topic     varchar(249) NOT NULL,
    dlq_partition int          NOT NULL,
    dlq_offset    bigint       NOT NULL,
    shop_id       varchar(64)  NOT NULL,
    service       varchar(64)  NOT NULL,
    event_id      uuid,
    event_type    varchar(64),
    origin_topic  varchar(249),
    reason        text         NOT NULL,
    dead_at       timestamptz  NOT NULL,
    PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
);
CREATE INDEX ops_dead_letters_shop ON ops_dead_letters (shop_id, service, dead_at);
