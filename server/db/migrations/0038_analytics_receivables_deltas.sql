-- The receivables rollup answers AR open / overdue as of ANY day, not only days after a
-- customer's last event (server/modules/analytics/rollups/rollups.receivables.ts): the open
-- amounts' deltas (changes) per day, and what is open at each month end, both filled by the
-- application from THE receivables definition (semantic.sources.ts); no formula is repeated
-- here. They replace the rows of what is open now and the customers' latest events (migration
-- 0034). The dirty-customer marks and their triggers (0034) stay: marked customers are read from
-- the documents until the next refresh.

DROP TABLE analytics_receivables_open;
DROP TABLE analytics_receivables_customers;

-- Per customer × region × rep × due date × day: the change of the open CNY and of the number of
-- open invoices on that day (rows with no change are not kept). Open on D = Σ changes up to D.
CREATE TABLE analytics_receivables_deltas (
  customer_id           bigint NOT NULL,
  region_id             bigint NOT NULL,
  rep_id                bigint,
  due_date              date NOT NULL,
  day                   date NOT NULL,
  delta_cny_fen   bigint NOT NULL,
  delta_open_invoices  integer NOT NULL
);
-- A read takes the changes of at most a month (after a month end, up to the day); a refresh
-- replaces a customer's rows.
CREATE INDEX analytics_receivables_deltas_day_idx ON analytics_receivables_deltas (day);
CREATE INDEX analytics_receivables_deltas_customer_idx ON analytics_receivables_deltas (customer_id);

-- What is open at the end of each month up to the horizon, per customer × region × rep × due
-- date: only groups with open invoices. A read starts from one month end's rows.
CREATE TABLE analytics_receivables_month_ends (
  month_end      date NOT NULL,
  customer_id    bigint NOT NULL,
  region_id      bigint NOT NULL,
  rep_id         bigint,
  due_date       date NOT NULL,
  open_cny_fen   bigint NOT NULL,
  open_invoices  integer NOT NULL
);
CREATE INDEX analytics_receivables_month_ends_month_idx ON analytics_receivables_month_ends (month_end);
CREATE INDEX analytics_receivables_month_ends_customer_idx ON analytics_receivables_month_ends (customer_id);

-- The last month end every clean customer has rows for (one row): a read from a later month
-- starts from it and reads the changes since. A refresh moves it to the end of last month.
CREATE TABLE analytics_receivables_horizon (
  is_the_one  boolean PRIMARY KEY DEFAULT true CHECK (is_the_one),
  month_end   date NOT NULL
);
INSERT INTO analytics_receivables_horizon (month_end) VALUES ('-infinity');

-- Nothing is in the new tables yet: every customer is dirty (read from the documents) until the
-- first refresh builds their rows.
INSERT INTO analytics_receivables_dirty_customers (customer_id)
SELECT DISTINCT customer_id FROM invoices;
