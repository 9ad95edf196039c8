-- Pushes, declarations and auto-ship timers now wait in eventing's work queue (work_items: due time, lease,
-- attempts, backoff); the tables keep what happened. Rows still pending are queued at start by their workers.
DROP INDEX IF EXISTS platform_pushes_due;
ALTER TABLE platform_pushes DROP COLUMN next_attempt;
DROP INDEX IF EXISTS platform_syncs_due;
ALTER TABLE platform_syncs DROP COLUMN next_attempt;
DROP INDEX IF EXISTS scheduled_declarations_due;
