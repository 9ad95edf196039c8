-- The buyer's openid and IP are personal data no person reads here (issue 10). The fraud rule counts keyed
-- fingerprints of them (eventing's SecretCipher.fingerprint); the openid itself, which messaging the buyer needs, is
-- stored sealed (AES-GCM, BuyerIdentity: plaintext openids of older rows are sealed at start); the IP is not kept.
-- Orders paid before this migration have no fingerprints: they don't count toward a fraud window open at the upgrade.
ALTER TABLE orders ADD COLUMN openid_fingerprint varchar(96);
ALTER TABLE orders ADD COLUMN buyer_ip_fingerprint varchar(96);
ALTER TABLE orders ALTER COLUMN openid TYPE text;
DROP INDEX IF EXISTS orders_openid_paid;
DROP INDEX IF EXISTS orders_ip_paid;
ALTER TABLE orders DROP COLUMN buyer_ip;
CREATE INDEX orders_openid_fingerprint_paid ON orders (shop_id, openid_fingerprint, paid_at);
CREATE INDEX orders_ip_fingerprint_paid ON orders (shop_id, buyer_ip_fingerprint, paid_at);
