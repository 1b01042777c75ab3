import type {
  Campaign,
  CampaignCost,
  CampaignListQuery,
  CreateAfterSalesCostRequest,
  CreateCampaignCostRequest,
  CreateCampaignRequest,
  CreateSalesSpendRequest,
} from '../../../contracts/marketing.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import { type ColumnMap, insertRow, updateVersionedRow } from '../../platform/writes.ts';
import { campaignScope, inRegionSubtree } from './marketing.sql.ts';

const columns = `c.id, c.code, c.name, c.type, c.channel, c.region_id AS "regionId", r.name_zh AS "regionName",
  to_char(c.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(c.ends_on, 'YYYY-MM-DD') AS "endsOn",
  c.budget_fen AS "budgetFen", c.utm_source AS "utmSource", c.utm_medium AS "utmMedium",
  c.utm_campaign AS "utmCampaign", c.owner_id AS "ownerId", u.display_name AS "ownerName", c.note,
  coalesce((SELECT sum(amount_fen) FROM campaign_costs cc WHERE cc.campaign_id = c.id), 0)::bigint AS "costFen",
  (SELECT count(*) FROM leads l WHERE l.campaign_id = c.id)::int AS leads,
  (SELECT count(*) FROM touches t WHERE t.campaign_id = c.id)::int AS touches,
  c.version, to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

const from = 'campaigns c LEFT JOIN regions r ON r.id = c.region_id LEFT JOIN users u ON u.id = c.owner_id';

const sortable: Record<string, string> = {
  code: 'c.code',
  name: 'c.name',
  type: 'c.type',
  channel: 'c.channel',
  startsOn: 'c.starts_on',
  endsOn: 'c.ends_on',
  budgetFen: 'c.budget_fen',
  updatedAt: 'c.updated_at',
};

function whereClause(ctx: RequestContext, query: Partial<CampaignListQuery>, params: SqlParams): string {
  const conditions = [campaignScope(ctx, 'c.region_id', params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(
      `(c.name ILIKE ${pattern} OR c.code ILIKE ${pattern} OR c.utm_campaign ILIKE ${pattern})`,
    );
  }
  if (query.type) conditions.push(`c.type = ${params.add(query.type)}`);
  if (query.channel) conditions.push(`c.channel = ${params.add(query.channel)}`);
  if (query.regionId) conditions.push(inRegionSubtree('c.region_id', query.regionId, params));
  if (query.activeOn) {
    const day = params.add(query.activeOn);
    conditions.push(`c.starts_on <= ${day}::date AND c.ends_on >= ${day}::date`);
  }
  return conditions.join(' AND ');
}

export async function listCampaigns(
  db: Queryable,
  ctx: RequestContext,
  query: CampaignListQuery,
  maxPageSize: number,
): Promise<{ items: Campaign[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'c.starts_on DESC, c.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<Campaign>(`SELECT ${columns} FROM ${from} WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function listCampaignsForExport(
  db: Queryable,
  ctx: RequestContext,
  query: Partial<CampaignListQuery>,
  limit: number,
): Promise<Campaign[]> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'c.starts_on DESC, c.id DESC');
  const { rows } = await db.query<Campaign>(
    `SELECT ${columns} FROM ${from} WHERE ${where} ${order} LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  return rows;
}

export async function findCampaign(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<Campaign | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const scope = campaignScope(ctx, 'c.region_id', params);
  const { rows } = await db.query<Campaign>(
    `SELECT ${columns} FROM ${from} WHERE c.id = ${idParam} AND ${scope}${lock ? ' FOR UPDATE OF c' : ''}`,
    params.values,
  );
  return rows[0];
}

const writable = {
  code: 'code',
  name: 'name',
  type: 'type',
  channel: 'channel',
  regionId: 'region_id',
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  budgetFen: 'budget_fen',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  ownerId: 'owner_id',
  note: 'note',
} as const satisfies ColumnMap<CreateCampaignRequest>;

export function insertCampaign(db: Queryable, input: CreateCampaignRequest): Promise<number> {
  return insertRow(db, 'campaigns', writable, input);
}

export function updateCampaign(
  db: Queryable,
  id: number,
  version: number,
  changes: Partial<CreateCampaignRequest>,
): Promise<boolean> {
  return updateVersionedRow(db, 'campaigns', writable, id, version, changes);
}

export async function deleteCampaign(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM campaign_costs WHERE campaign_id = $1', [id]);
  await db.query('DELETE FROM campaigns WHERE id = $1', [id]);
}

const costColumns = `k.id, k.campaign_id AS "campaignId", to_char(k.cost_date, 'YYYY-MM-DD') AS "costDate", k.category,
  k.amount_fen AS "amountFen", k.note, u.display_name AS "createdByName",
  to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;

export async function listCosts(db: Queryable, campaignId: number): Promise<CampaignCost[]> {
  const { rows } = await db.query<CampaignCost>(
    `SELECT ${costColumns} FROM campaign_costs k LEFT JOIN users u ON u.id = k.created_by
      WHERE k.campaign_id = $1 ORDER BY k.cost_date, k.id`,
    [campaignId],
  );
  return rows;
}

export async function findCost(db: Queryable, campaignId: number, costId: number) {
  const { rows } = await db.query<CampaignCost>(
    `SELECT ${costColumns} FROM campaign_costs k LEFT JOIN users u ON u.id = k.created_by
      WHERE k.campaign_id = $1 AND k.id = $2`,
    [campaignId, costId],
  );
  return rows[0];
}

export function insertCost(
  db: Queryable,
  campaignId: number,
  input: CreateCampaignCostRequest,
  userId: number | null,
): Promise<number> {
  return insertRow(
    db,
    'campaign_costs',
    {
      campaignId: 'campaign_id',
      costDate: 'cost_date',
      category: 'category',
      amountFen: 'amount_fen',
      note: 'note',
      createdBy: 'created_by',
    },
    { ...input, campaignId, createdBy: userId },
  );
}

export async function deleteCost(db: Queryable, campaignId: number, costId: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM campaign_costs WHERE campaign_id = $1 AND id = $2', [
    campaignId,
    costId,
  ]);
  return rowCount === 1;
}

export interface SalesSpendRow {
  id: number;
  spendDate: string;
  regionId: number | null;
  category: CreateSalesSpendRequest['category'];
  amountFen: number;
  note: string | null;
}

export async function listSalesSpend(
  db: Queryable,
  ctx: RequestContext,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<SalesSpendRow[]> {
  const params = new SqlParams();
  const conditions = [campaignScope(ctx, 's.region_id', params)];
  if (range.from) conditions.push(`s.spend_date >= ${params.add(range.from)}::date`);
  if (range.to) conditions.push(`s.spend_date <= ${params.add(range.to)}::date`);
  const { rows } = await db.query<SalesSpendRow>(
    `SELECT s.id, to_char(s.spend_date, 'YYYY-MM-DD') AS "spendDate", s.region_id AS "regionId", s.category,
            s.amount_fen AS "amountFen", s.note
       FROM sales_spend s WHERE ${conditions.join(' AND ')} ORDER BY s.spend_date, s.id`,
    params.values,
  );
  return rows;
}

export function insertSalesSpend(
  db: Queryable,
  input: CreateSalesSpendRequest,
  userId: number | null,
): Promise<number> {
  return insertRow(
    db,
    'sales_spend',
    {
      spendDate: 'spend_date',
      regionId: 'region_id',
      category: 'category',
      amountFen: 'amount_fen',
      note: 'note',
      createdBy: 'created_by',
    },
    { ...input, createdBy: userId },
  );
}

/** The order's region and customer, for the scope check of an after-sales cost. */
export async function findOrderRef(db: Queryable, orderId: number) {
  const { rows } = await db.query<{ id: number; regionId: number; customerId: number; status: string }>(
    `SELECT id, region_id AS "regionId", customer_id AS "customerId", status FROM sales_orders WHERE id = $1`,
    [orderId],
  );
  return rows[0];
}

export function insertAfterSalesCost(
  db: Queryable,
  input: CreateAfterSalesCostRequest,
  userId: number | null,
): Promise<number> {
  return insertRow(
    db,
    'after_sales_costs',
    {
      orderId: 'order_id',
      costDate: 'cost_date',
      kind: 'kind',
      amountFen: 'amount_fen',
      note: 'note',
      createdBy: 'created_by',
    },
    { ...input, createdBy: userId },
  );
}
