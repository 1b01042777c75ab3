-- Analytics rollups (server/modules/analytics/rollups): daily (and one monthly) sums of the sales
-- and order facts of server/modules/analytics/sales-facts.sql.ts, which the query compiler reads
-- instead of the documents when a query can be answered from them. They are plain tables that the
-- application fills from THE fact definitions (no formula is repeated here), refreshed
-- incrementally: every write that can change a day's facts records that day as dirty (triggers
-- below), and a refresh recomputes just the dirty days (and their months).
--
-- Rows carry only ids (region, customer, rep, product). Names, channel, customer type, product
-- line… are joined at query time, so renaming a product or moving a customer to another channel
-- changes no rollup row.

-- Sales facts (revenue and cost: invoice lines by invoice date, credit-note lines by credit date).
CREATE TABLE analytics_daily_sales (
  day          date NOT NULL,
  region_id    bigint NOT NULL,
  customer_id  bigint NOT NULL,
  rep_id       bigint,
  product_id   bigint NOT NULL,
  revenue_fen  bigint NOT NULL,
  cost_fen     bigint NOT NULL
);
CREATE INDEX analytics_daily_sales_day_idx ON analytics_daily_sales (day);

-- The same without the customer: far fewer rows (customers outnumber the other keys by far),
-- for the questions that break down by date, region, rep and product only.
CREATE TABLE analytics_daily_sales_by_product (
  day          date NOT NULL,
  region_id    bigint NOT NULL,
  rep_id       bigint,
  product_id   bigint NOT NULL,
  revenue_fen  bigint NOT NULL,
  cost_fen     bigint NOT NULL
);
CREATE INDEX analytics_daily_sales_by_product_day_idx ON analytics_daily_sales_by_product (day);

-- analytics_daily_sales_by_product summed per calendar month (`month`: its first day), for long
-- ranges: its rows are bounded by the master data, not by the number of documents.
CREATE TABLE analytics_monthly_sales_by_product (
  month        date NOT NULL,
  region_id    bigint NOT NULL,
  rep_id       bigint,
  product_id   bigint NOT NULL,
  revenue_fen  bigint NOT NULL,
  cost_fen     bigint NOT NULL
);
CREATE INDEX analytics_monthly_sales_by_product_month_idx ON analytics_monthly_sales_by_product (month);

-- Confirmed, not cancelled orders by order date: how many and their net value.
CREATE TABLE analytics_daily_orders (
  day          date NOT NULL,
  region_id    bigint NOT NULL,
  customer_id  bigint NOT NULL,
  rep_id       bigint,
  orders       integer NOT NULL,
  net_cny_fen  bigint NOT NULL
);
CREATE INDEX analytics_daily_orders_day_idx ON analytics_daily_orders (day);

-- The same without the customer.
CREATE TABLE analytics_daily_orders_by_rep (
  day          date NOT NULL,
  region_id    bigint NOT NULL,
  rep_id       bigint,
  orders       integer NOT NULL,
  net_cny_fen  bigint NOT NULL
);
CREATE INDEX analytics_daily_orders_by_rep_day_idx ON analytics_daily_orders_by_rep (day);

-- The lines of those orders per product: how many lines and units.
CREATE TABLE analytics_daily_order_lines (
  day          date NOT NULL,
  region_id    bigint NOT NULL,
  customer_id  bigint NOT NULL,
  rep_id       bigint,
  product_id   bigint NOT NULL,
  order_lines  integer NOT NULL,
  quantity     bigint NOT NULL
);
CREATE INDEX analytics_daily_order_lines_day_idx ON analytics_daily_order_lines (day);

-- Days whose rollup rows may be out of date. 'sales' covers the sales rollups (invoice and
-- credit dates); 'orders' covers the order rollups (order dates). An append-only log without
-- a unique key on purpose: concurrent writers of the same day never wait on one another (a unique
-- key would make every order of today queue behind the first uncommitted one). A refresh deletes
-- the marks it saw and recomputes those days; marks committed meanwhile stay for the next one.
CREATE TABLE analytics_rollup_dirty_days (
  family  text NOT NULL CHECK (family IN ('sales', 'orders')),
  day     date NOT NULL
);
CREATE INDEX analytics_rollup_dirty_days_idx ON analytics_rollup_dirty_days (family, day);

-- Everything already in the database is dirty: the first refresh builds the rollups, and until
-- then queries read the documents.
INSERT INTO analytics_rollup_dirty_days (family, day)
SELECT 'sales', invoice_date FROM invoices GROUP BY invoice_date
UNION ALL
SELECT 'sales', credit_date FROM credit_notes GROUP BY credit_date
UNION ALL
SELECT 'orders', order_date FROM sales_orders GROUP BY order_date;

-- ---------------------------------------------------------------------------------------------
-- Dirty-day triggers, ENABLE ALWAYS so that they also fire in the demo loader's bulk mode
-- (session_replication_role = replica, migration 0010).
--   INSERT and DELETE: statement-level with a transition table, one INSERT … SELECT per statement
--   however many rows it wrote (bulk loads).
--   UPDATE: row-level with a WHEN condition on the columns the facts read, so the many updates
--   that change none of them (an invoice being paid, an order line being allocated or picked)
--   cost a comparison and nothing else on the order hot path.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION analytics_dirty_invoices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', n.invoice_date FROM new_rows n WHERE n.status <> 'cancelled';
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', o.invoice_date FROM old_rows o;
  ELSE
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', d FROM unnest(ARRAY[OLD.invoice_date, NEW.invoice_date]) d;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION analytics_dirty_invoice_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', i.invoice_date
      FROM (SELECT DISTINCT invoice_id FROM new_rows) n JOIN invoices i ON i.id = n.invoice_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', i.invoice_date
      FROM (SELECT DISTINCT invoice_id FROM old_rows) o JOIN invoices i ON i.id = o.invoice_id;
  ELSE
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', i.invoice_date FROM invoices i WHERE i.id IN (OLD.invoice_id, NEW.invoice_id);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION analytics_dirty_credit_notes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', n.credit_date FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', o.credit_date FROM old_rows o;
  ELSE
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', d FROM unnest(ARRAY[OLD.credit_date, NEW.credit_date]) d;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION analytics_dirty_credit_note_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', cn.credit_date
      FROM (SELECT DISTINCT credit_note_id FROM new_rows) n JOIN credit_notes cn ON cn.id = n.credit_note_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', cn.credit_date
      FROM (SELECT DISTINCT credit_note_id FROM old_rows) o JOIN credit_notes cn ON cn.id = o.credit_note_id;
  ELSE
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'sales', cn.credit_date FROM credit_notes cn
     WHERE cn.id IN (OLD.credit_note_id, NEW.credit_note_id);
  END IF;
  RETURN NULL;
END $$;

-- An order counts from confirmation until cancelled; its rep is also the rep of its invoices
-- and credit notes, so a new owner rep dirties their days too.
CREATE FUNCTION analytics_dirty_sales_orders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'orders', n.order_date FROM new_rows n WHERE n.status NOT IN ('draft', 'cancelled');
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'orders', o.order_date FROM old_rows o;
  ELSE
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'orders', d FROM unnest(ARRAY[OLD.order_date, NEW.order_date]) d;
    IF OLD.owner_rep_id IS DISTINCT FROM NEW.owner_rep_id THEN
      INSERT INTO analytics_rollup_dirty_days (family, day)
      SELECT DISTINCT 'sales', d.day
        FROM invoices i LEFT JOIN credit_notes cn ON cn.invoice_id = i.id,
             LATERAL (VALUES (i.invoice_date), (cn.credit_date)) d(day)
       WHERE i.order_id = NEW.id AND d.day IS NOT NULL;
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- Lines of a draft count nowhere yet; confirming the order dirties its day.
CREATE FUNCTION analytics_dirty_sales_order_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'orders', so.order_date
      FROM (SELECT DISTINCT order_id FROM new_rows) n JOIN sales_orders so ON so.id = n.order_id
     WHERE so.status NOT IN ('draft', 'cancelled');
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'orders', so.order_date
      FROM (SELECT DISTINCT order_id FROM old_rows) o JOIN sales_orders so ON so.id = o.order_id
     WHERE so.status NOT IN ('draft', 'cancelled');
  ELSE
    INSERT INTO analytics_rollup_dirty_days (family, day)
    SELECT DISTINCT 'orders', so.order_date FROM sales_orders so
     WHERE so.id IN (OLD.order_id, NEW.order_id) AND so.status NOT IN ('draft', 'cancelled');
  END IF;
  RETURN NULL;
END $$;

-- Facts without an order rep go to the customer's owner rep (as the customer is now).
CREATE FUNCTION analytics_dirty_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_rollup_dirty_days (family, day)
  SELECT DISTINCT 'orders', so.order_date FROM sales_orders so
   WHERE so.customer_id = NEW.id AND so.owner_rep_id IS NULL;
  INSERT INTO analytics_rollup_dirty_days (family, day)
  SELECT DISTINCT 'sales', d.day
    FROM invoices i LEFT JOIN credit_notes cn ON cn.invoice_id = i.id,
         LATERAL (VALUES (i.invoice_date), (cn.credit_date)) d(day)
   WHERE i.customer_id = NEW.id AND d.day IS NOT NULL;
  RETURN NULL;
END $$;

CREATE TRIGGER analytics_dirty_insert AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_invoices();
CREATE TRIGGER analytics_dirty_update AFTER UPDATE ON invoices FOR EACH ROW
  WHEN ((OLD.status = 'cancelled') <> (NEW.status = 'cancelled') OR OLD.invoice_date <> NEW.invoice_date
        OR OLD.region_id <> NEW.region_id OR OLD.customer_id <> NEW.customer_id OR OLD.order_id <> NEW.order_id)
  EXECUTE FUNCTION analytics_dirty_invoices();
CREATE TRIGGER analytics_dirty_delete AFTER DELETE ON invoices
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_invoices();

CREATE TRIGGER analytics_dirty_insert AFTER INSERT ON invoice_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_invoice_lines();
CREATE TRIGGER analytics_dirty_update AFTER UPDATE ON invoice_lines FOR EACH ROW
  WHEN (OLD.net_cny_fen <> NEW.net_cny_fen OR OLD.cost_cny_fen <> NEW.cost_cny_fen
        OR OLD.product_id <> NEW.product_id OR OLD.invoice_id <> NEW.invoice_id)
  EXECUTE FUNCTION analytics_dirty_invoice_lines();
CREATE TRIGGER analytics_dirty_delete AFTER DELETE ON invoice_lines
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_invoice_lines();

CREATE TRIGGER analytics_dirty_insert AFTER INSERT ON credit_notes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_credit_notes();
CREATE TRIGGER analytics_dirty_update AFTER UPDATE ON credit_notes FOR EACH ROW
  WHEN (OLD.credit_date <> NEW.credit_date OR OLD.region_id <> NEW.region_id
        OR OLD.customer_id <> NEW.customer_id OR OLD.invoice_id <> NEW.invoice_id)
  EXECUTE FUNCTION analytics_dirty_credit_notes();
CREATE TRIGGER analytics_dirty_delete AFTER DELETE ON credit_notes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_credit_notes();

CREATE TRIGGER analytics_dirty_insert AFTER INSERT ON credit_note_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_credit_note_lines();
CREATE TRIGGER analytics_dirty_update AFTER UPDATE ON credit_note_lines FOR EACH ROW
  WHEN (OLD.net_cny_fen <> NEW.net_cny_fen OR OLD.cost_cny_fen <> NEW.cost_cny_fen
        OR OLD.invoice_line_id <> NEW.invoice_line_id OR OLD.credit_note_id <> NEW.credit_note_id)
  EXECUTE FUNCTION analytics_dirty_credit_note_lines();
CREATE TRIGGER analytics_dirty_delete AFTER DELETE ON credit_note_lines
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_credit_note_lines();

CREATE TRIGGER analytics_dirty_insert AFTER INSERT ON sales_orders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_sales_orders();
CREATE TRIGGER analytics_dirty_update AFTER UPDATE ON sales_orders FOR EACH ROW
  WHEN ((OLD.status IN ('draft', 'cancelled')) <> (NEW.status IN ('draft', 'cancelled'))
        OR OLD.order_date <> NEW.order_date OR OLD.region_id <> NEW.region_id OR OLD.customer_id <> NEW.customer_id
        OR OLD.owner_rep_id IS DISTINCT FROM NEW.owner_rep_id OR OLD.net_cny_fen <> NEW.net_cny_fen)
  EXECUTE FUNCTION analytics_dirty_sales_orders();
CREATE TRIGGER analytics_dirty_delete AFTER DELETE ON sales_orders
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_sales_orders();

CREATE TRIGGER analytics_dirty_insert AFTER INSERT ON sales_order_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_sales_order_lines();
CREATE TRIGGER analytics_dirty_update AFTER UPDATE ON sales_order_lines FOR EACH ROW
  WHEN (OLD.quantity <> NEW.quantity OR OLD.product_id <> NEW.product_id OR OLD.order_id <> NEW.order_id)
  EXECUTE FUNCTION analytics_dirty_sales_order_lines();
CREATE TRIGGER analytics_dirty_delete AFTER DELETE ON sales_order_lines
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_sales_order_lines();

CREATE TRIGGER analytics_dirty_update AFTER UPDATE ON customers FOR EACH ROW
  WHEN (OLD.owner_rep_id IS DISTINCT FROM NEW.owner_rep_id)
  EXECUTE FUNCTION analytics_dirty_customers();

ALTER TABLE invoices ENABLE ALWAYS TRIGGER analytics_dirty_insert;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER analytics_dirty_update;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER analytics_dirty_delete;
ALTER TABLE invoice_lines ENABLE ALWAYS TRIGGER analytics_dirty_insert;
ALTER TABLE invoice_lines ENABLE ALWAYS TRIGGER analytics_dirty_update;
ALTER TABLE invoice_lines ENABLE ALWAYS TRIGGER analytics_dirty_delete;
ALTER TABLE credit_notes ENABLE ALWAYS TRIGGER analytics_dirty_insert;
ALTER TABLE credit_notes ENABLE ALWAYS TRIGGER analytics_dirty_update;
ALTER TABLE credit_notes ENABLE ALWAYS TRIGGER analytics_dirty_delete;
ALTER TABLE credit_note_lines ENABLE ALWAYS TRIGGER analytics_dirty_insert;
ALTER TABLE credit_note_lines ENABLE ALWAYS TRIGGER analytics_dirty_update;
ALTER TABLE credit_note_lines ENABLE ALWAYS TRIGGER analytics_dirty_delete;
ALTER TABLE sales_orders ENABLE ALWAYS TRIGGER analytics_dirty_insert;
ALTER TABLE sales_orders ENABLE ALWAYS TRIGGER analytics_dirty_update;
ALTER TABLE sales_orders ENABLE ALWAYS TRIGGER analytics_dirty_delete;
ALTER TABLE sales_order_lines ENABLE ALWAYS TRIGGER analytics_dirty_insert;
ALTER TABLE sales_order_lines ENABLE ALWAYS TRIGGER analytics_dirty_update;
ALTER TABLE sales_order_lines ENABLE ALWAYS TRIGGER analytics_dirty_delete;
ALTER TABLE customers ENABLE ALWAYS TRIGGER analytics_dirty_update;
