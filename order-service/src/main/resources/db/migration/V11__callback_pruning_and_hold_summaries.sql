-- Pruning of the push callback's tables (PushPruning): nonces by their push timestamp, processed pushes by age.
CREATE INDEX platform_push_nonces_timestamp ON platform_push_nonces (timestamp);
CREATE INDEX platform_pushes_processed ON platform_pushes (received_at) WHERE status IN ('DONE', 'FAILED');

-- A hold's summary is what a viewer reads: the detail without any reference to the buyer. Fraud holds named the
-- buyer's openid or IP in plaintext; they now carry it masked, and earlier ones lose it (the fraud rule reads
-- orders, not holds).
ALTER TABLE order_holds ADD COLUMN summary text;
UPDATE order_holds SET detail = regexp_replace(regexp_replace(detail,
        'orders from buyer \S+', 'orders from one buyer'), 'orders from IP \S+', 'orders from one IP address')
    WHERE reason = 'FRAUD_REVIEW';
UPDATE order_holds SET summary = detail;
ALTER TABLE order_holds ALTER COLUMN summary SET NOT NULL;
