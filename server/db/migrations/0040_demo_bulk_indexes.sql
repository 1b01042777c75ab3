-- Bulk loading of the demo company (issue #5), continued from migration 0010. At scale 10 the
-- history writes about ten million rows into tables with up to six secondary indexes each;
-- PostgreSQL updates every index row by row as the COPYs arrive, which costs more than the rows
-- themselves, while building an index once from the loaded rows is a single sort.
--
-- In bulk mode only (session_replication_role = replica, which only demo_enter_bulk_mode() sets
-- for the application role), the loader may:
--   demo_defer_indexes(tables)  drop the plain secondary indexes (neither unique nor backing a
--                               constraint: those keep checking) of those of `tables` that are
--                               still empty, remembering each one's definition (pg_get_indexdef);
--   demo_restore_indexes()      create them again from exactly those definitions.
-- The definitions are kept in a temporary table of the definer, which the application role can
-- neither read nor write (it could otherwise have the definer run any SQL), and a deferred
-- trigger refuses the commit while one of them has not been created again: a failed or careless
-- load rolls back with its DROPs, it never commits without an index. Any role may create
-- temporary tables, so the functions check that the table of that name belongs to the definer:
-- one the application role created first would be its own, writable table of SQL to run.

CREATE FUNCTION demo_check_indexes_restored() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_temp.demo_deferred_indexes) THEN
    RAISE EXCEPTION 'bulk load left index % dropped', (SELECT name FROM pg_temp.demo_deferred_indexes LIMIT 1)
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN NULL;
END;
$$;

-- Whether the session's table of deferred indexes exists and is the definer's (else refuses).
CREATE FUNCTION demo_deferred_indexes_exist() RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  v_owner oid;
BEGIN
  SELECT c.relowner INTO v_owner FROM pg_catalog.pg_class c
   WHERE c.oid = pg_catalog.to_regclass('pg_temp.demo_deferred_indexes');
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF v_owner <> (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
    RAISE EXCEPTION 'pg_temp.demo_deferred_indexes does not belong to the bulk loader'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN true;
END;
$$;

CREATE FUNCTION demo_defer_indexes(p_tables text[]) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  k record;
  has_rows boolean;
  dropped integer := 0;
BEGIN
  IF pg_catalog.current_setting('session_replication_role') <> 'replica' THEN
    RETURN 0;
  END IF;
  IF NOT public.demo_deferred_indexes_exist() THEN
    CREATE TEMPORARY TABLE demo_deferred_indexes (name text PRIMARY KEY, definition text NOT NULL)
      ON COMMIT DROP;
    CREATE CONSTRAINT TRIGGER demo_indexes_restored AFTER INSERT ON pg_temp.demo_deferred_indexes
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.demo_check_indexes_restored();
    ALTER TABLE pg_temp.demo_deferred_indexes ENABLE ALWAYS TRIGGER demo_indexes_restored;
  END IF;
  FOR k IN
    SELECT t.relname AS table_name, i.relname AS index_name, pg_catalog.pg_get_indexdef(i.oid) AS definition
      FROM pg_catalog.pg_index x
      JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
      JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND t.relname = ANY (p_tables)
       AND NOT x.indisunique AND NOT x.indisprimary
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.oid)
     ORDER BY t.relname, i.relname
  LOOP
    EXECUTE pg_catalog.format('SELECT EXISTS (SELECT 1 FROM public.%I)', k.table_name) INTO has_rows;
    CONTINUE WHEN has_rows;
    INSERT INTO pg_temp.demo_deferred_indexes (name, definition) VALUES (k.index_name, k.definition);
    EXECUTE pg_catalog.format('DROP INDEX public.%I', k.index_name);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END;
$$;

CREATE FUNCTION demo_restore_indexes() RETURNS integer LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  k record;
  created integer := 0;
BEGIN
  IF NOT public.demo_deferred_indexes_exist() THEN
    RETURN 0;
  END IF;
  FOR k IN DELETE FROM pg_temp.demo_deferred_indexes RETURNING definition LOOP
    EXECUTE k.definition;
    created := created + 1;
  END LOOP;
  RETURN created;
END;
$$;

REVOKE ALL ON FUNCTION demo_deferred_indexes_exist() FROM PUBLIC;
REVOKE ALL ON FUNCTION demo_check_indexes_restored() FROM PUBLIC;
REVOKE ALL ON FUNCTION demo_defer_indexes(text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION demo_restore_indexes() FROM PUBLIC;
