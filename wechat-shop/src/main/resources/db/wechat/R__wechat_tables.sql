-- Tables of the shared WeChat Shop client, in every service that calls the platform. Idempotent (a
-- repeatable migration): order-service created the same tables in its V2 before the client was shared.

-- A shop's WeChat Shop account: API credentials and the message-push token / EncodingAESKey.
CREATE TABLE IF NOT EXISTS platform_accounts (
    shop_id          varchar(64)  PRIMARY KEY,
    app_id           varchar(64)  NOT NULL UNIQUE,
    app_secret       text         NOT NULL,
    push_token       text         NOT NULL,
    encoding_aes_key text         NOT NULL,
    updated_at       timestamptz  NOT NULL
);

-- Stable access tokens, shared by every replica; one refreshes at a time (advisory lock).
CREATE TABLE IF NOT EXISTS platform_access_tokens (
    shop_id      varchar(64)  PRIMARY KEY REFERENCES platform_accounts (shop_id),
    access_token text         NOT NULL,
    expires_at   timestamptz  NOT NULL,
    refreshed_at timestamptz  NOT NULL
);

-- Secrets are stored sealed (AES-256-GCM, eventing's SecretCipher: v1:<key id>:<base64>), longer than the
-- plaintext the first columns were sized for. Plaintext rows of a database from before are sealed by the
-- service at start (SealedSecrets): SQL can't, without the key.
ALTER TABLE platform_accounts ALTER COLUMN app_secret TYPE text,
                              ALTER COLUMN push_token TYPE text,
                              ALTER COLUMN encoding_aes_key TYPE text;
ALTER TABLE platform_access_tokens ALTER COLUMN access_token TYPE text;
COMMENT ON COLUMN platform_accounts.app_secret IS 'sealed: v1:<key id>:<base64(iv || AES-256-GCM ciphertext || tag)>';
COMMENT ON COLUMN platform_accounts.push_token IS 'sealed: v1:<key id>:<base64(iv || AES-256-GCM ciphertext || tag)>';
COMMENT ON COLUMN platform_accounts.encoding_aes_key IS 'sealed: v1:<key id>:<base64(iv || AES-256-GCM ciphertext || tag)>';
COMMENT ON COLUMN platform_access_tokens.access_token IS 'sealed: v1:<key id>:<base64(iv || AES-256-GCM ciphertext || tag)>';
