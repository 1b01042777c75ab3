-- Revenue targets (quotas, 销售指标) per sales region (大区) and per rep, by month, in CNY fen
-- (issue #8). A row without a rep is the region's target; a row with a rep is that rep's quota,
-- counted in the sales region it names (region_id: also what row-level scope filters on).
-- `month` is the first day of the month it is for.
CREATE TABLE revenue_targets (
  id          bigserial PRIMARY KEY,
  month       date NOT NULL CHECK (extract(day FROM month) = 1),
  region_id   bigint NOT NULL REFERENCES regions(id),
  rep_id      bigint REFERENCES users(id),
  amount_fen  bigint NOT NULL CHECK (amount_fen >= 0),
  version     integer NOT NULL DEFAULT 1,
  updated_by  bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- One target per region and month, and one quota per rep and month (whatever region it names).
CREATE UNIQUE INDEX revenue_targets_region_month_key ON revenue_targets (region_id, month) WHERE rep_id IS NULL;
CREATE UNIQUE INDEX revenue_targets_rep_month_key ON revenue_targets (rep_id, month) WHERE rep_id IS NOT NULL;
CREATE INDEX revenue_targets_month_idx ON revenue_targets (month, region_id);

-- Region coverage counts the customers flagged as target hospitals (customers.is_target, since
-- 0002) per region.
CREATE INDEX customers_is_target_idx ON customers (region_id) WHERE is_target;
