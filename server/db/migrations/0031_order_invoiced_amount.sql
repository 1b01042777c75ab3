-- The order-time credit decision (issue #6) reads a customer's open uninvoiced orders: the
-- confirmed orders' gross less what has been invoiced of them. Computed from scratch, that is
-- every order the customer ever placed and every invoice it ever received (hundreds of rows
-- for a large hospital after three years, about 2 ms), inside the locked part of every order
-- confirmation. Each order now carries the gross of its non-cancelled invoices, maintained by
-- statement triggers on invoices (set-based, so a bulk COPY of invoices costs one UPDATE per
-- statement), and a partial index finds the customer's orders not yet fully invoiced, which
-- are a handful.
--
-- The triggers fire ALWAYS, also in the demo loader's bulk mode (session_replication_role =
-- replica, migration 0010), so that services run during the demo load read correct exposures.
-- The set-based exposure of many customers (exposureSql in credit.repository.ts) still sums the
-- invoices; a test compares the two.

ALTER TABLE sales_orders ADD COLUMN invoiced_gross_cny_fen bigint NOT NULL DEFAULT 0;

UPDATE sales_orders o
   SET invoiced_gross_cny_fen = b.fen
  FROM (SELECT order_id, sum(gross_cny_fen) AS fen FROM invoices WHERE status <> 'cancelled' GROUP BY order_id) b
 WHERE b.order_id = o.id;

CREATE INDEX sales_orders_uninvoiced_idx ON sales_orders (customer_id)
  WHERE gross_cny_fen > invoiced_gross_cny_fen AND status NOT IN ('draft', 'cancelled');

-- Adds, per order, what the statement's new rows count minus what its old rows counted.
CREATE FUNCTION sales_orders_track_invoiced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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

-- One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
CREATE TRIGGER invoices_track_invoiced_insert AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS new_invoices FOR EACH STATEMENT EXECUTE FUNCTION sales_orders_track_invoiced();
CREATE TRIGGER invoices_track_invoiced_update AFTER UPDATE ON invoices
  REFERENCING OLD TABLE AS old_invoices NEW TABLE AS new_invoices
  FOR EACH STATEMENT EXECUTE FUNCTION sales_orders_track_invoiced();
CREATE TRIGGER invoices_track_invoiced_delete AFTER DELETE ON invoices
  REFERENCING OLD TABLE AS old_invoices FOR EACH STATEMENT EXECUTE FUNCTION sales_orders_track_invoiced();
ALTER TABLE invoices ENABLE ALWAYS TRIGGER invoices_track_invoiced_insert;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER invoices_track_invoiced_update;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER invoices_track_invoiced_delete;

-- As in 0026, with the open orders read from the maintained amount through the partial index.
CREATE OR REPLACE FUNCTION credit_lock_and_read_exposure(p_customer bigint, p_as_of date)
RETURNS TABLE (
  r_grade text, r_status text, r_limit_fen bigint, r_score float8, r_version integer,
  r_open_invoices_fen bigint, r_unapplied_fen bigint, r_open_orders_fen bigint, r_worst_days_past_due integer
)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  profile record;
BEGIN
  SELECT cp.grade, cp.status, cp.limit_fen, cp.score::float8 AS score, cp.version
    INTO profile
    FROM credit_profiles cp WHERE cp.customer_id = p_customer FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  RETURN QUERY SELECT profile.grade, profile.status, profile.limit_fen, profile.score, profile.version,
    coalesce((SELECT sum(i.open_cny_fen) FROM invoices i
               WHERE i.customer_id = p_customer AND i.open_amount > 0 AND i.status <> 'cancelled'), 0)::bigint,
    (coalesce((SELECT sum(p.unallocated_cny_fen) FROM payments p
                WHERE p.customer_id = p_customer AND p.unallocated_amount > 0), 0)
     + coalesce((SELECT sum(n.open_cny_fen) FROM credit_notes n
                  WHERE n.customer_id = p_customer AND n.open_amount > 0), 0))::bigint,
    coalesce((SELECT sum(o.gross_cny_fen - o.invoiced_gross_cny_fen) FROM sales_orders o
               WHERE o.customer_id = p_customer AND o.gross_cny_fen > o.invoiced_gross_cny_fen
                 AND o.status NOT IN ('draft', 'cancelled')), 0)::bigint,
    coalesce((SELECT max(greatest(p_as_of - i.due_date, 0)) FROM invoices i
               WHERE i.customer_id = p_customer AND i.open_amount > 0 AND i.status <> 'cancelled'), 0)::int;
END
$$;
