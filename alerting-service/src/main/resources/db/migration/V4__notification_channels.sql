-- A shop's notification channels (通知渠道): where its alerts are sent, which of them, how fast and how often tried.
-- channel_id is the shop's own name for it. secret is the WeCom robot's key, the webhook's HMAC key or the Tencent
-- Cloud SecretKey: the API never returns it, only a masked form. sms_*: Tencent Cloud SMS settings; sms_recipients
-- are the shop's own staff (+86 numbers) who get alerts by SMS, never buyers.
CREATE TABLE notification_channels (
    shop_id      varchar(64)   NOT NULL,
    channel_id   varchar(64)   NOT NULL,
    kind         varchar(16)   NOT NULL CHECK (kind IN ('WECOM_ROBOT', 'WEBHOOK', 'SMS')),
    enabled      boolean       NOT NULL,
    url          varchar(2000),                 -- the webhook's URL; a robot's comes from configuration + key
    secret       varchar(512)  NOT NULL,
    min_severity varchar(8)    NOT NULL CHECK (min_severity IN ('INFO', 'WARNING', 'CRITICAL')),
    rules        varchar(40)[],                 -- null: every rule
    per_minute   int           NOT NULL CHECK (per_minute BETWEEN 1 AND 600),
    max_attempts int           NOT NULL CHECK (max_attempts BETWEEN 1 AND 50),
    sms_secret_id         varchar(128),
    sms_app_id            varchar(32),
    sms_sign_name         varchar(64),
    sms_template_id       varchar(32),
    sms_buyer_template_id varchar(32),      -- the stall ladder's buyer reminder (提醒买家); null: none sent
    sms_recipients        varchar(16)[],
    updated_at   timestamptz   NOT NULL,
    updated_by   varchar(128)  NOT NULL,
    PRIMARY KEY (shop_id, channel_id),
    CHECK ((kind = 'WEBHOOK') = (url IS NOT NULL)),
    CHECK ((kind = 'SMS') = (sms_secret_id IS NOT NULL AND sms_app_id IS NOT NULL AND sms_sign_name IS NOT NULL
                             AND sms_template_id IS NOT NULL AND sms_recipients IS NOT NULL))
);

-- One message to one channel: an alert raised or escalated, an operator's test message, or the stall ladder's SMS
-- to the buyer. body is what every attempt sends (signatures are made per attempt); a buyer reminder's is empty:
-- the buyer's number is never stored. due_at is when it may go (the end of quiet hours for a non-critical alert
-- raised in them).
CREATE TABLE notification_deliveries (
    id          bigserial    PRIMARY KEY,
    shop_id     varchar(64)  NOT NULL,
    channel_id  varchar(64)  NOT NULL,
    alert_id    bigint       REFERENCES alerts,
    reason      varchar(16)  NOT NULL CHECK (reason IN ('RAISED', 'ESCALATED', 'TEST', 'BUYER_REMINDER')),
    severity    varchar(8)   NOT NULL,
    body        text         NOT NULL,
    state       varchar(8)   NOT NULL CHECK (state IN ('PENDING', 'SENT', 'FAILED')),
    attempts    int          NOT NULL DEFAULT 0,
    created_at  timestamptz  NOT NULL,
    due_at      timestamptz  NOT NULL,
    FOREIGN KEY (shop_id, channel_id) REFERENCES notification_channels ON DELETE CASCADE
);
CREATE INDEX notification_deliveries_by_shop ON notification_deliveries (shop_id, id DESC);
CREATE INDEX notification_deliveries_of_alert ON notification_deliveries (alert_id);

-- The delivery log: one row per attempt, written as SENDING before the request goes (so the channel's rate limit
-- counts it) and completed with what the channel answered.
CREATE TABLE notification_attempts (
    delivery_id bigint       NOT NULL REFERENCES notification_deliveries ON DELETE CASCADE,
    attempt     int          NOT NULL,
    shop_id     varchar(64)  NOT NULL,
    channel_id  varchar(64)  NOT NULL,
    outcome     varchar(20)  NOT NULL
        CHECK (outcome IN ('SENDING', 'SENT', 'TEMPORARY_FAILURE', 'RATE_LIMITED', 'REJECTED', 'NO_PHONE')),
    http_status int,
    answer_code varchar(32),
    error       text,
    at          timestamptz  NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
CREATE INDEX notification_attempts_rate ON notification_attempts (shop_id, channel_id, at);

-- A shop's quiet hours (免打扰): non-critical notifications wait until they end. From start to end on the wall
-- clock of zone; an end before the start runs past midnight.
CREATE TABLE notification_quiet_hours (
    shop_id    varchar(64)  PRIMARY KEY,
    starts     time         NOT NULL,
    ends       time         NOT NULL,
    zone       varchar(64)  NOT NULL,
    updated_at timestamptz  NOT NULL,
    updated_by varchar(128) NOT NULL,
    CHECK (starts <> ends)
);
