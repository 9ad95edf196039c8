-- Tables of the shared WeChat Shop client, in every service that calls the platform. Idempotent (a
-- repeatable migration): order-service created the same tables in its V2 before the client was shared.

-- A shop's WeChat Shop account: API credentials and the message-push token / EncodingAESKey.
CREATE TABLE IF NOT EXISTS platform_accounts (
    shop_id          varchar(64)  PRIMARY KEY,
    app_id           varchar(64)  NOT NULL UNIQUE,
    app_secret       varchar(128) NOT NULL,
    push_token       varchar(64)  NOT NULL,
    encoding_aes_key char(43)     NOT NULL,
    updated_at       timestamptz  NOT NULL
);

-- Stable access tokens, shared by every replica; one refreshes at a time (advisory lock).
CREATE TABLE IF NOT EXISTS platform_access_tokens (
    shop_id      varchar(64)  PRIMARY KEY REFERENCES platform_accounts (shop_id),
    access_token varchar(600) NOT NULL,
    expires_at   timestamptz  NOT NULL,
    refreshed_at timestamptz  NOT NULL
);
