-- What the printed parcel holds (WaybillPrinted v2): the auto-ship declares exactly these items in its package.
-- Empty for a waybill that did not say (WaybillPrinted v1, and rows from before): its package takes the order's
-- items not declared yet, as before.
ALTER TABLE scheduled_declarations ADD COLUMN items jsonb NOT NULL DEFAULT '[]';

-- A cancelled waybill (WaybillCancelled) ends its scheduled declaration with status CANCELLED and the reason in
-- outcome; one cancelled before its WaybillPrinted arrived is recorded CANCELLED at once, so the print schedules
-- nothing (the insert meets the row). status stays a plain varchar: WAITING, MANUAL, DONE, REFUSED, CANCELLED.
