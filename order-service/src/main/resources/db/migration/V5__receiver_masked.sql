-- The receiver as the order database keeps them: masked, for operators to recognise an order, never
-- published in events or logs.
ALTER TABLE orders ADD COLUMN receiver_name varchar(64);
ALTER TABLE orders ADD COLUMN receiver_phone varchar(32);
ALTER TABLE orders ADD COLUMN receiver_address varchar(256);
