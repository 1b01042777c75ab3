-- The receivables rollup keeps a snapshot of TODAY (server/modules/analytics/rollups/
-- rollups.receivables.ts): AR open / overdue as of today is the question asked most, and a read
-- for any day sums the month-end rows and the changes since, per customer × region × rep ×
-- overdue. The snapshot holds that sum for one day, filled by the application with the same SQL
-- as the read (no formula is repeated here), so a read for that day is a scan of its rows.
-- Dirty customers (0034) are still read from the documents; a refresh on a new day rebuilds it.

-- Per customer × region × rep × overdue: what is open on the snapshot day (only groups with open
-- invoices), in the shape of a receivables fact row. A refresh replaces a customer's rows.
CREATE TABLE analytics_receivables_today (
  customer_id    bigint NOT NULL,
  region_id      bigint NOT NULL,
  rep_id         bigint,
  is_overdue     boolean NOT NULL,
  open_cny_fen   bigint NOT NULL,
  open_invoices  integer NOT NULL
);
CREATE INDEX analytics_receivables_today_customer_idx ON analytics_receivables_today (customer_id);

-- The day the snapshot is of, on the horizon's one row (NULL: no snapshot yet; reads take the
-- month-end rows and the changes until the next refresh builds it). Kept there, backups carry it
-- with the snapshot's rows.
ALTER TABLE analytics_receivables_horizon ADD COLUMN snapshot_day date;
