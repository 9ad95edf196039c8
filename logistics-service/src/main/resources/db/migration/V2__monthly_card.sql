-- 月结卡号: the monthly account of a 直营 carrier (SF, JD), which has no 网点.
ALTER TABLE carrier_accounts ADD COLUMN monthly_card varchar(64);
