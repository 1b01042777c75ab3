-- Sales overview (landing dashboard): company-wide users read sales, credit notes and orders
-- by date range over every region, which the existing (region, date) and (customer, date)
-- indexes do not serve. The predicates match the definitions in
-- server/modules/analytics/sales-facts.sql.ts.
CREATE INDEX invoices_invoice_date_idx ON invoices (invoice_date) WHERE status <> 'cancelled';
CREATE INDEX credit_notes_credit_date_idx ON credit_notes (credit_date);
CREATE INDEX sales_orders_order_date_idx ON sales_orders (order_date) WHERE status NOT IN ('draft', 'cancelled');
