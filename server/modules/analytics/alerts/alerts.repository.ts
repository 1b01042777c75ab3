/**
 * SQL of KPI alerts. An alert holds no figures, so it has no region scope of its own: who may
 * see one is decided here (its owner, or an admin); evaluating it applies the owner's scope.
 */
import type { Role } from '../../../../contracts/auth.ts';
import type { AlertOperator, AlertPeriod } from '../../../../contracts/kpi-alerts.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { SqlParams } from '../../../platform/sql.ts';
import { type ColumnMap, updateVersionedRow } from '../../../platform/writes.ts';

export interface AlertFilter {
  dimension: string;
  op: 'in' | 'not_in';
  values: string[];
}

/** An alert as stored; the service maps it to the response (labels, entered threshold). */
export interface AlertRow {
  id: number;
  name: string;
  ownerId: number;
  ownerName: string;
  measure: string;
  filters: AlertFilter[];
  period: AlertPeriod;
  operator: AlertOperator;
  /** In the analytics result's unit (fen for money). */
  thresholdValue: number;
  notifyRoles: Role[];
  isActive: boolean;
  lastState: boolean | null;
  lastValue: number | null;
  lastEvaluatedAt: string | null;
  lastFiredAt: string | null;
  lastError: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const columns = `a.id::int AS id, a.name, a.owner_id::int AS "ownerId", u.display_name AS "ownerName", a.measure,
  a.filters, a.period, a.operator, a.threshold::float8 AS "thresholdValue", a.notify_roles AS "notifyRoles",
  a.is_active AS "isActive", a.last_state AS "lastState", a.last_value::float8 AS "lastValue",
  ${iso('a.last_evaluated_at')} AS "lastEvaluatedAt", ${iso('a.last_fired_at')} AS "lastFiredAt",
  a.last_error AS "lastError", a.version, ${iso('a.created_at')} AS "createdAt", ${iso('a.updated_at')} AS "updatedAt"`;

const from = 'kpi_alerts a JOIN users u ON u.id = a.owner_id';

const isAdmin = (ctx: RequestContext) => ctx.roles.includes('admin');

/** Mine, or every alert for an admin. */
function visibleTo(ctx: RequestContext, params: SqlParams): string {
  return isAdmin(ctx) ? 'TRUE' : `a.owner_id = ${params.add(ctx.userId)}`;
}

export async function listAlerts(db: Queryable, ctx: RequestContext): Promise<AlertRow[]> {
  const params = new SqlParams();
  // A person has a handful of alerts; the cap keeps a runaway list from hurting.
  const { rows } = await db.query<AlertRow>(
    `SELECT ${columns} FROM ${from} WHERE ${visibleTo(ctx, params)} ORDER BY lower(a.name), a.id LIMIT 500`,
    params.values,
  );
  return rows;
}

export async function findAlert(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<AlertRow | undefined> {
  const params = new SqlParams();
  const where = visibleTo(ctx, params);
  const { rows } = await db.query<AlertRow>(
    `SELECT ${columns} FROM ${from} WHERE a.id = ${params.add(id)} AND ${where}${lock ? ' FOR UPDATE OF a' : ''}`,
    params.values,
  );
  return rows[0];
}

/** For the job: the alert whatever the caller, locked so two evaluations cannot both fire. */
export async function lockAlertForEvaluation(db: Queryable, id: number): Promise<AlertRow | undefined> {
  const { rows } = await db.query<AlertRow>(
    `SELECT ${columns} FROM ${from} WHERE a.id = $1 AND a.is_active FOR UPDATE OF a`,
    [id],
  );
  return rows[0];
}

export async function listActiveAlertIds(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id::int AS id FROM kpi_alerts WHERE is_active ORDER BY id',
  );
  return rows.map((r) => r.id);
}

export interface StoredAlertFields {
  name: string;
  measure: string;
  filters: string;
  period: AlertPeriod;
  operator: AlertOperator;
  thresholdValue: number;
  notifyRoles: Role[];
  isActive: boolean;
}

const writable = {
  name: 'name',
  measure: 'measure',
  filters: 'filters',
  period: 'period',
  operator: 'operator',
  thresholdValue: 'threshold',
  notifyRoles: 'notify_roles',
  isActive: 'is_active',
} as const satisfies ColumnMap<StoredAlertFields>;

export async function insertAlert(db: Queryable, ownerId: number, input: StoredAlertFields): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO kpi_alerts (name, owner_id, measure, filters, period, operator, threshold, notify_roles, is_active)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8::text[], $9) RETURNING id::int AS id`,
    [
      input.name,
      ownerId,
      input.measure,
      input.filters,
      input.period,
      input.operator,
      input.thresholdValue,
      input.notifyRoles,
      input.isActive,
    ],
  );
  return rows[0]!.id;
}

export function updateAlert(
  db: Queryable,
  id: number,
  version: number,
  changes: Partial<StoredAlertFields>,
): Promise<boolean> {
  return updateVersionedRow(db, 'kpi_alerts', writable, id, version, changes);
}

/** The condition changed: the next evaluation starts afresh (and notifies if it holds). */
export async function resetAlertState(db: Queryable, id: number): Promise<void> {
  await db.query(
    'UPDATE kpi_alerts SET last_state = NULL, last_value = NULL, last_error = NULL WHERE id = $1',
    [id],
  );
}

export async function deleteAlert(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM kpi_alerts WHERE id = $1', [id]);
  return rowCount === 1;
}

export async function recordEvaluation(
  db: Queryable,
  id: number,
  result: { isCrossed: boolean; value: number | null; hasFired: boolean },
): Promise<void> {
  await db.query(
    `UPDATE kpi_alerts
        SET last_state = $2, last_value = $3, last_evaluated_at = now(), last_error = NULL,
            last_fired_at = CASE WHEN $4 THEN now() ELSE last_fired_at END
      WHERE id = $1`,
    [id, result.isCrossed, result.value, result.hasFired],
  );
}

/** An alert that could not be evaluated keeps its last state: a failure is not a recovery. */
export async function recordEvaluationError(db: Queryable, id: number, message: string): Promise<void> {
  await db.query('UPDATE kpi_alerts SET last_error = $2, last_evaluated_at = now() WHERE id = $1', [
    id,
    message.slice(0, 500),
  ]);
}

/**
 * Active internal or distributor users holding any of `roles`, with what decides their scope
 * (regions with descendants), in one round trip.
 */
export async function listUsersWithRoles(
  db: Queryable,
  roles: readonly Role[],
): Promise<{ id: number; roles: Role[]; distributorId: number | null; regionIds: number[] }[]> {
  if (roles.length === 0) return [];
  const { rows } = await db.query<{
    id: number;
    roles: Role[];
    distributorId: number | null;
    regionIds: number[];
  }>(
    `WITH RECURSIVE candidates AS (
       SELECT id, roles, distributor_id FROM users WHERE is_active AND roles && $1::text[]
     ), scope AS (
       SELECT ur.user_id, ur.region_id AS id FROM user_regions ur JOIN candidates c ON c.id = ur.user_id
       UNION
       SELECT s.user_id, r.id FROM regions r JOIN scope s ON r.parent_id = s.id
     )
     SELECT c.id::int AS id, c.roles, c.distributor_id::int AS "distributorId",
            coalesce((SELECT array_agg(DISTINCT s.id)::int[] FROM scope s WHERE s.user_id = c.id), '{}') AS "regionIds"
       FROM candidates c ORDER BY c.id`,
    [roles],
  );
  return rows;
}
