-- A platform order id is a key only within its shop. Keyed globally, a shop taking in another shop's order
-- id learned that the id exists (409) and squatted it, so the real shop's pushes for it failed. Every table
-- keyed by a platform id now leads with shop_id; child tables carry it (filled from their order) so their
-- foreign keys name the order as (shop_id, order_id). Order ids were globally unique until now, so the
-- joins below that fill shop_id match one order each.

ALTER TABLE order_lines DROP CONSTRAINT order_lines_order_id_fkey;
ALTER TABLE shipment_packages DROP CONSTRAINT shipment_packages_order_id_fkey;
ALTER TABLE platform_syncs DROP CONSTRAINT platform_syncs_order_id_fkey;
ALTER TABLE order_holds DROP CONSTRAINT order_holds_order_id_fkey;

ALTER TABLE orders DROP CONSTRAINT orders_pkey, ADD PRIMARY KEY (shop_id, order_id);

ALTER TABLE order_lines ADD COLUMN shop_id varchar(64);
UPDATE order_lines l SET shop_id = o.shop_id FROM orders o WHERE o.order_id = l.order_id;
ALTER TABLE order_lines ALTER COLUMN shop_id SET NOT NULL,
    DROP CONSTRAINT order_lines_pkey, ADD PRIMARY KEY (shop_id, order_id, line_no),
    ADD CONSTRAINT order_lines_order_fkey FOREIGN KEY (shop_id, order_id) REFERENCES orders (shop_id, order_id);

ALTER TABLE shipment_packages ADD COLUMN shop_id varchar(64);
UPDATE shipment_packages p SET shop_id = o.shop_id FROM orders o WHERE o.order_id = p.order_id;
ALTER TABLE shipment_packages ALTER COLUMN shop_id SET NOT NULL,
    ADD CONSTRAINT shipment_packages_order_fkey FOREIGN KEY (shop_id, order_id) REFERENCES orders (shop_id, order_id);
DROP INDEX shipment_packages_live_number;
CREATE UNIQUE INDEX shipment_packages_live_number ON shipment_packages (shop_id, order_id, tracking_number)
    WHERE superseded_at IS NULL;

-- platform_syncs has carried its shop from the start.
ALTER TABLE platform_syncs
    ADD CONSTRAINT platform_syncs_order_fkey FOREIGN KEY (shop_id, order_id) REFERENCES orders (shop_id, order_id);
DROP INDEX platform_syncs_order;
CREATE INDEX platform_syncs_order ON platform_syncs (shop_id, order_id, id);

ALTER TABLE order_holds ADD COLUMN shop_id varchar(64);
UPDATE order_holds h SET shop_id = o.shop_id FROM orders o WHERE o.order_id = h.order_id;
ALTER TABLE order_holds ALTER COLUMN shop_id SET NOT NULL,
    ADD CONSTRAINT order_holds_order_fkey FOREIGN KEY (shop_id, order_id) REFERENCES orders (shop_id, order_id);
DROP INDEX order_holds_open;
CREATE UNIQUE INDEX order_holds_open ON order_holds (shop_id, order_id, reason) WHERE released_at IS NULL;

-- A reprint is recognised within its shop only: another shop's waybill can never swallow a declaration
-- (ON CONFLICT DO NOTHING).
ALTER TABLE scheduled_declarations DROP CONSTRAINT scheduled_declarations_waybill_id_tracking_number_key,
    ADD CONSTRAINT scheduled_declarations_waybill UNIQUE (shop_id, waybill_id, tracking_number);

ALTER TABLE drift_findings DROP CONSTRAINT drift_findings_pkey, ADD PRIMARY KEY (shop_id, order_id, kind);

ALTER TABLE unpaid_orders DROP CONSTRAINT unpaid_orders_pkey, ADD PRIMARY KEY (shop_id, order_id);
