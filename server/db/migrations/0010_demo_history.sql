-- Bulk loading of the demo company (issue #5). Its three years of history are a million rows at
-- scale 1; PostgreSQL checks each foreign key row by row (about 30 µs a reference), which alone
-- would take minutes. On an EMPTY database, demo_enter_bulk_mode() lets the loading transaction
-- skip trigger-based checks (session_replication_role = replica: foreign keys, the journal
-- balance trigger; CHECK, unique and NOT NULL constraints still apply) and registers a deferred
-- check that runs at COMMIT and verifies, set-based, every foreign key of the schema and every
-- journal's balance. The transaction commits only if they all hold: the same guarantees as the
-- per-row checks. On a database that holds business data the function refuses (returns false)
-- and the loader runs with the ordinary checks.

CREATE TABLE demo_bulk_loads (
  id          bigserial PRIMARY KEY,
  started_at  timestamptz NOT NULL DEFAULT now()
);

-- Runs at commit of a bulk-loading transaction. Schema-qualified throughout (SECURITY DEFINER).
CREATE FUNCTION demo_verify_bulk_load() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  k record;
  broken boolean;
  unbalanced bigint;
BEGIN
  -- Hash (or merge) anti-joins: linear, whatever the (missing) statistics of the new rows say.
  PERFORM pg_catalog.set_config('enable_nestloop', 'off', true);
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

CREATE CONSTRAINT TRIGGER demo_bulk_load_verified AFTER INSERT ON demo_bulk_loads
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION demo_verify_bulk_load();
-- It must fire although the loading transaction runs with session_replication_role = replica.
ALTER TABLE demo_bulk_loads ENABLE ALWAYS TRIGGER demo_bulk_load_verified;

-- Switches the calling transaction to bulk mode on a database without business data; false when
-- the database holds data, or when the function's owner may not (a server where migrations do
-- not run as a superuser): the loader then keeps the per-row checks.
CREATE FUNCTION demo_enter_bulk_mode() RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.customers) OR EXISTS (SELECT 1 FROM public.products)
     OR EXISTS (SELECT 1 FROM public.sales_orders) OR EXISTS (SELECT 1 FROM public.journals)
     OR EXISTS (SELECT 1 FROM public.stock_moves) OR EXISTS (SELECT 1 FROM public.invoices) THEN
    RETURN false;
  END IF;
  BEGIN
    PERFORM pg_catalog.set_config('session_replication_role', 'replica', true);
  EXCEPTION WHEN insufficient_privilege THEN
    RETURN false;
  END;
  INSERT INTO public.demo_bulk_loads DEFAULT VALUES;
  RETURN true;
END;
$$;
REVOKE ALL ON FUNCTION demo_enter_bulk_mode() FROM PUBLIC;
REVOKE ALL ON FUNCTION demo_verify_bulk_load() FROM PUBLIC;
