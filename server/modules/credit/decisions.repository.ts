/** Credit decisions and limit change requests: their SQL. */
import type {
  CreditDecisionQuery,
  CreditStatus,
  Grade,
  LimitRequestQuery,
} from '../../../contracts/credit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import type { WriteStatement } from '../../platform/writes.ts';
import type { CreditOutcome, DecisionRule } from './credit.rules.ts';

export interface DecisionToStore {
  orderId: number | null;
  customerId: number;
  regionId: number;
  outcome: CreditOutcome;
  rule: DecisionRule;
  status: 'passed' | 'refused' | 'pending';
  orderFen: number;
  openReceivablesFen: number;
  openOrdersFen: number;
  exposureFen: number;
  limitFen: number;
  grade: Grade;
  profileStatus: CreditStatus;
  worstDaysPastDue: number;
  requestedBy: number | null;
}

const insertColumns = `order_id, customer_id, region_id, outcome, rule, status, order_fen, open_receivables_fen,
  open_orders_fen, exposure_fen, limit_fen, grade, profile_status, worst_days_past_due, requested_by`;

function insertValues(d: DecisionToStore): unknown[] {
  return [
    d.orderId,
    d.customerId,
    d.regionId,
    d.outcome,
    d.rule,
    d.status,
    d.orderFen,
    d.openReceivablesFen,
    d.openOrdersFen,
    d.exposureFen,
    d.limitFen,
    d.grade,
    d.profileStatus,
    d.worstDaysPastDue,
    d.requestedBy,
  ];
}

/**
 * An automatic approval, as a write for the confirming transaction (`runWrites`): it commits
 * with the order, and batched with the order's own writes it costs no round trip of its own.
 */
export function passedDecisionStatement(d: DecisionToStore): WriteStatement {
  return {
    text: `INSERT INTO credit_decisions (${insertColumns})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    values: insertValues(d),
  };
}

/**
 * A refusal, or an approval request, as one statement that is a transaction of its own (run it
 * on a pool, not inside BEGIN). A second request for the same order while one is pending
 * refreshes that one (the order may have changed) instead of adding another. It never waits
 * long for a lock (the confirming transaction is waiting for it), and its commit does not wait
 * for the disk: it is a record of a refusal that the caller reports either way.
 */
export async function insertOpenDecision(db: Queryable, d: DecisionToStore): Promise<number> {
  const { rows } = await db.query<{ id: number }>({
    name: 'credit_decision_open',
    text: `WITH settings AS (
             SELECT set_config('lock_timeout', '2s', true), set_config('synchronous_commit', 'off', true))
           INSERT INTO credit_decisions (${insertColumns})
           SELECT $1::bigint, $2::bigint, $3::bigint, $4::text, $5::text, $6::text, $7::bigint, $8::bigint, $9::bigint,
                  $10::bigint, $11::bigint, $12::text, $13::text, $14::int, $15::bigint FROM settings
           ON CONFLICT (order_id) WHERE status = 'pending' DO UPDATE
             SET outcome = EXCLUDED.outcome, rule = EXCLUDED.rule, order_fen = EXCLUDED.order_fen,
                 open_receivables_fen = EXCLUDED.open_receivables_fen, open_orders_fen = EXCLUDED.open_orders_fen,
                 exposure_fen = EXCLUDED.exposure_fen, limit_fen = EXCLUDED.limit_fen, grade = EXCLUDED.grade,
                 profile_status = EXCLUDED.profile_status, worst_days_past_due = EXCLUDED.worst_days_past_due,
                 requested_by = EXCLUDED.requested_by, requested_at = now()
           RETURNING id`,
    values: insertValues(d),
  });
  return rows[0]!.id;
}

/**
 * An approval of this order that still covers it: approved by someone of at least the required
 * level, not used yet, for no smaller order and no smaller exposure than now.
 */
export async function findUsableApproval(
  db: Queryable,
  orderId: number,
  requiredRank: number,
  orderFen: number,
  exposureFen: number,
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>({
    name: 'credit_usable_approval',
    text: `SELECT id FROM credit_decisions
            WHERE order_id = $1 AND status = 'approved' AND used_at IS NULL AND approved_rank >= $2
              AND order_fen >= $3 AND exposure_fen >= $4
            ORDER BY id DESC LIMIT 1`,
    values: [orderId, requiredRank, orderFen, exposureFen],
  });
  return rows[0]?.id;
}

export async function markApprovalUsed(db: Queryable, id: number): Promise<void> {
  await db.query('UPDATE credit_decisions SET used_at = now() WHERE id = $1', [id]);
}

export interface DecisionRow {
  id: number;
  orderId: number | null;
  orderNumber: string | null;
  customerId: number;
  customerName: string;
  regionId: number;
  outcome: CreditOutcome;
  rule: DecisionRule;
  status: 'passed' | 'refused' | 'pending' | 'approved' | 'rejected';
  orderFen: number;
  openReceivablesFen: number;
  openOrdersFen: number;
  exposureFen: number;
  limitFen: number;
  grade: Grade;
  profileStatus: CreditStatus;
  worstDaysPastDue: number;
  requestedBy: number | null;
  requestedByName: string | null;
  requestedAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  usedAt: string | null;
}

const decisionColumns = `d.id, d.order_id AS "orderId", o.number AS "orderNumber", d.customer_id AS "customerId",
  c.name AS "customerName", d.region_id AS "regionId", d.outcome, d.rule, d.status, d.order_fen AS "orderFen",
  d.open_receivables_fen AS "openReceivablesFen", d.open_orders_fen AS "openOrdersFen", d.exposure_fen AS "exposureFen",
  d.limit_fen AS "limitFen", d.grade, d.profile_status AS "profileStatus", d.worst_days_past_due AS "worstDaysPastDue",
  d.requested_by AS "requestedBy", ru.display_name AS "requestedByName", to_json(d.requested_at)#>>'{}' AS "requestedAt",
  du.display_name AS "decidedByName", to_json(d.decided_at)#>>'{}' AS "decidedAt", d.decision_note AS "decisionNote",
  to_json(d.used_at)#>>'{}' AS "usedAt"`;
const decisionFrom = `credit_decisions d JOIN customers c ON c.id = d.customer_id
  LEFT JOIN sales_orders o ON o.id = d.order_id
  LEFT JOIN users ru ON ru.id = d.requested_by LEFT JOIN users du ON du.id = d.decided_by`;

const decisionSortable: Record<string, string> = {
  requestedAt: 'd.requested_at',
  exposure: 'd.exposure_fen',
  order: 'd.order_fen',
  customer: 'c.name',
};

export async function listDecisions(
  db: Queryable,
  ctx: RequestContext,
  query: CreditDecisionQuery,
  maxPageSize: number,
): Promise<{ items: DecisionRow[]; total: number }> {
  const params = new SqlParams();
  const conditions = [scopeCondition(ctx, { region: 'd.region_id', customer: 'd.customer_id' }, params)];
  if (query.status) conditions.push(`d.status = ${params.add(query.status)}`);
  if (query.customerId) conditions.push(`d.customer_id = ${params.add(query.customerId)}`);
  if (query.orderId) conditions.push(`d.order_id = ${params.add(query.orderId)}`);
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(c.name ILIKE ${pattern} OR o.number ILIKE ${pattern})`);
  }
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, decisionSortable, 'd.id DESC');
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<DecisionRow>(
      `SELECT ${decisionColumns} FROM ${decisionFrom} WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${decisionFrom} WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function listRecentDecisions(
  db: Queryable,
  customerId: number,
  limit: number,
): Promise<DecisionRow[]> {
  const { rows } = await db.query<DecisionRow>(
    `SELECT ${decisionColumns} FROM ${decisionFrom} WHERE d.customer_id = $1 ORDER BY d.id DESC LIMIT $2`,
    [customerId, limit],
  );
  return rows;
}

export async function findDecision(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<DecisionRow | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const scope = scopeCondition(ctx, { region: 'd.region_id', customer: 'd.customer_id' }, params);
  const { rows } = await db.query<DecisionRow>(
    `SELECT ${decisionColumns} FROM ${decisionFrom} WHERE d.id = ${idParam} AND ${scope}${lock ? ' FOR UPDATE OF d' : ''}`,
    params.values,
  );
  return rows[0];
}

export async function decide(
  db: Queryable,
  id: number,
  status: 'approved' | 'rejected',
  decidedBy: number,
  note: string | null,
  approvedRank: number | null,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE credit_decisions SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4, approved_rank = $5
      WHERE id = $1 AND status = 'pending'`,
    [id, status, decidedBy, note, approvedRank],
  );
  return rowCount === 1;
}

// ---------------------------------------------------------------------------------------
// Limit change requests

export interface LimitRequestRow {
  id: number;
  customerId: number;
  customerName: string;
  regionId: number;
  currentLimitFen: number;
  requestedLimitFen: number;
  recommendedLimitFen: number | null;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: number;
  requestedByName: string | null;
  requestedAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

const requestColumns = `q.id, q.customer_id AS "customerId", c.name AS "customerName", c.region_id AS "regionId",
  q.current_limit_fen AS "currentLimitFen", q.requested_limit_fen AS "requestedLimitFen",
  q.recommended_limit_fen AS "recommendedLimitFen", q.reason, q.status, q.requested_by AS "requestedBy",
  ru.display_name AS "requestedByName", to_json(q.requested_at)#>>'{}' AS "requestedAt",
  du.display_name AS "decidedByName", to_json(q.decided_at)#>>'{}' AS "decidedAt", q.decision_note AS "decisionNote"`;
const requestFrom = `credit_limit_requests q JOIN customers c ON c.id = q.customer_id
  LEFT JOIN users ru ON ru.id = q.requested_by LEFT JOIN users du ON du.id = q.decided_by`;

export async function insertLimitRequest(
  db: Queryable,
  r: {
    customerId: number;
    currentLimitFen: number;
    requestedLimitFen: number;
    recommendedLimitFen: number | null;
    reason: string;
    requestedBy: number;
  },
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO credit_limit_requests (customer_id, current_limit_fen, requested_limit_fen, recommended_limit_fen,
                                        reason, requested_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (customer_id) WHERE status = 'pending' DO NOTHING RETURNING id`,
    [r.customerId, r.currentLimitFen, r.requestedLimitFen, r.recommendedLimitFen, r.reason, r.requestedBy],
  );
  return rows[0]?.id;
}

export async function findLimitRequest(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<LimitRequestRow | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const scope = scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params);
  const { rows } = await db.query<LimitRequestRow>(
    `SELECT ${requestColumns} FROM ${requestFrom} WHERE q.id = ${idParam} AND ${scope}${lock ? ' FOR UPDATE OF q' : ''}`,
    params.values,
  );
  return rows[0];
}

export async function listLimitRequests(
  db: Queryable,
  ctx: RequestContext,
  query: LimitRequestQuery,
  maxPageSize: number,
): Promise<{ items: LimitRequestRow[]; total: number }> {
  const params = new SqlParams();
  const conditions = [scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params)];
  if (query.status) conditions.push(`q.status = ${params.add(query.status)}`);
  if (query.customerId) conditions.push(`q.customer_id = ${params.add(query.customerId)}`);
  if (query.q) conditions.push(`c.name ILIKE ${params.add(likePattern(query.q))}`);
  const where = conditions.join(' AND ');
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<LimitRequestRow>(
      `SELECT ${requestColumns} FROM ${requestFrom} WHERE ${where} ORDER BY q.id DESC ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${requestFrom} WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function decideLimitRequest(
  db: Queryable,
  id: number,
  status: 'approved' | 'rejected',
  decidedBy: number,
  note: string | null,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE credit_limit_requests SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4
      WHERE id = $1 AND status = 'pending'`,
    [id, status, decidedBy, note],
  );
  return rowCount === 1;
}
