import type {
  InvoiceLine,
  InvoiceListQuery,
  InvoiceStatus,
  InvoiceSummary,
} from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause, sortClause } from '../../../platform/listing.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';

const timestamp = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

export const invoiceColumns = `i.id, i.number, i.customer_id AS "customerId", c.name AS "customerName",
  i.region_id AS "regionId", i.shipment_id AS "shipmentId", s.number AS "shipmentNumber", i.order_id AS "orderId",
  o.number AS "orderNumber", i.currency, i.exchange_rate::text AS "exchangeRate", i.invoice_date AS "invoiceDate",
  i.due_date AS "dueDate", i.vat_invoice_number AS "vatInvoiceNumber", i.status, i.net_amount AS "netAmount",
  i.tax_amount AS "taxAmount", i.gross_amount AS "grossAmount", i.net_cny_fen AS "netCnyFen",
  i.tax_cny_fen AS "taxCnyFen", i.gross_cny_fen AS "grossCnyFen", i.cost_cny_fen AS "costCnyFen",
  i.paid_amount AS "paidAmount", i.credited_amount AS "creditedAmount", i.written_off_amount AS "writtenOffAmount",
  i.open_amount AS "openAmount", i.open_cny_fen AS "openCnyFen", i.note, i.cancelled_on AS "cancelledOn",
  i.cancel_reason AS "cancelReason", i.version, ${timestamp('i.created_at')} AS "createdAt"`;

export const invoiceFrom = `invoices i JOIN customers c ON c.id = i.customer_id
  JOIN shipments s ON s.id = i.shipment_id JOIN sales_orders o ON o.id = i.order_id`;

const sortable: Record<string, string> = {
  number: 'i.number',
  invoiceDate: 'i.invoice_date',
  dueDate: 'i.due_date',
  customer: 'c.name',
  status: 'i.status',
  grossCnyFen: 'i.gross_cny_fen',
  openCnyFen: 'i.open_cny_fen',
};

function whereClause(
  ctx: RequestContext,
  query: Omit<InvoiceListQuery, 'page' | 'pageSize'>,
  params: SqlParams,
) {
  const conditions = [scopeCondition(ctx, { region: 'i.region_id', customer: 'i.customer_id' }, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(
      `(i.number ILIKE ${pattern} OR c.name ILIKE ${pattern} OR i.vat_invoice_number ILIKE ${pattern})`,
    );
  }
  if (query.status) conditions.push(`i.status = ${params.add(query.status)}`);
  if (query.customerId) conditions.push(`i.customer_id = ${params.add(query.customerId)}`);
  if (query.shipmentId) conditions.push(`i.shipment_id = ${params.add(query.shipmentId)}`);
  if (query.dateFrom) conditions.push(`i.invoice_date >= ${params.add(query.dateFrom)}`);
  if (query.dateTo) conditions.push(`i.invoice_date <= ${params.add(query.dateTo)}`);
  if (query.isOpen !== undefined) conditions.push(query.isOpen ? 'i.open_amount > 0' : 'i.open_amount = 0');
  return conditions.join(' AND ');
}

export async function listInvoices(
  db: Queryable,
  ctx: RequestContext,
  query: InvoiceListQuery,
  maxPageSize: number,
): Promise<{ items: InvoiceSummary[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'i.id DESC');
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<InvoiceSummary>(
      `SELECT ${invoiceColumns} FROM ${invoiceFrom} WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${invoiceFrom} WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function exportInvoices(
  db: Queryable,
  ctx: RequestContext,
  query: Omit<InvoiceListQuery, 'page' | 'pageSize'>,
  maxRows: number,
): Promise<InvoiceSummary[]> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'i.id DESC');
  const { rows } = await db.query<InvoiceSummary>(
    `SELECT ${invoiceColumns} FROM ${invoiceFrom} WHERE ${where} ${order} LIMIT ${params.add(maxRows + 1)}`,
    params.values,
  );
  return rows;
}

/** One invoice in the user's scope (undefined when missing or outside it); optionally locked. */
export async function findInvoice(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<InvoiceSummary | undefined> {
  const params = new SqlParams();
  const where = `i.id = ${params.add(id)} AND ${scopeCondition(ctx, { region: 'i.region_id', customer: 'i.customer_id' }, params)}`;
  const { rows } = await db.query<InvoiceSummary>(
    `SELECT ${invoiceColumns} FROM ${invoiceFrom} WHERE ${where}${lock ? ' FOR UPDATE OF i' : ''}`,
    params.values,
  );
  return rows[0];
}

export async function listInvoiceLines(db: Queryable, invoiceId: number): Promise<InvoiceLine[]> {
  const { rows } = await db.query<InvoiceLine>(
    `SELECT l.id, l.line_no AS "lineNo", l.shipment_line_id AS "shipmentLineId", l.product_id AS "productId", p.sku,
            p.name_zh AS "productName", p.model_spec AS "modelSpec", l.lot_id AS "lotId", lt.lot_number AS "lotNumber",
            l.quantity, l.unit_price AS "unitPrice", l.discount_rate::text AS "discountRate", l.vat_rate::text AS "vatRate",
            l.net_amount AS "netAmount", l.tax_amount AS "taxAmount", l.net_amount + l.tax_amount AS "grossAmount",
            l.net_cny_fen AS "netCnyFen", l.tax_cny_fen AS "taxCnyFen", l.cost_cny_fen AS "costCnyFen",
            l.credited_quantity AS "creditedQuantity", l.credited_net_amount AS "creditedNetAmount",
            l.credited_tax_amount AS "creditedTaxAmount"
       FROM invoice_lines l JOIN products p ON p.id = l.product_id JOIN lots lt ON lt.id = l.lot_id
      WHERE l.invoice_id = $1 ORDER BY l.line_no`,
    [invoiceId],
  );
  return rows;
}

export interface ShipmentToInvoice {
  id: number;
  number: string;
  orderId: number;
  customerId: number;
  regionId: number;
  status: string;
  shippedOn: string | null;
  currency: string;
  paymentTermsDays: number;
}

/**
 * The shipment with its order's currency and the customer's terms, locked so that two
 * invoices of the same shipment are made one after the other.
 */
export async function lockShipment(
  db: Queryable,
  ctx: RequestContext,
  shipmentId: number,
): Promise<ShipmentToInvoice | undefined> {
  const params = new SqlParams();
  const { rows } = await db.query<ShipmentToInvoice>(
    `SELECT s.id, s.number, s.order_id AS "orderId", s.customer_id AS "customerId", s.region_id AS "regionId",
            s.status, s.shipped_on AS "shippedOn", o.currency, c.payment_terms_days AS "paymentTermsDays"
       FROM shipments s JOIN sales_orders o ON o.id = s.order_id JOIN customers c ON c.id = s.customer_id
      WHERE s.id = ${params.add(shipmentId)}
        AND ${scopeCondition(ctx, { region: 's.region_id', customer: 's.customer_id' }, params)}
      FOR UPDATE OF s`,
    params.values,
  );
  return rows[0];
}

export interface ShipmentLineRow {
  id: number;
  orderLineId: number;
  productId: number;
  lotId: number;
  quantity: number;
  unitPrice: number;
  discountRate: string;
  vatRate: string;
  unitCostFen: number;
  isInvoiced: boolean;
}

export async function listShipmentLines(db: Queryable, shipmentId: number): Promise<ShipmentLineRow[]> {
  const { rows } = await db.query<ShipmentLineRow>(
    `SELECT sl.id, sl.order_line_id AS "orderLineId", sl.product_id AS "productId", sl.lot_id AS "lotId", sl.quantity,
            sl.unit_price AS "unitPrice", sl.discount_rate::text AS "discountRate", sl.vat_rate::text AS "vatRate",
            sl.unit_cost_fen AS "unitCostFen",
            EXISTS (SELECT 1 FROM invoice_lines il WHERE il.shipment_line_id = sl.id AND il.is_active) AS "isInvoiced"
       FROM shipment_lines sl WHERE sl.shipment_id = $1 ORDER BY sl.id`,
    [shipmentId],
  );
  return rows;
}

export interface NewInvoiceLine {
  shipmentLine: ShipmentLineRow;
  net: number;
  tax: number;
  netCny: number;
  taxCny: number;
  costCny: number;
}

export interface NewInvoice {
  number: string;
  shipment: ShipmentToInvoice;
  exchangeRate: string;
  invoiceDate: string;
  dueDate: string;
  net: number;
  tax: number;
  netCny: number;
  taxCny: number;
  costCny: number;
  note: string | null;
  createdBy: number | null;
  lines: NewInvoiceLine[];
}

export async function insertInvoice(db: Queryable, invoice: NewInvoice): Promise<number> {
  const s = invoice.shipment;
  const gross = invoice.net + invoice.tax;
  const grossCny = invoice.netCny + invoice.taxCny;
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO invoices (number, customer_id, region_id, shipment_id, order_id, currency, exchange_rate, invoice_date,
                           due_date, status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen,
                           cost_cny_fen, open_amount, open_cny_fen, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $13, $16, $18, $19)
     RETURNING id`,
    [
      invoice.number,
      s.customerId,
      s.regionId,
      s.id,
      s.orderId,
      s.currency,
      invoice.exchangeRate,
      invoice.invoiceDate,
      invoice.dueDate,
      gross === 0 ? 'paid' : 'open',
      invoice.net,
      invoice.tax,
      gross,
      invoice.netCny,
      invoice.taxCny,
      grossCny,
      invoice.costCny,
      invoice.note,
      invoice.createdBy,
    ],
  );
  const id = rows[0]!.id;
  const lines = invoice.lines;
  await db.query(
    `INSERT INTO invoice_lines (invoice_id, line_no, shipment_line_id, order_line_id, product_id, lot_id, quantity,
                                unit_price, discount_rate, vat_rate, net_amount, tax_amount, net_cny_fen, tax_cny_fen,
                                unit_cost_fen, cost_cny_fen)
     SELECT $1, * FROM unnest($2::int[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::int[], $8::bigint[],
                              $9::numeric[], $10::numeric[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[],
                              $15::bigint[], $16::bigint[])`,
    [
      id,
      lines.map((_, i) => i + 1),
      lines.map((l) => l.shipmentLine.id),
      lines.map((l) => l.shipmentLine.orderLineId),
      lines.map((l) => l.shipmentLine.productId),
      lines.map((l) => l.shipmentLine.lotId),
      lines.map((l) => l.shipmentLine.quantity),
      lines.map((l) => l.shipmentLine.unitPrice),
      lines.map((l) => l.shipmentLine.discountRate),
      lines.map((l) => l.shipmentLine.vatRate),
      lines.map((l) => l.net),
      lines.map((l) => l.tax),
      lines.map((l) => l.netCny),
      lines.map((l) => l.taxCny),
      lines.map((l) => l.shipmentLine.unitCostFen),
      lines.map((l) => l.costCny),
    ],
  );
  return id;
}

export async function setInvoiceJournal(db: Queryable, id: number, journalId: number | null): Promise<void> {
  await db.query('UPDATE invoices SET journal_id = $2 WHERE id = $1', [id, journalId]);
}

export async function journalOfInvoice(db: Queryable, id: number): Promise<number | null> {
  const { rows } = await db.query<{ journalId: number | null }>(
    'SELECT journal_id AS "journalId" FROM invoices WHERE id = $1',
    [id],
  );
  return rows[0]?.journalId ?? null;
}

export async function updateInvoiceDetails(
  db: Queryable,
  id: number,
  version: number,
  changes: { vatInvoiceNumber?: string | null | undefined; note?: string | null | undefined },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE invoices SET
        vat_invoice_number = CASE WHEN $3 THEN $4 ELSE vat_invoice_number END,
        note = CASE WHEN $5 THEN $6 ELSE note END,
        version = version + 1, updated_at = now()
      WHERE id = $1 AND version = $2`,
    [
      id,
      version,
      changes.vatInvoiceNumber !== undefined,
      changes.vatInvoiceNumber ?? null,
      changes.note !== undefined,
      changes.note ?? null,
    ],
  );
  return rowCount === 1;
}

/** Cancels an invoice nothing was settled on, and frees its shipment lines for a new invoice. */
export async function cancelInvoice(
  db: Queryable,
  id: number,
  version: number,
  cancelledOn: string,
  reason: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE invoices SET status = 'cancelled', cancelled_on = $3, cancel_reason = $4, version = version + 1,
            updated_at = now()
      WHERE id = $1 AND version = $2 AND status = 'open' AND open_amount = gross_amount`,
    [id, version, cancelledOn, reason],
  );
  if (rowCount !== 1) return false;
  await db.query('UPDATE invoice_lines SET is_active = false WHERE invoice_id = $1', [id]);
  return true;
}

export interface InvoiceSettlement {
  invoiceId: number;
  paid: number;
  credited: number;
  writtenOff: number;
  openCnyFen: number;
  status: InvoiceStatus;
}

/**
 * Settles invoices in one statement. The CHECK on invoices keeps open_amount ≥ 0 whatever
 * the caller computed, so an over-allocation can never be committed. Returns rows changed.
 */
export async function settleInvoices(
  db: Queryable,
  settlements: readonly InvoiceSettlement[],
): Promise<number> {
  if (settlements.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE invoices i SET paid_amount = i.paid_amount + s.paid, credited_amount = i.credited_amount + s.credited,
            written_off_amount = i.written_off_amount + s.written_off,
            open_amount = i.open_amount - s.paid - s.credited - s.written_off,
            open_cny_fen = s.open_cny, status = s.status, version = i.version + 1, updated_at = now()
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[])
            AS s(id, paid, credited, written_off, open_cny, status)
      WHERE i.id = s.id AND i.status <> 'cancelled'`,
    [
      settlements.map((s) => s.invoiceId),
      settlements.map((s) => s.paid),
      settlements.map((s) => s.credited),
      settlements.map((s) => s.writtenOff),
      settlements.map((s) => s.openCnyFen),
      settlements.map((s) => s.status),
    ],
  );
  return rowCount ?? 0;
}
