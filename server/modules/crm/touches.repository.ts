import type { Touch, TouchListQuery } from '../../../contracts/crm.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { SqlParams } from '../../platform/sql.ts';

const columns = `t.id, t.lead_id AS "leadId", l.code AS "leadCode", t.customer_id AS "customerId",
  c.name AS "customerName", t.campaign_id AS "campaignId", k.name AS "campaignName", t.kind, t.channel,
  to_char(t.touched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "touchedAt",
  to_char(t.touch_date, 'YYYY-MM-DD') AS "touchDate", t.note`;

const from = `touches t LEFT JOIN leads l ON l.id = t.lead_id LEFT JOIN customers c ON c.id = t.customer_id
  JOIN campaigns k ON k.id = t.campaign_id`;

/** A touch belongs to its customer's region, or to its lead's while there is no customer. */
export function touchScope(ctx: RequestContext, params: SqlParams): string {
  return scopeCondition(
    ctx,
    { region: 'coalesce(c.region_id, l.region_id)', customer: 't.customer_id' },
    params,
  );
}

const sortable: Record<string, string> = { touchedAt: 't.touched_at', kind: 't.kind', campaign: 'k.name' };

export async function listTouches(
  db: Queryable,
  ctx: RequestContext,
  query: TouchListQuery,
  maxPageSize: number,
): Promise<{ items: Touch[]; total: number }> {
  const params = new SqlParams();
  const conditions = [touchScope(ctx, params)];
  if (query.leadId) conditions.push(`t.lead_id = ${params.add(query.leadId)}`);
  if (query.customerId) conditions.push(`t.customer_id = ${params.add(query.customerId)}`);
  if (query.campaignId) conditions.push(`t.campaign_id = ${params.add(query.campaignId)}`);
  if (query.kind) conditions.push(`t.kind = ${params.add(query.kind)}`);
  if (query.from) conditions.push(`t.touch_date >= ${params.add(query.from)}::date`);
  if (query.to) conditions.push(`t.touch_date <= ${params.add(query.to)}::date`);
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, sortable, 't.touched_at DESC, t.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<Touch>(`SELECT ${columns} FROM ${from} WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function findTouch(db: Queryable, ctx: RequestContext, id: number): Promise<Touch | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const { rows } = await db.query<Touch>(
    `SELECT ${columns} FROM ${from} WHERE t.id = ${idParam} AND ${touchScope(ctx, params)}`,
    params.values,
  );
  return rows[0];
}

export interface NewTouch {
  leadId: number | null;
  customerId: number | null;
  campaignId: number;
  kind: string;
  channel: string;
  touchedAt: string;
  note: string | null;
  createdBy: number | null;
}

/** Inserts touches in one statement; the business date and time come from the company's zone. */
export async function insertTouches(db: Queryable, touches: readonly NewTouch[]): Promise<number[]> {
  if (touches.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO touches (lead_id, customer_id, campaign_id, kind, channel, touched_at, touch_date, touch_time, note,
                          created_by)
     SELECT lead_id, customer_id, campaign_id, kind, channel, at, (at AT TIME ZONE 'Asia/Shanghai')::date,
            to_char(at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI:SS'), note, created_by
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[], $7::text[],
                   $8::bigint[]) AS x(lead_id, customer_id, campaign_id, kind, channel, at, note, created_by)
     RETURNING id`,
    [
      touches.map((t) => t.leadId),
      touches.map((t) => t.customerId),
      touches.map((t) => t.campaignId),
      touches.map((t) => t.kind),
      touches.map((t) => t.channel),
      touches.map((t) => t.touchedAt),
      touches.map((t) => t.note),
      touches.map((t) => t.createdBy),
    ],
  );
  return rows.map((r) => r.id);
}

export async function deleteTouch(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM touches WHERE id = $1', [id]);
  return rowCount === 1;
}

/** Of these leads, the ones in scope, with the customer each was converted into. */
export async function findLeadsInScope(db: Queryable, ctx: RequestContext, ids: number[]) {
  const params = new SqlParams();
  const idsParam = params.add(ids);
  const { rows } = await db.query<{ id: number; customerId: number | null }>(
    `SELECT l.id, l.customer_id AS "customerId" FROM leads l
      WHERE l.id = ANY(${idsParam}::bigint[]) AND ${scopeCondition(ctx, { region: 'l.region_id' }, params)}`,
    params.values,
  );
  return new Map(rows.map((r) => [r.id, r.customerId]));
}

export async function findCustomersInScope(
  db: Queryable,
  ctx: RequestContext,
  ids: number[],
): Promise<Set<number>> {
  const params = new SqlParams();
  const idsParam = params.add(ids);
  const { rows } = await db.query<{ id: number }>(
    `SELECT c.id FROM customers c
      WHERE c.id = ANY(${idsParam}::bigint[]) AND ${scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params)}`,
    params.values,
  );
  return new Set(rows.map((r) => r.id));
}

/** Campaigns (visible to the user) with their channel. */
export async function findCampaignChannels(
  db: Queryable,
  ctx: RequestContext,
  ids: number[],
): Promise<Map<number, string>> {
  const params = new SqlParams();
  const idsParam = params.add(ids);
  const scope = ctx.isCompanyWide
    ? 'TRUE'
    : ctx.distributorId !== null
      ? 'FALSE'
      : `(k.region_id IS NULL OR ${scopeCondition(ctx, { region: 'k.region_id' }, params)})`;
  const { rows } = await db.query<{ id: number; channel: string }>(
    `SELECT k.id, k.channel FROM campaigns k WHERE k.id = ANY(${idsParam}::bigint[]) AND ${scope}`,
    params.values,
  );
  return new Map(rows.map((r) => [r.id, r.channel]));
}
