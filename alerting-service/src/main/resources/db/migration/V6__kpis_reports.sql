-- KPIs (运营指标) and weekly exception reports (每周异常报告).

-- What the KPI queries look up by: orders paid or first declared and parcels acknowledged in a period, a subject's
-- alerts (abnormal orders).
CREATE INDEX ops_orders_paid ON ops_orders (shop_id, paid_at);
CREATE INDEX ops_orders_declared ON ops_orders (shop_id, first_declared_at);
CREATE INDEX ops_parcels_acknowledged ON ops_parcels (shop_id, acknowledged_at);
CREATE INDEX alerts_of_subject ON alerts (shop_id, subject_type, subject_id);

-- A shop's weekly report as generated: the HTML page and the CSV file (UTF-8 with BOM, the bytes served) rendered
-- once, so it reads the same however often it is fetched. week_start is the Monday (Asia/Shanghai). The schedule
-- stores at most one per week (replicas run it at once); operators may generate a week again as often as they like.
CREATE TABLE weekly_reports (
    id           bigserial    PRIMARY KEY,
    shop_id      varchar(64)  NOT NULL,
    week_start   date         NOT NULL CHECK (extract(isodow FROM week_start) = 1),
    origin       varchar(8)   NOT NULL CHECK (origin IN ('SCHEDULE', 'REQUEST')),
    generated_at timestamptz  NOT NULL,
    generated_by varchar(128) NOT NULL,
    alerts       int          NOT NULL CHECK (alerts >= 0),
    html         text         NOT NULL,
    csv          bytea        NOT NULL
);
CREATE UNIQUE INDEX weekly_reports_scheduled ON weekly_reports (shop_id, week_start) WHERE origin = 'SCHEDULE';
CREATE INDEX weekly_reports_by_shop ON weekly_reports (shop_id, week_start DESC, id DESC);
