-- A platform order id is unique only within its shop. Every inventory table keyed by a platform id already
-- leads with shop_id (V1's order_demand, keyed by order id alone, was dropped in V2); the one index left on an
-- order id alone goes: reservation lines are always looked up by shop and order, which their primary key
-- (shop_id, order_id, line_no) serves.
DROP INDEX reservation_lines_order;
