import type { PaymentListQuery, PaymentMethod, PaymentSummary } from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause, sortClause } from '../../../platform/listing.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';

const paymentColumns = `p.id, p.number, p.customer_id AS "customerId", c.name AS "customerName", p.region_id AS "regionId",
  p.method, p.currency, p.exchange_rate::text AS "exchangeRate", p.received_date AS "receivedDate", p.reference,
  p.maturity_date AS "maturityDate", p.amount, p.amount_cny_fen AS "amountCnyFen", p.allocated_amount AS "allocatedAmount",
  p.unallocated_amount AS "unallocatedAmount", p.unallocated_cny_fen AS "unallocatedCnyFen", p.note,
  to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;
const paymentFrom = 'payments p JOIN customers c ON c.id = p.customer_id';

const sortable: Record<string, string> = {
  number: 'p.number',
  receivedDate: 'p.received_date',
  customer: 'c.name',
  amountCnyFen: 'p.amount_cny_fen',
  unallocatedCnyFen: 'p.unallocated_cny_fen',
};

export async function listPayments(
  db: Queryable,
  ctx: RequestContext,
  query: PaymentListQuery,
  maxPageSize: number,
): Promise<{ items: PaymentSummary[]; total: number }> {
  const params = new SqlParams();
  const conditions = [scopeCondition(ctx, { region: 'p.region_id', customer: 'p.customer_id' }, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(p.number ILIKE ${pattern} OR p.reference ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
  }
  if (query.customerId) conditions.push(`p.customer_id = ${params.add(query.customerId)}`);
  if (query.method) conditions.push(`p.method = ${params.add(query.method)}`);
  if (query.hasUnallocated !== undefined) {
    conditions.push(query.hasUnallocated ? 'p.unallocated_amount > 0' : 'p.unallocated_amount = 0');
  }
  if (query.dateFrom) conditions.push(`p.received_date >= ${params.add(query.dateFrom)}`);
  if (query.dateTo) conditions.push(`p.received_date <= ${params.add(query.dateTo)}`);
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, sortable, 'p.id DESC');
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<PaymentSummary>(
      `SELECT ${paymentColumns} FROM ${paymentFrom} WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${paymentFrom} WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

/** One payment in the user's scope; locked when it is about to be allocated. */
export async function findPayment(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<PaymentSummary | undefined> {
  const params = new SqlParams();
  const { rows } = await db.query<PaymentSummary>(
    `SELECT ${paymentColumns} FROM ${paymentFrom}
      WHERE p.id = ${params.add(id)} AND ${scopeCondition(ctx, { region: 'p.region_id', customer: 'p.customer_id' }, params)}
      ${lock ? 'FOR UPDATE OF p' : ''}`,
    params.values,
  );
  return rows[0];
}

/** The paying customer, when it exists and is in the user's scope. */
export async function findCustomer(
  db: Queryable,
  ctx: RequestContext,
  customerId: number,
): Promise<{ id: number; regionId: number; isActive: boolean } | undefined> {
  const params = new SqlParams();
  const { rows } = await db.query<{ id: number; regionId: number; isActive: boolean }>(
    `SELECT c.id, c.region_id AS "regionId", c.is_active AS "isActive" FROM customers c
      WHERE c.id = ${params.add(customerId)} AND ${scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params)}`,
    params.values,
  );
  return rows[0];
}

export interface NewPayment {
  number: string;
  customerId: number;
  regionId: number;
  method: PaymentMethod;
  currency: string;
  exchangeRate: string;
  receivedDate: string;
  reference: string;
  maturityDate: string | null;
  amount: number;
  amountCnyFen: number;
  note: string | null;
  createdBy: number | null;
}

export async function insertPayment(db: Queryable, p: NewPayment): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO payments (number, customer_id, region_id, method, currency, exchange_rate, received_date, reference,
                           maturity_date, amount, amount_cny_fen, unallocated_amount, unallocated_cny_fen, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11, $12, $13) RETURNING id`,
    [
      p.number,
      p.customerId,
      p.regionId,
      p.method,
      p.currency,
      p.exchangeRate,
      p.receivedDate,
      p.reference,
      p.maturityDate,
      p.amount,
      p.amountCnyFen,
      p.note,
      p.createdBy,
    ],
  );
  return rows[0]!.id;
}

export async function setPaymentJournal(db: Queryable, id: number, journalId: number | null): Promise<void> {
  await db.query('UPDATE payments SET journal_id = $2 WHERE id = $1', [id, journalId]);
}

/**
 * Takes `amount` from the payment's unallocated amount. The CHECK on payments refuses to let
 * it go below zero, whatever the caller computed. Returns false when no row changed.
 */
export async function takeFromPayment(
  db: Queryable,
  id: number,
  amount: number,
  unallocatedCnyFen: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE payments SET allocated_amount = allocated_amount + $2, unallocated_amount = unallocated_amount - $2,
            unallocated_cny_fen = $3
      WHERE id = $1`,
    [id, amount, unallocatedCnyFen],
  );
  return rowCount === 1;
}
