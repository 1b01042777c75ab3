-- Bulk loading of the demo company (issue #5), continued from migrations 0010, 0040 and 0043.
-- Each order carries the gross of its invoices (invoiced_gross_cny_fen, migration 0031), which
-- a statement trigger on invoices adds up. The loader writes the history's orders after the
-- whole history is simulated, so it knows those totals; yet it wrote 0 and left the sums to the
-- trigger: an UPDATE of the orders per COPY chunk of invoices, each a pass over every order (the
-- loader builds the indexes afterwards), and a second version of every order row with its
-- analytics triggers. At scale 10 the invoices took about 6 s to load; without it, about 3 s.
--
-- Now a bulk load (session_replication_role = replica, which only demo_enter_bulk_mode() sets
-- for the application role) may say, with the transaction-local setting
-- pulse.invoiced_totals_written = 'on', that the orders of the invoices it inserts already carry
-- them: the insert trigger does not fire while it is on. Outside a bulk load the setting does
-- nothing. A bulk load's commit now also verifies every order's total against its invoices
-- (demo_verify_invoiced_totals below), so a loader that says so wrongly cannot commit.

-- The insert trigger of migration 0031, again, with the condition (the function is unchanged).
DROP TRIGGER invoices_track_invoiced_insert ON invoices;
CREATE TRIGGER invoices_track_invoiced_insert AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS new_invoices FOR EACH STATEMENT
  WHEN (NOT (pg_catalog.current_setting('session_replication_role') = 'replica'
             AND pg_catalog.current_setting('pulse.invoiced_totals_written', true) IS NOT DISTINCT FROM 'on'))
  EXECUTE FUNCTION sales_orders_track_invoiced();
ALTER TABLE invoices ENABLE ALWAYS TRIGGER invoices_track_invoiced_insert;

-- Runs at commit of a bulk-loading transaction, next to demo_verify_bulk_load (migration 0010):
-- deferred constraint triggers of one event fire in the order of their names, so this one, whose
-- single pass over the orders and invoices is cheap, runs first.
CREATE FUNCTION demo_verify_invoiced_totals() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  mistotalled bigint;
BEGIN
  SELECT o.id INTO mistotalled
    FROM public.sales_orders o
    LEFT JOIN (SELECT i.order_id, pg_catalog.sum(i.gross_cny_fen) AS fen FROM public.invoices i
                WHERE i.status <> 'cancelled' GROUP BY i.order_id) b ON b.order_id = o.id
   WHERE o.invoiced_gross_cny_fen <> coalesce(b.fen, 0)
   LIMIT 1;
  IF mistotalled IS NOT NULL THEN
    RAISE EXCEPTION 'the invoiced total of order % is not the sum of its invoices', mistotalled
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sales_orders_invoiced_total';
  END IF;
  RETURN NULL;
END;
$$;
REVOKE ALL ON FUNCTION demo_verify_invoiced_totals() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER demo_bulk_load_invoiced_totals AFTER INSERT ON demo_bulk_loads
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION demo_verify_invoiced_totals();
-- It must fire although the loading transaction runs with session_replication_role = replica.
ALTER TABLE demo_bulk_loads ENABLE ALWAYS TRIGGER demo_bulk_load_invoiced_totals;
