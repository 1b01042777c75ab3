-- Stock value rollups for average inventory and inventory turnover days (issue #8).
--
-- Average inventory over a range is the mean of the end-of-day stock at lot cost, which the
-- semantic layer computes from the stock ledger: every move up to the range's last day adds
-- quantity × lot cost × the days it is held within the range. At ten million order lines the
-- ledger holds tens of millions of moves, and every question reads all of them (the stock on
-- the range's first day is the sum of everything before it). These rollups hold the same value
-- per day (and per month) and warehouse × product, so the question reads rows bounded by the
-- calendar and the master data instead (rollups.inventory.ts says how a row contributes).
--
--   value_fen      Σ quantity × the lot's unit cost of the moves of the day (or month)
--   day_value_fen  Σ that value × the move's day within its month (0 for the 1st): what a
--                  monthly row needs to weigh its moves by the days they are held
--
-- Filled by the application from one fact definition, like the other rollups; the 'stock'
-- family of dirty days marks what a refresh must sum again.

ALTER TABLE analytics_rollup_dirty_days DROP CONSTRAINT analytics_rollup_dirty_days_family_check;
ALTER TABLE analytics_rollup_dirty_days ADD CONSTRAINT analytics_rollup_dirty_days_family_check
  CHECK (family IN ('sales', 'orders', 'stock'));

CREATE TABLE analytics_daily_stock_value (
  day            date NOT NULL,
  region_id      bigint NOT NULL,
  warehouse_id   bigint NOT NULL,
  product_id     bigint NOT NULL,
  value_fen      bigint NOT NULL,
  day_value_fen  bigint NOT NULL
);
CREATE INDEX analytics_daily_stock_value_day_idx ON analytics_daily_stock_value (day);

CREATE TABLE analytics_monthly_stock_value (
  month          date NOT NULL,
  region_id      bigint NOT NULL,
  warehouse_id   bigint NOT NULL,
  product_id     bigint NOT NULL,
  value_fen      bigint NOT NULL,
  day_value_fen  bigint NOT NULL
);
CREATE INDEX analytics_monthly_stock_value_month_idx ON analytics_monthly_stock_value (month);

-- Without the product: a few rows a month, for the company's or a region's turnover.
CREATE TABLE analytics_monthly_stock_value_by_warehouse (
  month          date NOT NULL,
  region_id      bigint NOT NULL,
  warehouse_id   bigint NOT NULL,
  value_fen      bigint NOT NULL,
  day_value_fen  bigint NOT NULL
);
CREATE INDEX analytics_monthly_stock_value_by_warehouse_month_idx
  ON analytics_monthly_stock_value_by_warehouse (month);

-- Stock moves are immutable (migration 0006): only inserts change the ledger. A statement-level
-- trigger marks each statement's days once, however many moves it wrote.
CREATE FUNCTION analytics_dirty_stock_moves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_rollup_dirty_days (family, day)
  SELECT DISTINCT 'stock', n.business_date FROM new_rows n;
  RETURN NULL;
END $$;

-- A lot's cost or a warehouse's region, should either change, changes the value of every move of it.
CREATE FUNCTION analytics_dirty_stock_of_lot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_rollup_dirty_days (family, day)
  SELECT DISTINCT 'stock', m.business_date FROM stock_moves m WHERE m.lot_id = NEW.id;
  RETURN NULL;
END $$;

CREATE FUNCTION analytics_dirty_stock_of_warehouse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_rollup_dirty_days (family, day)
  SELECT DISTINCT 'stock', m.business_date FROM stock_moves m WHERE m.warehouse_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER analytics_dirty_insert AFTER INSERT ON stock_moves
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_stock_moves();
CREATE TRIGGER analytics_dirty_update AFTER UPDATE ON lots FOR EACH ROW
  WHEN (OLD.unit_cost_fen <> NEW.unit_cost_fen)
  EXECUTE FUNCTION analytics_dirty_stock_of_lot();
CREATE TRIGGER analytics_dirty_update AFTER UPDATE ON warehouses FOR EACH ROW
  WHEN (OLD.region_id IS DISTINCT FROM NEW.region_id)
  EXECUTE FUNCTION analytics_dirty_stock_of_warehouse();
-- Also in the demo loader's bulk mode (session_replication_role = replica, migration 0010).
ALTER TABLE stock_moves ENABLE ALWAYS TRIGGER analytics_dirty_insert;
ALTER TABLE lots ENABLE ALWAYS TRIGGER analytics_dirty_update;
ALTER TABLE warehouses ENABLE ALWAYS TRIGGER analytics_dirty_update;

-- Everything already in the ledger is dirty: the first refresh builds the rollups.
INSERT INTO analytics_rollup_dirty_days (family, day)
SELECT 'stock', business_date FROM stock_moves GROUP BY business_date;
