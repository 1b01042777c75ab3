/**
 * THE definition of revenue, cost and orders for analytics (DOMAIN §8). Every sales figure
 * the dashboards show is a sum over these rows, so they agree with one another.
 *
 * Revenue (CNY fen) = net amount excluding VAT of the invoice lines, by invoice date,
 *   − net amount of the credit-note lines (红字发票), by credit date.
 *   A cancelled (作废) invoice is void: it counts nowhere, neither on its date nor on the
 *   date it was cancelled. Foreign-currency documents count at their CNY equivalent
 *   (`net_cny_fen`, at the document's exchange rate).
 * Cost (CNY fen) = cost of the lots shipped on the invoice lines (quantity × the lot's unit
 *   cost, `invoice_lines.cost_cny_fen`, copied from `shipment_lines.unit_cost_fen`) by invoice
 *   date, − the cost that came back with returned units (`credit_note_lines.cost_cny_fen`,
 *   non-zero only for returns) by credit date. A price allowance reduces revenue, not cost.
 * Gross profit = revenue − cost; margin = gross profit ÷ revenue.
 *
 * Each row is attributed to: the document's region (the customer's region when the order was
 * taken; row-level scope filters on it) and customer; the customer's channel (as it is now);
 * the invoice line's product; and the owner rep of the sales order, or else the customer's.
 *
 * Orders = sales orders by order date that were confirmed (not a draft) and not cancelled,
 * attributed the same way. Average order value = revenue ÷ orders.
 *
 * Columns of both: fact_date, region_id, customer_id, channel, rep_id (and for sales:
 * product_id, revenue_fen, cost_fen). Filters go on the outer query; PostgreSQL pushes them
 * into both branches of the UNION ALL.
 */
export const salesFactsSql = `
  SELECT i.invoice_date AS fact_date, i.region_id, i.customer_id, c.channel,
         coalesce(o.owner_rep_id, c.owner_rep_id) AS rep_id, il.product_id,
         il.net_cny_fen AS revenue_fen, il.cost_cny_fen AS cost_fen
    FROM invoice_lines il
    JOIN invoices i ON i.id = il.invoice_id
    JOIN sales_orders o ON o.id = i.order_id
    JOIN customers c ON c.id = i.customer_id
   WHERE i.status <> 'cancelled'
  UNION ALL
  SELECT cn.credit_date, cn.region_id, cn.customer_id, c.channel,
         coalesce(o.owner_rep_id, c.owner_rep_id), il.product_id,
         -cnl.net_cny_fen, -cnl.cost_cny_fen
    FROM credit_note_lines cnl
    JOIN credit_notes cn ON cn.id = cnl.credit_note_id
    JOIN invoice_lines il ON il.id = cnl.invoice_line_id
    JOIN invoices i ON i.id = cn.invoice_id
    JOIN sales_orders o ON o.id = i.order_id
    JOIN customers c ON c.id = cn.customer_id`;

export const orderFactsSql = `
  SELECT o.id AS order_id, o.order_date AS fact_date, o.region_id, o.customer_id, c.channel,
         coalesce(o.owner_rep_id, c.owner_rep_id) AS rep_id
    FROM sales_orders o
    JOIN customers c ON c.id = o.customer_id
   WHERE o.status NOT IN ('draft', 'cancelled')`;
