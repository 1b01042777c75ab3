-- More rollups for the dashboards at ten million order lines (issue #8):
--
-- * The fill and stockout rates (inventory dashboard) come from the order-line rollups: they now
--   also sum first_allocated_quantity (migration 0029), so the rates no longer read every order
--   line of the range. A daily order-line rollup without the customer, and monthly ones by
--   region × rep and by region × rep × product, keep their rows bounded by the master data.
-- * Per-customer questions (customer value: revenue and orders per customer over a year) read
--   monthly sales and orders by customer instead of daily rows.
--
-- The new tables are filled by the application (rollups.definitions.ts / rollups.monthly.ts, from
-- the one fact definition). Every day with orders is marked dirty here, so the next refresh (or
-- the demo loader's rebuild) fills them; until then queries read those days from the documents.

ALTER TABLE analytics_daily_order_lines ADD COLUMN first_allocated bigint NOT NULL DEFAULT 0;

CREATE TABLE analytics_daily_order_lines_by_product (
  day              date NOT NULL,
  region_id        bigint NOT NULL,
  rep_id           bigint,
  product_id       bigint NOT NULL,
  order_lines      integer NOT NULL,
  quantity         bigint NOT NULL,
  first_allocated  bigint NOT NULL
);
CREATE INDEX analytics_daily_order_lines_by_product_day_idx ON analytics_daily_order_lines_by_product (day);

CREATE TABLE analytics_monthly_order_lines_by_region (
  month            date NOT NULL,
  region_id        bigint NOT NULL,
  rep_id           bigint,
  order_lines      integer NOT NULL,
  quantity         bigint NOT NULL,
  first_allocated  bigint NOT NULL
);
CREATE INDEX analytics_monthly_order_lines_by_region_month_idx ON analytics_monthly_order_lines_by_region (month);

CREATE TABLE analytics_monthly_order_lines_by_product (
  month            date NOT NULL,
  region_id        bigint NOT NULL,
  rep_id           bigint,
  product_id       bigint NOT NULL,
  order_lines      integer NOT NULL,
  quantity         bigint NOT NULL,
  first_allocated  bigint NOT NULL
);
CREATE INDEX analytics_monthly_order_lines_by_product_month_idx ON analytics_monthly_order_lines_by_product (month);

CREATE TABLE analytics_monthly_sales_by_customer (
  month        date NOT NULL,
  region_id    bigint NOT NULL,
  customer_id  bigint NOT NULL,
  rep_id       bigint,
  revenue_fen  bigint NOT NULL,
  cost_fen     bigint NOT NULL
);
CREATE INDEX analytics_monthly_sales_by_customer_month_idx ON analytics_monthly_sales_by_customer (month);

CREATE TABLE analytics_monthly_orders_by_customer (
  month        date NOT NULL,
  region_id    bigint NOT NULL,
  customer_id  bigint NOT NULL,
  rep_id       bigint,
  orders       integer NOT NULL,
  net_cny_fen  bigint NOT NULL
);
CREATE INDEX analytics_monthly_orders_by_customer_month_idx ON analytics_monthly_orders_by_customer (month);

-- A line's first allocation is written with its order's confirmation (which dirties the day);
-- should it ever change on its own, its day is dirty too.
DROP TRIGGER analytics_dirty_update ON sales_order_lines;
CREATE TRIGGER analytics_dirty_update AFTER UPDATE ON sales_order_lines FOR EACH ROW
  WHEN (OLD.quantity <> NEW.quantity OR OLD.product_id <> NEW.product_id OR OLD.order_id <> NEW.order_id
        OR OLD.first_allocated_quantity IS DISTINCT FROM NEW.first_allocated_quantity)
  EXECUTE FUNCTION analytics_dirty_sales_order_lines();
ALTER TABLE sales_order_lines ENABLE ALWAYS TRIGGER analytics_dirty_update;

-- The order-line rollups lack the new sums, and the monthly sales by customer are empty.
INSERT INTO analytics_rollup_dirty_days (family, day)
SELECT 'orders', order_date FROM sales_orders GROUP BY order_date
UNION ALL
SELECT 'sales', invoice_date FROM invoices GROUP BY invoice_date
UNION ALL
SELECT 'sales', credit_date FROM credit_notes GROUP BY credit_date;
