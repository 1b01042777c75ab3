-- Bulk loading of the demo company (issue #5), continued from migrations 0010, 0040, 0043 and
-- 0044. The analytics' insert triggers (migrations 0025, 0034, 0036, 0039) mark the days and
-- customers a statement wrote as dirty, from a transition table of its rows. They fire in bulk
-- mode too, so every COPY chunk of the history kept a copy of its rows for them and grouped
-- them again, for marks that a few set-based statements give at once. In a test of 40
-- statements of 25,000 rows, such a trigger added about 30 % to the inserts; with a WHEN clause
-- that is false, about 4 %. At scale 3, PostgreSQL's CPU time in the history's write sections
-- went from 11.1–12.0 s to 9.2–9.4 s (alternating runs).
--
-- Now a bulk load (session_replication_role = replica, which only demo_enter_bulk_mode() sets
-- for the application role) may defer the marks, with the transaction-local setting
-- pulse.analytics_marks_deferred = 'on': the insert triggers do not fire while it is on. It then
-- calls analytics_mark_fact_days_dirty(), which marks every day with facts and every customer
-- with an invoice (those already marked are left alone), before anything reads analytics in its
-- transaction. A bulk load's commit calls it as well (demo_bulk_load_marks_dirty below), so no
-- loader can commit facts whose days are not marked: until the rollups are built, analytics read
-- every marked day from the documents. Outside a bulk load the setting does nothing; updates and
-- deletes always mark.

-- Every day of each family that holds facts (a superset of what the triggers mark: cancelled
-- invoices and orders too, whose days then sum to what they hold), and every invoiced customer.
CREATE FUNCTION analytics_mark_fact_days_dirty() RETURNS void LANGUAGE sql AS $$
  INSERT INTO analytics_rollup_dirty_days (family, day)
  SELECT f.family, f.day
    FROM (SELECT 'sales' AS family, invoice_date AS day FROM invoices GROUP BY invoice_date
          UNION SELECT 'sales', credit_date FROM credit_notes GROUP BY credit_date
          UNION SELECT 'orders', order_date FROM sales_orders GROUP BY order_date
          UNION SELECT 'stock', business_date FROM stock_moves GROUP BY business_date) f
   WHERE NOT EXISTS (SELECT 1 FROM analytics_rollup_dirty_days d WHERE d.family = f.family AND d.day = f.day);
  INSERT INTO analytics_receivables_dirty_customers (customer_id)
  SELECT i.customer_id FROM invoices i
   WHERE NOT EXISTS (SELECT 1 FROM analytics_receivables_dirty_customers d WHERE d.customer_id = i.customer_id)
   GROUP BY i.customer_id;
$$;

-- The insert triggers again, each with the condition (their functions are unchanged).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT * FROM (VALUES
      ('invoices', 'analytics_dirty_insert', 'analytics_dirty_invoices'),
      ('invoice_lines', 'analytics_dirty_insert', 'analytics_dirty_invoice_lines'),
      ('credit_notes', 'analytics_dirty_insert', 'analytics_dirty_credit_notes'),
      ('credit_note_lines', 'analytics_dirty_insert', 'analytics_dirty_credit_note_lines'),
      ('sales_orders', 'analytics_dirty_insert', 'analytics_dirty_sales_orders'),
      ('sales_order_lines', 'analytics_dirty_insert', 'analytics_dirty_sales_order_lines'),
      ('stock_moves', 'analytics_dirty_insert', 'analytics_dirty_stock_moves'),
      ('credit_notes', 'analytics_returns_dirty_insert', 'analytics_dirty_order_returns'),
      ('invoices', 'analytics_receivables_dirty_insert', 'analytics_receivables_dirty_invoices'),
      ('allocations', 'analytics_receivables_dirty_insert', 'analytics_receivables_dirty_settlements'),
      ('write_offs', 'analytics_receivables_dirty_insert', 'analytics_receivables_dirty_settlements')
    ) AS v(table_name, trigger_name, function_name)
  LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', t.trigger_name, t.table_name);
    EXECUTE format(
      $sql$CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
             WHEN (NOT (pg_catalog.current_setting('session_replication_role') = 'replica'
                        AND pg_catalog.current_setting('pulse.analytics_marks_deferred', true) IS NOT DISTINCT FROM 'on'))
             EXECUTE FUNCTION %I()$sql$,
      t.trigger_name, t.table_name, t.function_name);
    EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER %I', t.table_name, t.trigger_name);
  END LOOP;
END $$;

-- Runs at commit of a bulk-loading transaction, next to the checks of migrations 0010 and 0044.
CREATE FUNCTION demo_mark_bulk_load_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_mark_fact_days_dirty();
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER demo_bulk_load_marks_dirty AFTER INSERT ON demo_bulk_loads
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION demo_mark_bulk_load_dirty();
-- It must fire although the loading transaction runs with session_replication_role = replica.
ALTER TABLE demo_bulk_loads ENABLE ALWAYS TRIGGER demo_bulk_load_marks_dirty;
