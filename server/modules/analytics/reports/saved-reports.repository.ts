/**
 * SQL of saved reports. Who may see a report is decided here, in every read: its owner, users
 * holding one of the roles it is shared with, and admins (who may delete any report). A report
 * holds no figures, so it has no region scope of its own; running it applies the runner's.
 */
import type { CreateSavedReportRequest, SavedReport } from '../../../../contracts/saved-reports.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { SqlParams } from '../../../platform/sql.ts';
import { type ColumnMap, updateVersionedRow } from '../../../platform/writes.ts';

const isAdmin = (ctx: RequestContext) => ctx.roles.includes('admin');

/** Columns of the SavedReport response; `canEdit` depends on the caller. */
function columns(ctx: RequestContext, params: SqlParams): string {
  const mayEdit = isAdmin(ctx) ? 'TRUE' : `r.owner_id = ${params.add(ctx.userId)}`;
  const isPinned = `EXISTS (SELECT 1 FROM saved_report_pins p WHERE p.report_id = r.id AND p.user_id = ${params.add(ctx.userId)})`;
  return `r.id::int AS id, r.name, r.owner_id::int AS "ownerId", u.display_name AS "ownerName", r.query, r.layout,
    r.chart_kind AS "chartKind", r.shared_with_roles AS "sharedWithRoles", (${mayEdit}) AS "canEdit",
    ${isPinned} AS "isPinned", r.version,
    to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
    to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;
}

const from = 'saved_reports r JOIN users u ON u.id = r.owner_id';

/** Mine, shared with any of my roles, or every report for an admin. */
function visibleTo(ctx: RequestContext, params: SqlParams): string {
  if (isAdmin(ctx)) return 'TRUE';
  return `(r.owner_id = ${params.add(ctx.userId)} OR r.shared_with_roles && ${params.add(ctx.roles)}::text[])`;
}

export async function listSavedReports(db: Queryable, ctx: RequestContext): Promise<SavedReport[]> {
  const params = new SqlParams();
  const select = columns(ctx, params);
  const where = visibleTo(ctx, params);
  // Few reports per user; a cap keeps a runaway list from hurting.
  const { rows } = await db.query<SavedReport>(
    `SELECT ${select} FROM ${from} WHERE ${where} ORDER BY lower(r.name), r.id LIMIT 500`,
    params.values,
  );
  return rows;
}

export async function findSavedReport(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<SavedReport | undefined> {
  const params = new SqlParams();
  const select = columns(ctx, params);
  const where = visibleTo(ctx, params);
  const { rows } = await db.query<SavedReport>(
    `SELECT ${select} FROM ${from} WHERE r.id = ${params.add(id)} AND ${where}${lock ? ' FOR UPDATE OF r' : ''}`,
    params.values,
  );
  return rows[0];
}

type StoredFields = Omit<CreateSavedReportRequest, 'query' | 'layout'> & { query: string; layout: string };

const writable = {
  name: 'name',
  query: 'query',
  layout: 'layout',
  chartKind: 'chart_kind',
  sharedWithRoles: 'shared_with_roles',
} as const satisfies ColumnMap<StoredFields>;

/** The query and layout go to jsonb columns as JSON text. */
function toStored(input: Partial<CreateSavedReportRequest>): Partial<StoredFields> {
  const { query, layout, ...rest } = input;
  return {
    ...rest,
    ...(query ? { query: JSON.stringify(query) } : {}),
    ...(layout ? { layout: JSON.stringify(layout) } : {}),
  };
}

export async function insertSavedReport(
  db: Queryable,
  ownerId: number,
  input: CreateSavedReportRequest,
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO saved_reports (name, owner_id, query, layout, chart_kind, shared_with_roles)
     VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6::text[]) RETURNING id::int AS id`,
    [
      input.name,
      ownerId,
      JSON.stringify(input.query),
      JSON.stringify(input.layout),
      input.chartKind,
      input.sharedWithRoles,
    ],
  );
  return rows[0]!.id;
}

export function updateSavedReport(
  db: Queryable,
  id: number,
  version: number,
  changes: Partial<CreateSavedReportRequest>,
): Promise<boolean> {
  return updateVersionedRow(db, 'saved_reports', writable, id, version, toStored(changes));
}

export async function deleteSavedReport(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM saved_reports WHERE id = $1', [id]);
  return rowCount === 1;
}

/** Puts the report on the user's dashboard (again: no change) or takes it off. */
export async function setPinned(
  db: Queryable,
  userId: number,
  reportId: number,
  pinned: boolean,
): Promise<void> {
  if (pinned) {
    await db.query(
      'INSERT INTO saved_report_pins (user_id, report_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [userId, reportId],
    );
  } else {
    await db.query('DELETE FROM saved_report_pins WHERE user_id = $1 AND report_id = $2', [userId, reportId]);
  }
}

/** The reports on the user's dashboard that they may still see, in the order pinned. */
export async function listPinnedSavedReports(db: Queryable, ctx: RequestContext): Promise<SavedReport[]> {
  const params = new SqlParams();
  const select = columns(ctx, params);
  const where = visibleTo(ctx, params);
  const { rows } = await db.query<SavedReport>(
    `SELECT ${select} FROM ${from}
       JOIN saved_report_pins pin ON pin.report_id = r.id AND pin.user_id = ${params.add(ctx.userId)}
      WHERE ${where} ORDER BY pin.pinned_at, r.id LIMIT 50`,
    params.values,
  );
  return rows;
}
