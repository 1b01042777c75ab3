-- Customer value (RFM) at ten million order lines (issue #8): returns by the day of the order
-- they return, and the first and last order day of the monthly orders by customer.
--
-- Returns by the returned order's day. Customer value (RFM, DOMAIN §6) takes
-- from an order's value what came back of it: the net CNY of the 'return' credit notes of the
-- order's invoices credited by the as-of day. Read from the documents, that joins every return
-- credit note of the company to its invoice and order (tens of thousands at ten million order
-- lines) on every page view; this rollup holds the same sums per order day, credit date, and the
-- order's region and customer (what the scope and the per-customer figures read), so a year of
-- them is a few thousand rows read by the order day's index.
--
--   day          the returned order's date (its fact_date in sales-facts.sql.ts)
--   credit_date  the credit note's date, kept as a key: "credited by the as-of day" stays exact
--                for an as-of day in the past, and a return may even be dated before its order
--                (ship dates are not checked against order dates)
--
-- Filled by the application from one definition (orderReturnFactsSql, rollups.definitions.ts),
-- like the other rollups. It belongs to the 'orders' family of dirty days because it is keyed by
-- the order's day: every change of an order that moves its returns (its date, status, region or
-- customer) already marks its day through the triggers of migration 0025, and the triggers below
-- mark it when a return credit note of it is written. A refresh of the family sums those days
-- again in the same transaction as the order rollups.

CREATE TABLE analytics_daily_order_returns (
  day          date NOT NULL,
  credit_date  date NOT NULL,
  region_id    bigint NOT NULL,
  customer_id  bigint NOT NULL,
  net_cny_fen  bigint NOT NULL
);
CREATE INDEX analytics_daily_order_returns_day_idx ON analytics_daily_order_returns (day);

-- Fewer rows for the per-customer figures. Customer value reads whole months from the monthly
-- orders by customer (migration 0035) instead of one row per customer and order day, which at ten
-- million order lines is most of the work. It needs the day of the first and of the last order,
-- and whether a month lies wholly inside the churn window (which ends on the last order), so the
-- monthly rows keep their first and last order day. A month the window cuts in two is read from
-- the daily rollup, by customer (the index below), for the few customers that have one.
-- Refilled here from the daily rollup, as the refresh fills it (rollups.monthly.ts).
DELETE FROM analytics_monthly_orders_by_customer;
ALTER TABLE analytics_monthly_orders_by_customer
  ADD COLUMN first_day date NOT NULL,
  ADD COLUMN last_day date NOT NULL;
INSERT INTO analytics_monthly_orders_by_customer
  (month, region_id, customer_id, rep_id, orders, net_cny_fen, first_day, last_day)
SELECT date_trunc('month', d.day)::date, d.region_id, d.customer_id, d.rep_id, sum(d.orders), sum(d.net_cny_fen),
       min(d.day), max(d.day)
  FROM analytics_daily_orders d
 GROUP BY 1, 2, 3, 4;
CREATE INDEX analytics_daily_orders_customer_idx ON analytics_daily_orders (customer_id, day);

-- A return credit note marks the day of the order it returns. Insert and delete: statement-level
-- with a transition table, like migration 0025. Update: only when a column the definition reads
-- changes (a credit note being applied to invoices changes none of them).
CREATE FUNCTION analytics_dirty_order_returns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'orders', o.order_date
      FROM new_rows n JOIN invoices i ON i.id = n.invoice_id JOIN sales_orders o ON o.id = i.order_id
     WHERE n.kind = 'return';
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'orders', o.order_date
      FROM old_rows d JOIN invoices i ON i.id = d.invoice_id JOIN sales_orders o ON o.id = i.order_id
     WHERE d.kind = 'return';
  ELSE
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'orders', o.order_date
      FROM invoices i JOIN sales_orders o ON o.id = i.order_id
     WHERE (i.id = OLD.invoice_id AND OLD.kind = 'return') OR (i.id = NEW.invoice_id AND NEW.kind = 'return');
  END IF;
  RETURN NULL;
END $$;

-- An invoice moved to another order moves its returns from one order's day to the other's.
CREATE FUNCTION analytics_dirty_order_returns_of_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_rollup_dirty_days (family, day)
  SELECT DISTINCT 'orders', o.order_date FROM sales_orders o
   WHERE o.id IN (OLD.order_id, NEW.order_id)
     AND EXISTS (SELECT 1 FROM credit_notes cn WHERE cn.invoice_id = NEW.id AND cn.kind = 'return');
  RETURN NULL;
END $$;

CREATE TRIGGER analytics_returns_dirty_insert AFTER INSERT ON credit_notes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_order_returns();
CREATE TRIGGER analytics_returns_dirty_update AFTER UPDATE ON credit_notes FOR EACH ROW
  WHEN (OLD.kind <> NEW.kind OR OLD.credit_date <> NEW.credit_date OR OLD.invoice_id <> NEW.invoice_id
        OR OLD.net_cny_fen <> NEW.net_cny_fen)
  EXECUTE FUNCTION analytics_dirty_order_returns();
CREATE TRIGGER analytics_returns_dirty_delete AFTER DELETE ON credit_notes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_order_returns();
CREATE TRIGGER analytics_returns_dirty_update AFTER UPDATE ON invoices FOR EACH ROW
  WHEN (OLD.order_id <> NEW.order_id)
  EXECUTE FUNCTION analytics_dirty_order_returns_of_invoice();

-- Also in the demo loader's bulk mode (session_replication_role = replica, migration 0010).
ALTER TABLE credit_notes ENABLE ALWAYS TRIGGER analytics_returns_dirty_insert;
ALTER TABLE credit_notes ENABLE ALWAYS TRIGGER analytics_returns_dirty_update;
ALTER TABLE credit_notes ENABLE ALWAYS TRIGGER analytics_returns_dirty_delete;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER analytics_returns_dirty_update;

-- The days of every returned order are dirty: the next refresh (or the demo loader's rebuild)
-- fills the rollup, and until then queries read those days from the documents.
INSERT INTO analytics_rollup_dirty_days (family, day)
SELECT 'orders', o.order_date
  FROM credit_notes cn JOIN invoices i ON i.id = cn.invoice_id JOIN sales_orders o ON o.id = i.order_id
 WHERE cn.kind = 'return'
 GROUP BY o.order_date;
