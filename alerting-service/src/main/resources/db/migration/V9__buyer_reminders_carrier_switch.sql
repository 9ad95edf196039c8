-- 提醒买家 sent for real. A buyer reminder (BUYER_REMINDER, SMS on a channel) and the WeChat message to the buyer
-- (BUYER_MESSAGE, sent by order-service, so no channel) name the order whose buyer they are for; the buyer's number is
-- asked of order-service at each attempt and never stored. Rows from before keep their empty order and NO_PHONE attempt.
ALTER TABLE notification_deliveries ALTER COLUMN channel_id DROP NOT NULL;
ALTER TABLE notification_deliveries ADD COLUMN order_id varchar(64);
ALTER TABLE notification_deliveries DROP CONSTRAINT notification_deliveries_reason_check;
ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_reason_check
    CHECK (reason IN ('RAISED', 'ESCALATED', 'TEST', 'BUYER_REMINDER', 'BUYER_MESSAGE'));
ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_channel_check
    CHECK ((channel_id IS NULL) = (reason = 'BUYER_MESSAGE'));
ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_order_check
    CHECK (reason <> 'BUYER_MESSAGE' OR order_id IS NOT NULL);

-- A BUYER_MESSAGE's attempts have no channel; answer_code also holds the platform's message id (msgId).
ALTER TABLE notification_attempts ALTER COLUMN channel_id DROP NOT NULL;
ALTER TABLE notification_attempts ALTER COLUMN answer_code TYPE varchar(128);

-- An operator switching a stalled parcel to the backup carrier (切换备用快递) from its alert.
ALTER TABLE alert_actions DROP CONSTRAINT alert_actions_action_check;
ALTER TABLE alert_actions ADD CONSTRAINT alert_actions_action_check
    CHECK (action IN ('RAISED', 'REPEATED', 'ESCALATED', 'ACKNOWLEDGED', 'ASSIGNED', 'RESOLVED', 'SWITCH_CARRIER'));

-- The orders a tracking number was printed or declared for: whose buyers a stalled parcel's reminder goes to.
CREATE INDEX ops_parcels_by_number ON ops_parcels (shop_id, tracking_number);
