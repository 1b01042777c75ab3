-- Daily sales per customer without the product (issue #8): what per-customer questions read for
-- the days of a range outside whole months (a year by customer: the partial first and last
-- months), and what the monthly sales by customer are summed from. Per day it holds one row per
-- customer × region × rep, less than half the rows of the daily sales, which also keep the product.
--
-- Filled by the application (rollups.definitions.ts, from the one fact definition). Every day with
-- sales is marked dirty here, so the next refresh (or the demo loader's rebuild) fills it; until
-- then queries read those days from the documents.

CREATE TABLE analytics_daily_sales_by_customer (
  day          date NOT NULL,
  region_id    bigint NOT NULL,
  customer_id  bigint NOT NULL,
  rep_id       bigint,
  revenue_fen  bigint NOT NULL,
  cost_fen     bigint NOT NULL
);
CREATE INDEX analytics_daily_sales_by_customer_day_idx ON analytics_daily_sales_by_customer (day);

INSERT INTO analytics_rollup_dirty_days (family, day)
SELECT 'sales', invoice_date FROM invoices GROUP BY invoice_date
UNION ALL
SELECT 'sales', credit_date FROM credit_notes GROUP BY credit_date;
