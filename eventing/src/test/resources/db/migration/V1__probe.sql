CREATE TABLE probe_projection (
    order_id      varchar(64) PRIMARY KEY,
    times_applied int         NOT NULL
);
