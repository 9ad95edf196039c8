-- Stock pushes run on eventing's one work queue (work_items, queue 'platform-stock', item key = SKU id): the due
-- time, the claim (a renewed lease), the attempts and the backoff live there now. platform_stock keeps what we
-- believe the platform shows and what the pushes and reconciliations saw.

-- A push whose claim was live when this runs may or may not have landed: its belief is unknown.
UPDATE platform_stock SET believed = NULL WHERE claimed_until IS NOT NULL;
-- Pushes owed now move to the queue. work_items comes from eventing's repeatable migration, which Flyway applies
-- after the versioned ones: on a database that never had it (a fresh one) there is nothing owed to move.
DO $$
BEGIN
    IF to_regclass('work_items') IS NOT NULL THEN
        INSERT INTO work_items (queue, shop_id, item_key, due_at)
        SELECT 'platform-stock', shop_id, sku_id, next_attempt FROM platform_stock WHERE due OR claimed_until IS NOT NULL
        ON CONFLICT (queue, shop_id, item_key) DO NOTHING;
    END IF;
END $$;

DROP INDEX IF EXISTS platform_stock_due;
DROP INDEX IF EXISTS platform_stock_claimed;
ALTER TABLE platform_stock
    DROP COLUMN due,
    DROP COLUMN next_attempt,
    DROP COLUMN claimed_until,
    DROP COLUMN attempts,
    -- The difference a stock/update is carrying: until its outcome is recorded the platform may or may not have
    -- moved by it, so a push that finds it set reads the platform instead of trusting the belief.
    ADD COLUMN pushing bigint,
    -- Outcomes the pusher recorded: a reconciliation compares it around its reading to know no push moved the
    -- platform meanwhile.
    ADD COLUMN push_runs bigint NOT NULL DEFAULT 0,
    -- When the platform was last known to show no more than it should (a push acknowledged, a reading at or below
    -- shouldShow), or an over-show seen then was counted up to that moment.
    ADD COLUMN in_step_at timestamptz,
    -- Units the platform showed beyond shouldShow, times the seconds since the SKU was last known in step, summed
    -- over every reading that saw it (an estimate: the difference is taken to have begun right after that moment).
    ADD COLUMN overshown_unit_seconds numeric(20, 3) NOT NULL DEFAULT 0;

-- A reconciliation run is recorded when it starts (RUNNING) and completed when it ends (FINISHED, or FAILED with
-- the reason); at most one runs per shop. Upward differences that orders on their way here may explain are
-- counted as deferred, not corrected.
ALTER TABLE platform_stock_reconciliations
    ADD COLUMN state varchar(8) NOT NULL DEFAULT 'FINISHED' CHECK (state IN ('RUNNING', 'FINISHED', 'FAILED')),
    ADD COLUMN deferred int NOT NULL DEFAULT 0,
    ADD COLUMN error varchar(500),
    ALTER COLUMN finished_at DROP NOT NULL;
ALTER TABLE platform_stock_reconciliations ALTER COLUMN state DROP DEFAULT;
CREATE UNIQUE INDEX platform_stock_reconciliations_running ON platform_stock_reconciliations (shop_id) WHERE state = 'RUNNING';
