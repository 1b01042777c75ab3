import type { WriteOff, WriteOffListQuery } from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause } from '../../../platform/listing.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';

const timestamp = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const columns = `w.id, w.number, w.invoice_id AS "invoiceId", i.number AS "invoiceNumber", w.customer_id AS "customerId",
  c.name AS "customerName", i.currency, w.amount, w.amount_cny_fen AS "amountCnyFen", w.reason, w.status,
  w.requested_by AS "requestedBy", ru.display_name AS "requestedByName", ${timestamp('w.requested_at')} AS "requestedAt",
  w.decided_by AS "decidedBy", du.display_name AS "decidedByName", ${timestamp('w.decided_at')} AS "decidedAt",
  w.decision_note AS "decisionNote", w.written_off_on AS "writtenOffOn", w.version`;
const from = `write_offs w JOIN invoices i ON i.id = w.invoice_id JOIN customers c ON c.id = w.customer_id
  JOIN users ru ON ru.id = w.requested_by LEFT JOIN users du ON du.id = w.decided_by`;
const scope = { region: 'w.region_id', customer: 'w.customer_id' };

export async function listWriteOffs(
  db: Queryable,
  ctx: RequestContext,
  query: WriteOffListQuery,
  maxPageSize: number,
): Promise<{ items: WriteOff[]; total: number }> {
  const params = new SqlParams();
  const conditions = [scopeCondition(ctx, scope, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(w.number ILIKE ${pattern} OR i.number ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
  }
  if (query.status) conditions.push(`w.status = ${params.add(query.status)}`);
  if (query.customerId) conditions.push(`w.customer_id = ${params.add(query.customerId)}`);
  const where = conditions.join(' AND ');
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<WriteOff>(
      `SELECT ${columns} FROM ${from} WHERE ${where} ORDER BY w.id DESC ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function findWriteOff(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<WriteOff | undefined> {
  const params = new SqlParams();
  const { rows } = await db.query<WriteOff>(
    `SELECT ${columns} FROM ${from} WHERE w.id = ${params.add(id)} AND ${scopeCondition(ctx, scope, params)}
     ${lock ? 'FOR UPDATE OF w' : ''}`,
    params.values,
  );
  return rows[0];
}

export async function listWriteOffsOfInvoice(db: Queryable, invoiceId: number): Promise<WriteOff[]> {
  const { rows } = await db.query<WriteOff>(
    `SELECT ${columns} FROM ${from} WHERE w.invoice_id = $1 ORDER BY w.id`,
    [invoiceId],
  );
  return rows;
}

export async function insertWriteOff(
  db: Queryable,
  w: {
    number: string;
    invoiceId: number;
    customerId: number;
    regionId: number;
    amount: number;
    reason: string;
    requestedBy: number;
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO write_offs (number, invoice_id, customer_id, region_id, amount, reason, requested_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [w.number, w.invoiceId, w.customerId, w.regionId, w.amount, w.reason, w.requestedBy],
  );
  return rows[0]!.id;
}

/** Records the decision on a pending request; the CHECK refuses a decision by the requester. */
export async function decideWriteOff(
  db: Queryable,
  id: number,
  version: number,
  decision: {
    status: 'approved' | 'rejected';
    decidedBy: number;
    note: string | null;
    writtenOffOn: string | null;
    amountCnyFen: number | null;
    journalId: number | null;
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE write_offs SET status = $3, decided_by = $4, decided_at = now(), decision_note = $5, written_off_on = $6,
            amount_cny_fen = $7, journal_id = $8, version = version + 1
      WHERE id = $1 AND version = $2 AND status = 'requested'`,
    [
      id,
      version,
      decision.status,
      decision.decidedBy,
      decision.note,
      decision.writtenOffOn,
      decision.amountCnyFen,
      decision.journalId,
    ],
  );
  return rowCount === 1;
}
