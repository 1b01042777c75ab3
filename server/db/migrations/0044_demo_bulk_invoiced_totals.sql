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
-- them: the trigger leaves them alone while it is on. Outside a bulk load the setting does
-- nothing. A bulk load's commit now also verifies every order's total against its invoices, so
-- a loader that says so wrongly cannot commit.

CREATE OR REPLACE FUNCTION sales_orders_track_invoiced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_catalog.current_setting('session_replication_role') = 'replica'
     AND pg_catalog.current_setting('pulse.invoiced_totals_written', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    UPDATE sales_orders o SET invoiced_gross_cny_fen = o.invoiced_gross_cny_fen + d.fen
      FROM (SELECT order_id, sum(gross_cny_fen) AS fen FROM new_invoices
             WHERE status <> 'cancelled' GROUP BY order_id) d
     WHERE o.id = d.order_id AND d.fen <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE sales_orders o SET invoiced_gross_cny_fen = o.invoiced_gross_cny_fen - d.fen
      FROM (SELECT order_id, sum(gross_cny_fen) AS fen FROM old_invoices
             WHERE status <> 'cancelled' GROUP BY order_id) d
     WHERE o.id = d.order_id AND d.fen <> 0;
  ELSE
    UPDATE sales_orders o SET invoiced_gross_cny_fen = o.invoiced_gross_cny_fen + d.fen
      FROM (SELECT x.order_id, sum(x.fen) AS fen
              FROM (SELECT order_id, gross_cny_fen AS fen FROM new_invoices WHERE status <> 'cancelled'
                    UNION ALL
                    SELECT order_id, -gross_cny_fen FROM old_invoices WHERE status <> 'cancelled') x
             GROUP BY x.order_id) d
     WHERE o.id = d.order_id AND d.fen <> 0;
  END IF;
  RETURN NULL;
END;
$$;

-- As in migration 0010, with the invoiced totals verified first (one pass over the orders and
-- the invoices).
CREATE OR REPLACE FUNCTION demo_verify_bulk_load() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  k record;
  broken boolean;
  unbalanced bigint;
  mistotalled bigint;
BEGIN
  -- Hash (or merge) anti-joins: linear, whatever the (missing) statistics of the new rows say.
  PERFORM pg_catalog.set_config('enable_nestloop', 'off', true);
  -- Each order's invoiced total (sales_orders_track_invoiced, which a bulk load may have written
  -- itself): the gross of its invoices that are not cancelled.
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
  FOR k IN
    SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
           (SELECT pg_catalog.string_agg(pg_catalog.format('c.%I IS NOT NULL', a.attname), ' AND ')
              FROM pg_catalog.unnest(c.conkey) AS x(n) JOIN pg_catalog.pg_attribute a
                ON a.attrelid = c.conrelid AND a.attnum = x.n) AS not_null,
           (SELECT pg_catalog.string_agg(pg_catalog.format('p.%I = c.%I', pa.attname, ca.attname), ' AND ')
              FROM pg_catalog.generate_subscripts(c.conkey, 1) AS i
              JOIN pg_catalog.pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = c.conkey[i]
              JOIN pg_catalog.pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[i]) AS joined
      FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND n.nspname = 'public'
     ORDER BY c.conname
  LOOP
    EXECUTE pg_catalog.format(
      'SELECT EXISTS (SELECT 1 FROM %s c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s))',
      k.child, k.not_null, k.parent, k.joined) INTO broken;
    IF broken THEN
      RAISE EXCEPTION 'bulk load broke foreign key %', k.name
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = k.name;
    END IF;
  END LOOP;
  SELECT x.id INTO unbalanced
    FROM (SELECT j.id, 0 AS n, 0::bigint AS d, 0::bigint AS c FROM public.journals j
          UNION ALL SELECT e.journal_id, 1, e.debit_fen, e.credit_fen FROM public.ledger_entries e) x
   GROUP BY x.id HAVING pg_catalog.sum(x.n) < 2 OR pg_catalog.sum(x.d) <> pg_catalog.sum(x.c) LIMIT 1;
  IF unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'journal % does not balance', unbalanced
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_balances';
  END IF;
  PERFORM pg_catalog.set_config('enable_nestloop', 'on', true);
  RETURN NULL;
END;
$$;
