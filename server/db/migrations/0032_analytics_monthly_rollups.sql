-- Two more monthly rollups (server/modules/analytics/rollups/rollups.monthly.ts) that keep fewer
-- keys than the daily rollups they sum: sales per month by region and rep (no product), and
-- orders per month by region and rep. Their rows grow with regions × reps × months, not with the
-- number of products or documents, so the dashboards' KPIs, trends and region and rep breakdowns
-- read a few thousand rows at any size. Filled here from the daily rollups; the refresh keeps
-- them with the months of the dirty days, like analytics_monthly_sales_by_product.

CREATE TABLE analytics_monthly_sales_by_region (
  month        date NOT NULL,
  region_id    bigint NOT NULL,
  rep_id       bigint,
  revenue_fen  bigint NOT NULL,
  cost_fen     bigint NOT NULL
);
CREATE INDEX analytics_monthly_sales_by_region_month_idx ON analytics_monthly_sales_by_region (month);

CREATE TABLE analytics_monthly_orders_by_rep (
  month        date NOT NULL,
  region_id    bigint NOT NULL,
  rep_id       bigint,
  orders       integer NOT NULL,
  net_cny_fen  bigint NOT NULL
);
CREATE INDEX analytics_monthly_orders_by_rep_month_idx ON analytics_monthly_orders_by_rep (month);

INSERT INTO analytics_monthly_sales_by_region (month, region_id, rep_id, revenue_fen, cost_fen)
SELECT date_trunc('month', d.day)::date, d.region_id, d.rep_id, sum(d.revenue_fen), sum(d.cost_fen)
  FROM analytics_daily_sales_by_product d GROUP BY 1, 2, 3;

INSERT INTO analytics_monthly_orders_by_rep (month, region_id, rep_id, orders, net_cny_fen)
SELECT date_trunc('month', d.day)::date, d.region_id, d.rep_id, sum(d.orders), sum(d.net_cny_fen)
  FROM analytics_daily_orders_by_rep d GROUP BY 1, 2, 3;
