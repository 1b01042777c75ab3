-- The order-time credit decision's read in one round trip (server/modules/credit/credit.hooks.ts):
-- lock the customer's credit profile, then read the exposure. Two statements, because the
-- exposure must be read AFTER the lock is granted: under READ COMMITTED each statement of a
-- (volatile) function takes a fresh snapshot, so the second one sees every order committed by
-- the confirmation that held the lock before. One statement with both would read the exposure
-- with a snapshot taken before the wait and miss those orders.
--
-- Exposure (DOMAIN §4): open invoices, less unallocated payments and unapplied credit notes;
-- confirmed orders not yet invoiced (incl. VAT); and the worst days past due of an open
-- invoice. Each part is an index scan on the customer. The set-based version for many
-- customers is `exposureSql` in credit.repository.ts; they are tested to agree.
-- No row when the customer has no credit profile yet.
CREATE FUNCTION credit_lock_and_read_exposure(p_customer bigint, p_as_of date)
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
    coalesce((SELECT sum(greatest(o.gross_cny_fen - coalesce(b.fen, 0), 0))
                FROM sales_orders o
                LEFT JOIN (SELECT i.order_id, sum(i.gross_cny_fen) AS fen FROM invoices i
                            WHERE i.customer_id = p_customer AND i.status <> 'cancelled' GROUP BY i.order_id) b
                  ON b.order_id = o.id
               WHERE o.customer_id = p_customer AND o.status NOT IN ('draft', 'cancelled')), 0)::bigint,
    coalesce((SELECT max(greatest(p_as_of - i.due_date, 0)) FROM invoices i
               WHERE i.customer_id = p_customer AND i.open_amount > 0 AND i.status <> 'cancelled'), 0)::int;
END
$$;
