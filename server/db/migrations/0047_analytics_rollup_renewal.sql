-- Rebuilding the analytics rollups from scratch (after the demo load, issue #5) emptied each
-- rollup table with DELETE and filled it again with INSERT … SELECT: every row and index entry
-- went through the WAL, the two rebuilding connections queued for it (WALWrite waits were about
-- a quarter of their time at scale 3) and the WAL outgrew its segments. A rollup table emptied
-- with TRUNCATE gets new storage in the rebuilding transaction, and with wal_level = minimal
-- (the embedded server's setting, as for the history in migration 0043) its new rows and index
-- entries write no WAL: PostgreSQL syncs the files at commit instead.
--
-- analytics_empty_rollup_table(table) truncates one rollup table (daily, monthly, or the
-- receivables' deltas, month ends and today's snapshot) and nothing else: the application role
-- may only DELETE. Rollups are derived data that the same transaction sums again; TRUNCATE's
-- lock makes readers wait for that transaction instead of reading the documents meanwhile.

CREATE FUNCTION analytics_empty_rollup_table(p_table text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname = p_table
       AND (c.relname LIKE 'analytics\_daily\_%' OR c.relname LIKE 'analytics\_monthly\_%'
            OR c.relname IN ('analytics_receivables_deltas', 'analytics_receivables_month_ends',
                             'analytics_receivables_today'))
  ) THEN
    RAISE EXCEPTION '% is not an analytics rollup table', p_table USING ERRCODE = 'insufficient_privilege';
  END IF;
  EXECUTE pg_catalog.format('TRUNCATE public.%I', p_table);
END;
$$;
REVOKE ALL ON FUNCTION analytics_empty_rollup_table(text) FROM PUBLIC;
