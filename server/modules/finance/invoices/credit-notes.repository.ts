import type {
  CreditNote,
  CreditNoteKind,
  CreditNoteListQuery,
  CreditNoteSummary,
} from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause, sortClause } from '../../../platform/listing.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';
import type { CreditableLine, LineCredit } from './credit-notes.rules.ts';

const columns = `cn.id, cn.number, cn.invoice_id AS "invoiceId", i.number AS "invoiceNumber", cn.customer_id AS "customerId",
  c.name AS "customerName", cn.region_id AS "regionId", cn.kind, cn.return_id AS "returnId", cn.currency,
  cn.exchange_rate::text AS "exchangeRate", cn.credit_date AS "creditDate", cn.reason, cn.net_amount AS "netAmount",
  cn.tax_amount AS "taxAmount", cn.gross_amount AS "grossAmount", cn.net_cny_fen AS "netCnyFen",
  cn.tax_cny_fen AS "taxCnyFen", cn.gross_cny_fen AS "grossCnyFen", cn.cost_cny_fen AS "costCnyFen",
  cn.applied_amount AS "appliedAmount", cn.open_amount AS "openAmount", cn.open_cny_fen AS "openCnyFen",
  to_char(cn.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;
const from =
  'credit_notes cn JOIN invoices i ON i.id = cn.invoice_id JOIN customers c ON c.id = cn.customer_id';
const scope = { region: 'cn.region_id', customer: 'cn.customer_id' };

const sortable: Record<string, string> = {
  number: 'cn.number',
  creditDate: 'cn.credit_date',
  customer: 'c.name',
  grossCnyFen: 'cn.gross_cny_fen',
};

export async function listCreditNotes(
  db: Queryable,
  ctx: RequestContext,
  query: CreditNoteListQuery,
  maxPageSize: number,
): Promise<{ items: CreditNoteSummary[]; total: number }> {
  const params = new SqlParams();
  const conditions = [scopeCondition(ctx, scope, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(cn.number ILIKE ${pattern} OR i.number ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
  }
  if (query.customerId) conditions.push(`cn.customer_id = ${params.add(query.customerId)}`);
  if (query.invoiceId) conditions.push(`cn.invoice_id = ${params.add(query.invoiceId)}`);
  if (query.dateFrom) conditions.push(`cn.credit_date >= ${params.add(query.dateFrom)}`);
  if (query.dateTo) conditions.push(`cn.credit_date <= ${params.add(query.dateTo)}`);
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, sortable, 'cn.id DESC');
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<CreditNoteSummary>(
      `SELECT ${columns} FROM ${from} WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function findCreditNote(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<CreditNoteSummary | undefined> {
  const params = new SqlParams();
  const { rows } = await db.query<CreditNoteSummary>(
    `SELECT ${columns} FROM ${from} WHERE cn.id = ${params.add(id)} AND ${scopeCondition(ctx, scope, params)}
     ${lock ? 'FOR UPDATE OF cn' : ''}`,
    params.values,
  );
  return rows[0];
}

export async function listCreditNoteLines(db: Queryable, creditNoteId: number): Promise<CreditNote['lines']> {
  const { rows } = await db.query<CreditNote['lines'][number]>(
    `SELECT l.id, l.line_no AS "lineNo", l.invoice_line_id AS "invoiceLineId", il.product_id AS "productId", p.sku,
            p.name_zh AS "productName", l.quantity, l.net_amount AS "netAmount", l.tax_amount AS "taxAmount",
            l.net_cny_fen AS "netCnyFen", l.tax_cny_fen AS "taxCnyFen", l.cost_cny_fen AS "costCnyFen"
       FROM credit_note_lines l JOIN invoice_lines il ON il.id = l.invoice_line_id JOIN products p ON p.id = il.product_id
      WHERE l.credit_note_id = $1 ORDER BY l.line_no`,
    [creditNoteId],
  );
  return rows;
}

export async function listCreditNotesOfInvoice(
  db: Queryable,
  invoiceId: number,
): Promise<CreditNoteSummary[]> {
  const { rows } = await db.query<CreditNoteSummary>(
    `SELECT ${columns} FROM ${from} WHERE cn.invoice_id = $1 ORDER BY cn.id`,
    [invoiceId],
  );
  return rows;
}

export async function listCreditNotesOfReturn(db: Queryable, returnId: number): Promise<CreditNoteSummary[]> {
  const { rows } = await db.query<CreditNoteSummary>(
    `SELECT ${columns} FROM ${from} WHERE cn.return_id = $1 ORDER BY cn.id`,
    [returnId],
  );
  return rows;
}

/** The invoice's lines with what has been credited so far (the invoice row is locked by the caller). */
export type InvoiceLineCredits = CreditableLine & { shipmentLineId: number };

export async function listCreditableLines(db: Queryable, invoiceId: number): Promise<InvoiceLineCredits[]> {
  const { rows } = await db.query<InvoiceLineCredits>(
    `SELECT id, line_no AS "lineNo", quantity, net_amount AS "netAmount", tax_amount AS "taxAmount",
            net_cny_fen AS "netCnyFen", tax_cny_fen AS "taxCnyFen", cost_cny_fen AS "costCnyFen", vat_rate::text AS "vatRate",
            credited_quantity AS "creditedQuantity", credited_net_amount AS "creditedNetAmount",
            credited_tax_amount AS "creditedTaxAmount", shipment_line_id AS "shipmentLineId"
       FROM invoice_lines WHERE invoice_id = $1 ORDER BY line_no`,
    [invoiceId],
  );
  return rows;
}

export interface NewCreditNote {
  number: string;
  invoiceId: number;
  customerId: number;
  regionId: number;
  kind: CreditNoteKind;
  returnId: number | null;
  currency: string;
  exchangeRate: string;
  creditDate: string;
  reason: string;
  createdBy: number | null;
  lines: LineCredit[];
}

/** Inserts the credit note and its lines, and adds the credits to the invoice lines. */
export async function insertCreditNote(db: Queryable, note: NewCreditNote): Promise<number> {
  const sum = (pick: (l: LineCredit) => number) => note.lines.reduce((total, l) => total + pick(l), 0);
  const net = sum((l) => l.net);
  const tax = sum((l) => l.tax);
  const netCny = sum((l) => l.netCny);
  const taxCny = sum((l) => l.taxCny);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO credit_notes (number, invoice_id, customer_id, region_id, kind, return_id, currency, exchange_rate,
                               credit_date, reason, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen,
                               gross_cny_fen, cost_cny_fen, open_amount, open_cny_fen, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $13, $16, $18) RETURNING id`,
    [
      note.number,
      note.invoiceId,
      note.customerId,
      note.regionId,
      note.kind,
      note.returnId,
      note.currency,
      note.exchangeRate,
      note.creditDate,
      note.reason,
      net,
      tax,
      net + tax,
      netCny,
      taxCny,
      netCny + taxCny,
      sum((l) => l.costCny),
      note.createdBy,
    ],
  );
  const id = rows[0]!.id;
  const lines = note.lines;
  await db.query(
    `INSERT INTO credit_note_lines (credit_note_id, line_no, invoice_line_id, quantity, net_amount, tax_amount, net_cny_fen,
                                    tax_cny_fen, cost_cny_fen)
     SELECT $1, * FROM unnest($2::int[], $3::bigint[], $4::int[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[],
                              $9::bigint[])`,
    [
      id,
      lines.map((_, i) => i + 1),
      lines.map((l) => l.invoiceLineId),
      lines.map((l) => l.quantity),
      lines.map((l) => l.net),
      lines.map((l) => l.tax),
      lines.map((l) => l.netCny),
      lines.map((l) => l.taxCny),
      lines.map((l) => l.costCny),
    ],
  );
  // The CHECKs on invoice_lines refuse to credit more than a line holds.
  await db.query(
    `UPDATE invoice_lines il SET credited_quantity = il.credited_quantity + c.q,
            credited_net_amount = il.credited_net_amount + c.n, credited_tax_amount = il.credited_tax_amount + c.t
       FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::bigint[]) AS c(id, q, n, t)
      WHERE il.id = c.id`,
    [
      lines.map((l) => l.invoiceLineId),
      lines.map((l) => l.quantity),
      lines.map((l) => l.net),
      lines.map((l) => l.tax),
    ],
  );
  return id;
}

export async function setCreditNoteJournal(
  db: Queryable,
  id: number,
  journalId: number | null,
): Promise<void> {
  await db.query('UPDATE credit_notes SET journal_id = $2 WHERE id = $1', [id, journalId]);
}

/** Takes `amount` from the credit note's open amount (the CHECK refuses to go below zero). */
export async function takeFromCreditNote(
  db: Queryable,
  id: number,
  amount: number,
  openCnyFen: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE credit_notes SET applied_amount = applied_amount + $2, open_amount = open_amount - $2, open_cny_fen = $3
      WHERE id = $1`,
    [id, amount, openCnyFen],
  );
  return rowCount === 1;
}

/** The invoice lines (not cancelled) that invoiced these shipment lines. */
export async function findInvoiceLinesOfShipmentLines(
  db: Queryable,
  shipmentLineIds: readonly number[],
): Promise<{ shipmentLineId: number; invoiceLineId: number; invoiceId: number }[]> {
  const { rows } = await db.query<{ shipmentLineId: number; invoiceLineId: number; invoiceId: number }>(
    `SELECT shipment_line_id AS "shipmentLineId", id AS "invoiceLineId", invoice_id AS "invoiceId"
       FROM invoice_lines WHERE shipment_line_id = ANY($1::bigint[]) AND is_active`,
    [shipmentLineIds],
  );
  return rows;
}
