-- A channel's secret is stored sealed (AES-GCM, key id and IV with it: longer than the secret); ChannelRepository
-- seals plaintext rows at start.
ALTER TABLE notification_channels ALTER COLUMN secret TYPE text;
