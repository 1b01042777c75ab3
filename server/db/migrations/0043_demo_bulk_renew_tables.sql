-- Bulk loading of the demo company (issue #5), continued from migrations 0010 and 0040. With
-- wal_level = minimal (the embedded server's setting) PostgreSQL writes no WAL for the rows
-- COPYed into a table whose storage was created in the same transaction, nor for the indexes
-- built on it: it syncs the files at commit instead. The history's tables exist (the migrations
-- made them), so the loader asks for them to be renewed: TRUNCATE gives a table new storage.
--
-- demo_renew_empty_tables(tables) truncates those tables, and every table that references them
-- (directly or through others: TRUNCATE needs them together), only in bulk mode
-- (session_replication_role = replica, which only demo_enter_bulk_mode() sets for the
-- application role) and only when every one of them is empty: it never removes a row. On a
-- server with another wal_level it changes nothing but the storage, and costs next to nothing.

CREATE FUNCTION demo_renew_empty_tables(p_tables text[]) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  v_tables regclass[];
  v_table regclass;
  has_rows boolean;
BEGIN
  IF pg_catalog.current_setting('session_replication_role') <> 'replica' THEN
    RETURN 0;
  END IF;
  WITH RECURSIVE renewed(rel) AS (
    SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname = ANY (p_tables)
    UNION
    SELECT k.conrelid FROM pg_catalog.pg_constraint k JOIN renewed r ON k.confrelid = r.rel
     WHERE k.contype = 'f'
  )
  SELECT pg_catalog.array_agg(rel::regclass ORDER BY rel) INTO v_tables FROM renewed;
  IF v_tables IS NULL THEN
    RETURN 0;
  END IF;
  FOREACH v_table IN ARRAY v_tables LOOP
    EXECUTE pg_catalog.format('SELECT EXISTS (SELECT 1 FROM %s)', v_table) INTO has_rows;
    IF has_rows THEN
      RETURN 0;
    END IF;
  END LOOP;
  EXECUTE 'TRUNCATE ' || (SELECT pg_catalog.string_agg(t::text, ', ') FROM pg_catalog.unnest(v_tables) AS t);
  RETURN pg_catalog.cardinality(v_tables);
END;
$$;

REVOKE ALL ON FUNCTION demo_renew_empty_tables(text[]) FROM PUBLIC;
