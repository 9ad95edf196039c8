-- A shop's WeChat Shop account: API credentials and the message-push token / EncodingAESKey.
CREATE TABLE platform_accounts (
    shop_id          varchar(64)  PRIMARY KEY,
    app_id           varchar(64)  NOT NULL UNIQUE,
    app_secret       varchar(128) NOT NULL,
    push_token       varchar(64)  NOT NULL,
    encoding_aes_key char(43)     NOT NULL,
    updated_at       timestamptz  NOT NULL
);

-- Stable access tokens, shared by every replica; one refreshes at a time (advisory lock).
CREATE TABLE platform_access_tokens (
    shop_id      varchar(64)  PRIMARY KEY REFERENCES platform_accounts (shop_id),
    access_token varchar(600) NOT NULL,
    expires_at   timestamptz  NOT NULL,
    refreshed_at timestamptz  NOT NULL
);

-- Every accepted push, stored before we answer `success`, then processed asynchronously.
-- The platform retries up to 10 times: (shop, event, order, CreateTime) identifies a push across retries.
CREATE TABLE platform_pushes (
    id           bigserial    PRIMARY KEY,
    shop_id      varchar(64)  NOT NULL,
    event        varchar(64)  NOT NULL,
    order_id     varchar(64),
    create_time  bigint       NOT NULL,
    body         jsonb        NOT NULL,
    received_at  timestamptz  NOT NULL,
    status       varchar(16)  NOT NULL DEFAULT 'PENDING',
    attempts     int          NOT NULL DEFAULT 0,
    next_attempt timestamptz  NOT NULL,
    last_error   text,
    UNIQUE (shop_id, event, order_id, create_time)
);
CREATE INDEX platform_pushes_due ON platform_pushes (next_attempt) WHERE status = 'PENDING';

-- Nonces of recently verified pushes: a replayed request (same signature inputs) is refused.
CREATE TABLE platform_push_nonces (
    shop_id    varchar(64) NOT NULL,
    nonce      varchar(64) NOT NULL,
    timestamp  bigint      NOT NULL,
    seen_at    timestamptz NOT NULL,
    PRIMARY KEY (shop_id, nonce, timestamp)
);

-- What the platform says of an order beside our own fulfilment state.
ALTER TABLE orders ADD COLUMN openid varchar(128);
ALTER TABLE orders ADD COLUMN platform_updated_at timestamptz;
ALTER TABLE orders ADD COLUMN cancel_type int;
