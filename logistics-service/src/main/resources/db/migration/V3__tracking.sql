-- 物流跟踪: every number declared to the platform is watched through the tracking feed.

-- One watched number per shop. The carrier's number identifies a parcel at the carrier; a push for it updates
-- every shop that watches it (rows stay scoped by shop).
CREATE TABLE tracking_watches (
    shop_id          varchar(64)  NOT NULL,
    tracking_number  varchar(64)  NOT NULL,
    carrier_code     varchar(16)  NOT NULL,
    order_id         varchar(64),
    provider         varchar(16)  NOT NULL,
    destination      varchar(128),
    destination_city varchar(64),
    -- SUBSCRIBING, WATCHING, REFUSED, ENDED (the feed shut it down), ABORTED, MOVED (a correction replaced it)
    state            varchar(16)  NOT NULL,
    status           varchar(24),
    carrier_state    varchar(16),
    exception_reason text,
    last_movement_at timestamptz,
    last_push_at     timestamptz,
    subscribed_at    timestamptz,
    queries          int          NOT NULL DEFAULT 0,
    refusal          text,
    replaced_by      varchar(64),
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL,
    PRIMARY KEY (shop_id, tracking_number)
);
CREATE INDEX tracking_watches_number ON tracking_watches (tracking_number);
CREATE INDEX tracking_watches_order ON tracking_watches (shop_id, order_id);
CREATE INDEX tracking_watches_movement ON tracking_watches (shop_id, last_movement_at);

-- Every subscription sent, for the feed's cap of 4 per carrier and number in a calendar month.
CREATE TABLE tracking_subscriptions (
    id              bigserial    PRIMARY KEY,
    provider        varchar(16)  NOT NULL,
    carrier_code    varchar(16)  NOT NULL,
    tracking_number varchar(64)  NOT NULL,
    shop_id         varchar(64)  NOT NULL,
    month           char(7)      NOT NULL,
    answer_code     varchar(16),
    answer_message  text,
    sent_at         timestamptz  NOT NULL
);
CREATE INDEX tracking_subscriptions_cap ON tracking_subscriptions (provider, carrier_code, tracking_number, month);

-- A number's merged history (物流轨迹), once per entry: the instant plus the whitespace-normalised text.
CREATE TABLE tracking_checkpoints (
    shop_id          varchar(64)  NOT NULL,
    tracking_number  varchar(64)  NOT NULL,
    at               timestamptz  NOT NULL,
    entry_key        text         NOT NULL,
    state            varchar(24)  NOT NULL,
    carrier_state    varchar(16)  NOT NULL,
    location         text,
    description      text         NOT NULL,
    exception_reason text,
    PRIMARY KEY (shop_id, tracking_number, at, entry_key)
);

-- Pushes as received, signature checked, before they are acknowledged; processed afterwards.
CREATE TABLE tracking_pushes (
    id              bigserial    PRIMARY KEY,
    provider        varchar(16)  NOT NULL,
    tracking_number varchar(64),
    payload         text         NOT NULL,
    received_at     timestamptz  NOT NULL,
    processed_at    timestamptz
);
CREATE INDEX tracking_pushes_received ON tracking_pushes (received_at);

-- Findings about a number's feed data, once each: the same bad entry arrives again in every full-history push.
CREATE TABLE tracking_findings (
    shop_id         varchar(64)  NOT NULL,
    tracking_number varchar(64)  NOT NULL,
    kind            varchar(32)  NOT NULL,
    subject         text         NOT NULL,
    checkpoint_at   timestamptz,
    finding         text         NOT NULL,
    found_at        timestamptz  NOT NULL,
    PRIMARY KEY (shop_id, tracking_number, kind, subject)
);

-- 切换备用快递: one row per switch of a parcel to the backup carrier, its step recorded so that a retry resumes
-- where it stopped and repeats nothing.
CREATE TABLE carrier_switches (
    switch_id       uuid         PRIMARY KEY,
    shop_id         varchar(64)  NOT NULL,
    order_id        varchar(64)  NOT NULL,
    from_waybill_id bigint       NOT NULL,
    from_carrier    varchar(16)  NOT NULL,
    from_number     varchar(64)  NOT NULL,
    to_carrier      varchar(16)  NOT NULL,
    to_waybill_id   bigint,
    to_number       varchar(64),
    -- REQUESTED, TAKING, TAKEN, OLD_CANCELLED, ANNOUNCED, DECLARED, FAILED
    step            varchar(16)  NOT NULL,
    failure         text,
    requested_by    varchar(128) NOT NULL,
    requested_at    timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL
);
CREATE UNIQUE INDEX carrier_switches_open ON carrier_switches (shop_id, from_number) WHERE step NOT IN ('DECLARED', 'FAILED');
CREATE INDEX carrier_switches_order ON carrier_switches (shop_id, order_id);
