-- Claims are few: the pusher looks for expired ones through this index instead of reading the table.
CREATE INDEX platform_stock_claimed ON platform_stock (claimed_until) WHERE claimed_until IS NOT NULL;
