-- Monthly sales by product for the whole company (issue #8): analytics_monthly_sales_by_product
-- without the region and rep. A company-wide user's scope filters nothing, so their product
-- questions (top products, product lines, device classes) need no region, and this rollup has
-- one row per product and month instead of one per product, region and rep: at ten million order
-- lines a year of it is a few tens of thousands of rows. Scoped users keep reading the rollup
-- with the region (rollups.planner.ts). Filled here from the daily rollup; the refresh keeps it
-- with the months of the dirty days, like the other monthly rollups.

CREATE TABLE analytics_monthly_sales_by_product_company (
  month        date NOT NULL,
  product_id   bigint NOT NULL,
  revenue_fen  bigint NOT NULL,
  cost_fen     bigint NOT NULL
);
CREATE INDEX analytics_monthly_sales_by_product_company_month_idx
  ON analytics_monthly_sales_by_product_company (month);

INSERT INTO analytics_monthly_sales_by_product_company (month, product_id, revenue_fen, cost_fen)
SELECT date_trunc('month', d.day)::date, d.product_id, sum(d.revenue_fen), sum(d.cost_fen)
  FROM analytics_daily_sales_by_product d GROUP BY 1, 2;
