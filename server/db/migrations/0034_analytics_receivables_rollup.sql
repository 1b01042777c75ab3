-- The receivables rollup (server/modules/analytics/rollups/rollups.receivables.ts): what is open
-- now, summed per customer × region × rep × due date, so "AR open / overdue as of today" sums a
-- few rows per customer instead of every open invoice and its settlements. Filled by the
-- application from THE receivables definition (semantic.sources.ts, as of 'infinity': every
-- settlement counted, every cancellation done); no formula is repeated here.
--
-- A customer's rows hold for an as-of day D when nothing of that customer happened after D (its
-- latest receivables event, below, is on or before D) and it has no pending mark: then its
-- receivables on D are exactly what is open now, overdue when the due date is before D. Queries
-- read the other customers (marked, or with later events: a past day) from the documents.

CREATE TABLE analytics_receivables_open (
  customer_id   bigint NOT NULL,
  region_id     bigint NOT NULL,
  rep_id        bigint,
  due_date      date NOT NULL,
  open_cny_fen  bigint NOT NULL
);
CREATE INDEX analytics_receivables_open_customer_idx ON analytics_receivables_open (customer_id);

-- Per customer with invoices: the latest date of any of their receivables events (invoice date,
-- cancellation, allocation, approved write-off), as of the last refresh of the customer.
CREATE TABLE analytics_receivables_customers (
  customer_id    bigint PRIMARY KEY,
  last_event_on  date NOT NULL
);
CREATE INDEX analytics_receivables_customers_last_event_idx ON analytics_receivables_customers (last_event_on);

-- Customers whose rows may be out of date. Append-only without a unique key, like
-- analytics_rollup_dirty_days (migration 0025): concurrent writers never wait on one another. A
-- refresh deletes the marks it saw and recomputes those customers; marks committed meanwhile
-- stay for the next one.
CREATE TABLE analytics_receivables_dirty_customers (
  customer_id  bigint NOT NULL
);
CREATE INDEX analytics_receivables_dirty_customers_idx ON analytics_receivables_dirty_customers (customer_id);

-- Everything already in the database is dirty: the first refresh builds the rollup, and until
-- then queries read the documents.
INSERT INTO analytics_receivables_dirty_customers (customer_id)
SELECT DISTINCT customer_id FROM invoices;

-- ---------------------------------------------------------------------------------------------
-- Dirty-customer triggers, ENABLE ALWAYS so that they also fire in the demo loader's bulk mode
-- (session_replication_role = replica, migration 0010). INSERT and DELETE: statement-level with a
-- transition table, one INSERT … SELECT per statement. UPDATE: row-level with a WHEN condition on
-- the columns the receivables definition reads. An invoice's open_amount is not among them: it
-- moves only with an allocation or an approved write-off (the invoice_open_amount constraint and
-- settleInvoices), whose own triggers mark the customer, so paying an invoice costs one mark per
-- allocating statement and nothing on the invoice update. Marks name the invoice's customer
-- (what the definition keys on), found through the invoice where the row is a settlement.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION analytics_receivables_dirty_invoices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_receivables_dirty_customers (customer_id)
    SELECT DISTINCT n.customer_id FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_receivables_dirty_customers (customer_id)
    SELECT DISTINCT o.customer_id FROM old_rows o;
  ELSE
    INSERT INTO analytics_receivables_dirty_customers (customer_id)
    SELECT DISTINCT c FROM unnest(ARRAY[OLD.customer_id, NEW.customer_id]) c;
  END IF;
  RETURN NULL;
END $$;

-- Allocations and write-offs: the customers of the invoices they settle.
CREATE FUNCTION analytics_receivables_dirty_settlements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_receivables_dirty_customers (customer_id)
    SELECT DISTINCT i.customer_id
      FROM (SELECT DISTINCT invoice_id FROM new_rows) n JOIN invoices i ON i.id = n.invoice_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_receivables_dirty_customers (customer_id)
    SELECT DISTINCT i.customer_id
      FROM (SELECT DISTINCT invoice_id FROM old_rows) o JOIN invoices i ON i.id = o.invoice_id;
  ELSE
    INSERT INTO analytics_receivables_dirty_customers (customer_id)
    SELECT DISTINCT i.customer_id FROM invoices i WHERE i.id IN (OLD.invoice_id, NEW.invoice_id);
  END IF;
  RETURN NULL;
END $$;

-- The rep of a receivable is its order's owner rep, else its customer's owner rep (as they are now).
CREATE FUNCTION analytics_receivables_dirty_order_rep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_receivables_dirty_customers (customer_id)
  SELECT DISTINCT i.customer_id FROM invoices i WHERE i.order_id = NEW.id;
  RETURN NULL;
END $$;

CREATE FUNCTION analytics_receivables_dirty_customer_rep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_receivables_dirty_customers (customer_id) VALUES (NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER analytics_receivables_dirty_insert AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_receivables_dirty_invoices();
CREATE TRIGGER analytics_receivables_dirty_update AFTER UPDATE ON invoices FOR EACH ROW
  WHEN (OLD.customer_id <> NEW.customer_id OR OLD.region_id <> NEW.region_id OR OLD.order_id <> NEW.order_id
        OR OLD.invoice_date <> NEW.invoice_date OR OLD.due_date <> NEW.due_date
        OR OLD.cancelled_on IS DISTINCT FROM NEW.cancelled_on
        OR OLD.gross_amount <> NEW.gross_amount OR OLD.gross_cny_fen <> NEW.gross_cny_fen)
  EXECUTE FUNCTION analytics_receivables_dirty_invoices();
CREATE TRIGGER analytics_receivables_dirty_delete AFTER DELETE ON invoices
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_receivables_dirty_invoices();

CREATE TRIGGER analytics_receivables_dirty_insert AFTER INSERT ON allocations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_receivables_dirty_settlements();
CREATE TRIGGER analytics_receivables_dirty_update AFTER UPDATE ON allocations FOR EACH ROW
  WHEN (OLD.invoice_id <> NEW.invoice_id OR OLD.amount <> NEW.amount OR OLD.invoice_cny_fen <> NEW.invoice_cny_fen
        OR OLD.allocated_on <> NEW.allocated_on)
  EXECUTE FUNCTION analytics_receivables_dirty_settlements();
CREATE TRIGGER analytics_receivables_dirty_delete AFTER DELETE ON allocations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_receivables_dirty_settlements();

-- Only approved write-offs count: an update marks only when the approved state is involved (a
-- request being rejected changes nothing). A new request marks its customer too (rare, harmless).
CREATE TRIGGER analytics_receivables_dirty_insert AFTER INSERT ON write_offs
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_receivables_dirty_settlements();
CREATE TRIGGER analytics_receivables_dirty_update AFTER UPDATE ON write_offs FOR EACH ROW
  WHEN ((OLD.status = 'approved' OR NEW.status = 'approved')
        AND (OLD.status <> NEW.status OR OLD.invoice_id <> NEW.invoice_id OR OLD.amount <> NEW.amount
             OR OLD.amount_cny_fen IS DISTINCT FROM NEW.amount_cny_fen
             OR OLD.written_off_on IS DISTINCT FROM NEW.written_off_on))
  EXECUTE FUNCTION analytics_receivables_dirty_settlements();
CREATE TRIGGER analytics_receivables_dirty_delete AFTER DELETE ON write_offs
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_receivables_dirty_settlements();

-- Not on the order hot path: confirming, allocating or shipping an order changes no owner rep.
CREATE TRIGGER analytics_receivables_dirty_rep AFTER UPDATE ON sales_orders FOR EACH ROW
  WHEN (OLD.owner_rep_id IS DISTINCT FROM NEW.owner_rep_id)
  EXECUTE FUNCTION analytics_receivables_dirty_order_rep();
CREATE TRIGGER analytics_receivables_dirty_rep AFTER UPDATE ON customers FOR EACH ROW
  WHEN (OLD.owner_rep_id IS DISTINCT FROM NEW.owner_rep_id)
  EXECUTE FUNCTION analytics_receivables_dirty_customer_rep();

ALTER TABLE invoices ENABLE ALWAYS TRIGGER analytics_receivables_dirty_insert;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER analytics_receivables_dirty_update;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER analytics_receivables_dirty_delete;
ALTER TABLE allocations ENABLE ALWAYS TRIGGER analytics_receivables_dirty_insert;
ALTER TABLE allocations ENABLE ALWAYS TRIGGER analytics_receivables_dirty_update;
ALTER TABLE allocations ENABLE ALWAYS TRIGGER analytics_receivables_dirty_delete;
ALTER TABLE write_offs ENABLE ALWAYS TRIGGER analytics_receivables_dirty_insert;
ALTER TABLE write_offs ENABLE ALWAYS TRIGGER analytics_receivables_dirty_update;
ALTER TABLE write_offs ENABLE ALWAYS TRIGGER analytics_receivables_dirty_delete;
ALTER TABLE sales_orders ENABLE ALWAYS TRIGGER analytics_receivables_dirty_rep;
ALTER TABLE customers ENABLE ALWAYS TRIGGER analytics_receivables_dirty_rep;
