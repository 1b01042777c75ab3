import type { JournalSourceType, ReceivableItem, ReceivablesQuery } from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause, sortClause } from '../../../platform/listing.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';
import { agingBucketSql } from './aging.rules.ts';

export async function findCustomer(
  db: Queryable,
  ctx: RequestContext,
  customerId: number,
): Promise<{ id: number; code: string; name: string } | undefined> {
  const params = new SqlParams();
  const { rows } = await db.query<{ id: number; code: string; name: string }>(
    `SELECT c.id, c.code, c.name FROM customers c
      WHERE c.id = ${params.add(customerId)} AND ${scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params)}`,
    params.values,
  );
  return rows[0];
}

/** The customer's receivable (AR, debit balance) and credit (CUSTOMER_CREDIT, credit balance) before a date. */
export async function balancesBefore(
  db: Queryable,
  customerId: number,
  date: string,
): Promise<{ receivable: number; credit: number }> {
  const { rows } = await db.query<{ receivable: number; credit: number }>(
    `SELECT coalesce(sum(e.debit_fen - e.credit_fen) FILTER (WHERE e.account = 'AR'), 0)::bigint AS receivable,
            coalesce(sum(e.credit_fen - e.debit_fen) FILTER (WHERE e.account = 'CUSTOMER_CREDIT'), 0)::bigint AS credit
       FROM ledger_entries e JOIN journals j ON j.id = e.journal_id
      WHERE e.customer_id = $1 AND e.account IN ('AR', 'CUSTOMER_CREDIT') AND j.business_date < $2`,
    [customerId, date],
  );
  return rows[0]!;
}

export interface Movement {
  journalId: number;
  date: string;
  type: JournalSourceType;
  documentNumber: string | null;
  description: string;
  receivableChange: number;
  creditChange: number;
}

/** Every journal of the period that moved the customer's receivable or credit, in order. */
export async function listMovements(
  db: Queryable,
  customerId: number,
  from: string,
  to: string,
): Promise<Movement[]> {
  const { rows } = await db.query<Movement>(
    `SELECT j.id AS "journalId", j.business_date AS date, j.source_type AS type, j.document_number AS "documentNumber",
            j.description,
            coalesce(sum(e.debit_fen - e.credit_fen) FILTER (WHERE e.account = 'AR'), 0)::bigint AS "receivableChange",
            coalesce(sum(e.credit_fen - e.debit_fen) FILTER (WHERE e.account = 'CUSTOMER_CREDIT'), 0)::bigint
              AS "creditChange"
       FROM journals j JOIN ledger_entries e ON e.journal_id = j.id
      WHERE e.customer_id = $1 AND e.account IN ('AR', 'CUSTOMER_CREDIT') AND j.business_date BETWEEN $2 AND $3
      GROUP BY j.id ORDER BY j.business_date, j.id`,
    [customerId, from, to],
  );
  return rows;
}

/**
 * Open items on a date: each invoice issued by then and not cancelled by then, with what was
 * still open after the allocations and approved write-offs dated up to that day.
 */
const openItems = `
  SELECT i.id AS "invoiceId", i.number AS "invoiceNumber", i.customer_id AS "customerId", c.name AS "customerName",
         i.region_id AS "regionId", i.invoice_date AS "invoiceDate", i.due_date AS "dueDate", i.currency,
         i.gross_amount AS "grossAmount",
         (i.gross_amount - coalesce(a.amount, 0) - coalesce(w.amount, 0))::bigint AS "openAmount",
         (i.gross_cny_fen - coalesce(a.cny, 0) - coalesce(w.cny, 0))::bigint AS "openCnyFen",
         greatest($1::date - i.due_date, 0) AS "daysPastDue"
    FROM invoices i JOIN customers c ON c.id = i.customer_id
    LEFT JOIN LATERAL (SELECT sum(x.amount) AS amount, sum(x.invoice_cny_fen) AS cny FROM allocations x
                        WHERE x.invoice_id = i.id AND x.allocated_on <= $1::date) a ON TRUE
    LEFT JOIN LATERAL (SELECT sum(y.amount) AS amount, sum(y.amount_cny_fen) AS cny FROM write_offs y
                        WHERE y.invoice_id = i.id AND y.status = 'approved' AND y.written_off_on <= $1::date) w ON TRUE
   WHERE i.invoice_date <= $1::date AND (i.cancelled_on IS NULL OR i.cancelled_on > $1::date)`;

const sortable: Record<string, string> = {
  dueDate: '"dueDate"',
  invoiceDate: '"invoiceDate"',
  customer: '"customerName"',
  openCnyFen: '"openCnyFen"',
  daysPastDue: '"daysPastDue"',
};

function receivablesWhere(ctx: RequestContext, query: ReceivablesQuery, params: SqlParams): string {
  const conditions = [
    '"openAmount" > 0',
    scopeCondition(ctx, { region: '"regionId"', customer: '"customerId"' }, params),
  ];
  if (query.customerId) conditions.push(`"customerId" = ${params.add(query.customerId)}`);
  if (query.bucket) conditions.push(`${agingBucketSql('"daysPastDue"')} = ${params.add(query.bucket)}`);
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`("invoiceNumber" ILIKE ${pattern} OR "customerName" ILIKE ${pattern})`);
  }
  return conditions.join(' AND ');
}

export type OpenItem = Omit<ReceivableItem, 'bucket'>;

export async function listOpenItems(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
  query: ReceivablesQuery,
  maxPageSize: number | null,
): Promise<{ items: OpenItem[]; total: number }> {
  const params = new SqlParams();
  params.add(asOf);
  const where = receivablesWhere(ctx, query, params);
  const order = sortClause(query.sort, sortable, '"dueDate", "invoiceId"');
  const countValues = [...params.values];
  const page = maxPageSize === null ? '' : pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<OpenItem>(`SELECT * FROM (${openItems}) o WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${openItems}) o WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

/** Open CNY and count per aging bucket, over everything the filter matches (not one page). */
export async function bucketTotals(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
  query: ReceivablesQuery,
): Promise<{ bucket: string; openCnyFen: number; count: number }[]> {
  const params = new SqlParams();
  params.add(asOf);
  const where = receivablesWhere(ctx, query, params);
  const { rows } = await db.query<{ bucket: string; openCnyFen: number; count: number }>(
    `SELECT ${agingBucketSql('"daysPastDue"')} AS bucket, sum("openCnyFen")::bigint AS "openCnyFen", count(*)::int AS count
       FROM (${openItems}) o WHERE ${where} GROUP BY 1`,
    params.values,
  );
  return rows;
}

/** Payments not yet allocated and credit notes not yet applied, on a date, in CNY. */
export async function unappliedCredit(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
  customerId: number | undefined,
): Promise<number> {
  const params = new SqlParams();
  params.add(asOf);
  const customer = customerId ? `AND d.customer_id = ${params.add(customerId)}` : '';
  const scope = scopeCondition(ctx, { region: 'd.region_id', customer: 'd.customer_id' }, params);
  const { rows } = await db.query<{ total: number }>(
    `SELECT coalesce(sum(d.cny - coalesce((SELECT sum(a.source_cny_fen) FROM allocations a
                                             WHERE a.allocated_on <= $1::date
                                               AND (a.payment_id = d.payment_id OR a.credit_note_id = d.credit_note_id)), 0)),
                     0)::bigint AS total
       FROM (SELECT p.id AS payment_id, NULL::bigint AS credit_note_id, p.customer_id, p.region_id, p.amount_cny_fen AS cny
               FROM payments p WHERE p.received_date <= $1::date
             UNION ALL
             SELECT NULL, cn.id, cn.customer_id, cn.region_id, cn.gross_cny_fen
               FROM credit_notes cn WHERE cn.credit_date <= $1::date) d
      WHERE ${scope} ${customer}`,
    params.values,
  );
  return rows[0]!.total;
}
