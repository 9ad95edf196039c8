-- 待付款: unpaid orders announced as OrderCreated (the platform has taken their stock), each once; a
-- cancellation before payment (the platform gives the stock back) is announced once too. Paid orders live
-- in `orders`; an unpaid order never enters it.
CREATE TABLE unpaid_orders (
    order_id     varchar(64) PRIMARY KEY,
    shop_id      varchar(64) NOT NULL,
    announced_at timestamptz NOT NULL,
    cancelled_at timestamptz
);
