import type { Opportunity, OpportunityListQuery } from '../../../contracts/crm.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import { inRegionSubtree } from './crm.sql.ts';

const columns = `o.id, o.number, o.name, o.customer_id AS "customerId", c.name AS "customerName",
  o.region_id AS "regionId", r.name_zh AS "regionName", o.lead_id AS "leadId", l.code AS "leadCode",
  o.owner_id AS "ownerId", u.display_name AS "ownerName", o.campaign_id AS "campaignId", k.name AS "campaignName",
  o.channel, o.stage, o.furthest_stage AS "furthestStage", o.lost_reason AS "lostReason", o.lost_note AS "lostNote",
  o.amount_fen AS "amountFen", to_char(o.expected_close_date, 'YYYY-MM-DD') AS "expectedCloseDate",
  o.tender_number AS "tenderNumber", o.tender_budget_fen AS "tenderBudgetFen",
  to_char(o.tender_deadline, 'YYYY-MM-DD') AS "tenderDeadline",
  o.quote_id AS "quoteId", q.number AS "quoteNumber", o.contract_id AS "contractId", sc.number AS "contractNumber",
  o.order_id AS "orderId", so.number AS "orderNumber",
  to_char(o.created_on, 'YYYY-MM-DD') AS "createdOn", to_char(o.won_on, 'YYYY-MM-DD') AS "wonOn",
  to_char(o.paid_on, 'YYYY-MM-DD') AS "paidOn", to_char(o.lost_on, 'YYYY-MM-DD') AS "lostOn",
  coalesce((SELECT json_agg(json_build_object('productId', p.id, 'productName', p.name_zh, 'quantity', op.quantity,
                                              'amountFen', op.amount_fen) ORDER BY p.id)
              FROM opportunity_products op JOIN products p ON p.id = op.product_id
             WHERE op.opportunity_id = o.id), '[]'::json) AS products,
  o.version, to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

const from = `opportunities o JOIN customers c ON c.id = o.customer_id JOIN regions r ON r.id = o.region_id
  LEFT JOIN leads l ON l.id = o.lead_id LEFT JOIN users u ON u.id = o.owner_id
  LEFT JOIN campaigns k ON k.id = o.campaign_id LEFT JOIN quotes q ON q.id = o.quote_id
  LEFT JOIN sales_contracts sc ON sc.id = o.contract_id LEFT JOIN sales_orders so ON so.id = o.order_id`;

const sortable: Record<string, string> = {
  number: 'o.number',
  name: 'o.name',
  customer: 'c.name',
  stage: 'o.stage',
  amountFen: 'o.amount_fen',
  expectedCloseDate: 'o.expected_close_date',
  owner: 'u.display_name',
  createdOn: 'o.created_on',
  updatedAt: 'o.updated_at',
};

export function opportunityScope(ctx: RequestContext, params: SqlParams): string {
  return scopeCondition(ctx, { region: 'o.region_id', customer: 'o.customer_id' }, params);
}

function whereClause(ctx: RequestContext, query: Partial<OpportunityListQuery>, params: SqlParams): string {
  const conditions = [opportunityScope(ctx, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(
      `(o.name ILIKE ${pattern} OR o.number ILIKE ${pattern} OR c.name ILIKE ${pattern} OR o.tender_number ILIKE ${pattern})`,
    );
  }
  if (query.stage) conditions.push(`o.stage = ${params.add(query.stage)}`);
  if (query.isOpen !== undefined) {
    conditions.push(`o.stage ${query.isOpen ? '' : 'NOT '}IN ('opportunity', 'quote', 'contract')`);
  }
  if (query.ownerId) conditions.push(`o.owner_id = ${params.add(query.ownerId)}`);
  if (query.customerId) conditions.push(`o.customer_id = ${params.add(query.customerId)}`);
  if (query.campaignId) conditions.push(`o.campaign_id = ${params.add(query.campaignId)}`);
  if (query.regionId) conditions.push(inRegionSubtree('o.region_id', query.regionId, params));
  return conditions.join(' AND ');
}

export async function listOpportunities(
  db: Queryable,
  ctx: RequestContext,
  query: OpportunityListQuery,
  maxPageSize: number,
): Promise<{ items: Opportunity[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'o.updated_at DESC, o.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<Opportunity>(`SELECT ${columns} FROM ${from} WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM opportunities o JOIN customers c ON c.id = o.customer_id WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function listOpportunitiesForExport(
  db: Queryable,
  ctx: RequestContext,
  query: Partial<OpportunityListQuery>,
  limit: number,
): Promise<Opportunity[]> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'o.updated_at DESC, o.id DESC');
  const { rows } = await db.query<Opportunity>(
    `SELECT ${columns} FROM ${from} WHERE ${where} ${order} LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  return rows;
}

/** One opportunity in the caller's scope (null ctx: any, for system work such as the paid event). */
export async function findOpportunity(
  db: Queryable,
  ctx: RequestContext | null,
  id: number,
  lock = false,
): Promise<Opportunity | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const scope = ctx ? opportunityScope(ctx, params) : 'TRUE';
  const { rows } = await db.query<Opportunity>(
    `SELECT ${columns} FROM ${from} WHERE o.id = ${idParam} AND ${scope}${lock ? ' FOR UPDATE OF o' : ''}`,
    params.values,
  );
  return rows[0];
}

export interface NewOpportunity {
  number: string;
  name: string;
  customerId: number;
  regionId: number;
  leadId: number | null;
  ownerId: number | null;
  campaignId: number | null;
  channel: string | null;
  amountFen: number;
  expectedCloseDate: string | null;
  tenderNumber: string | null;
  tenderBudgetFen: number | null;
  tenderDeadline: string | null;
  createdOn: string;
  createdBy: number | null;
}

const insertColumns: Record<keyof NewOpportunity, string> = {
  number: 'number',
  name: 'name',
  customerId: 'customer_id',
  regionId: 'region_id',
  leadId: 'lead_id',
  ownerId: 'owner_id',
  campaignId: 'campaign_id',
  channel: 'channel',
  amountFen: 'amount_fen',
  expectedCloseDate: 'expected_close_date',
  tenderNumber: 'tender_number',
  tenderBudgetFen: 'tender_budget_fen',
  tenderDeadline: 'tender_deadline',
  createdOn: 'created_on',
  createdBy: 'created_by',
};

export async function insertOpportunity(db: Queryable, input: NewOpportunity): Promise<number> {
  const keys = Object.keys(insertColumns) as (keyof NewOpportunity)[];
  const params = new SqlParams();
  const values = keys.map((k) => params.add(input[k]));
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO opportunities (${keys.map((k) => insertColumns[k]).join(', ')}) VALUES (${values.join(', ')})
     RETURNING id`,
    params.values,
  );
  return rows[0]!.id;
}

export async function replaceProducts(
  db: Queryable,
  opportunityId: number,
  products: readonly { productId: number; quantity: number; amountFen: number }[],
): Promise<void> {
  await db.query('DELETE FROM opportunity_products WHERE opportunity_id = $1', [opportunityId]);
  if (products.length === 0) return;
  await db.query(
    `INSERT INTO opportunity_products (opportunity_id, product_id, quantity, amount_fen)
     SELECT $1, p, q, a FROM unnest($2::bigint[], $3::int[], $4::bigint[]) AS x(p, q, a)`,
    [
      opportunityId,
      products.map((p) => p.productId),
      products.map((p) => p.quantity),
      products.map((p) => p.amountFen),
    ],
  );
}

export type OpportunityChanges = Partial<{
  name: string;
  ownerId: number | null;
  campaignId: number | null;
  channel: string | null;
  amountFen: number;
  expectedCloseDate: string | null;
  tenderNumber: string | null;
  tenderBudgetFen: number | null;
  tenderDeadline: string | null;
  stage: string;
  furthestStage: string;
  lostReason: string | null;
  lostNote: string | null;
  quoteId: number | null;
  contractId: number | null;
  orderId: number | null;
  wonOn: string | null;
  paidOn: string | null;
  lostOn: string | null;
}>;

const changeColumns: Record<keyof OpportunityChanges, string> = {
  name: 'name',
  ownerId: 'owner_id',
  campaignId: 'campaign_id',
  channel: 'channel',
  amountFen: 'amount_fen',
  expectedCloseDate: 'expected_close_date',
  tenderNumber: 'tender_number',
  tenderBudgetFen: 'tender_budget_fen',
  tenderDeadline: 'tender_deadline',
  stage: 'stage',
  furthestStage: 'furthest_stage',
  lostReason: 'lost_reason',
  lostNote: 'lost_note',
  quoteId: 'quote_id',
  contractId: 'contract_id',
  orderId: 'order_id',
  wonOn: 'won_on',
  paidOn: 'paid_on',
  lostOn: 'lost_on',
};

export async function updateOpportunity(
  db: Queryable,
  id: number,
  version: number,
  changes: OpportunityChanges,
): Promise<boolean> {
  const params = new SqlParams();
  const sets: string[] = [];
  for (const [key, column] of Object.entries(changeColumns) as [keyof OpportunityChanges, string][]) {
    if (changes[key] !== undefined) sets.push(`${column} = ${params.add(changes[key])}`);
  }
  const { rowCount } = await db.query(
    `UPDATE opportunities SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
      WHERE id = ${params.add(id)} AND version = ${params.add(version)}`,
    params.values,
  );
  return rowCount === 1;
}

export interface HistoryEntry {
  stage: string;
  enteredAt: string | null;
  lostReason?: string | null;
  note?: string | null;
  changedBy: number | null;
}

/** Appends stage history; `enteredAt` null = now. The business date is the company zone's. */
export async function insertHistory(db: Queryable, opportunityId: number, entries: readonly HistoryEntry[]) {
  await db.query(
    `INSERT INTO opportunity_stage_history (opportunity_id, stage, entered_at, entered_on, lost_reason, note, changed_by)
     SELECT $1, stage, coalesce(at, now()), (coalesce(at, now()) AT TIME ZONE 'Asia/Shanghai')::date, reason, note, by
       FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY
            AS x(stage, at, reason, note, by, ord)
      ORDER BY ord`,
    [
      opportunityId,
      entries.map((e) => e.stage),
      entries.map((e) => e.enteredAt),
      entries.map((e) => e.lostReason ?? null),
      entries.map((e) => e.note ?? null),
      entries.map((e) => e.changedBy),
    ],
  );
}

export async function listHistory(db: Queryable, opportunityId: number) {
  const { rows } = await db.query<{
    stage: string;
    at: string;
    lostReason: string | null;
    note: string | null;
    by: string | null;
  }>(
    `SELECT h.stage, to_char(h.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at,
            h.lost_reason AS "lostReason", h.note, u.display_name AS by
       FROM opportunity_stage_history h LEFT JOIN users u ON u.id = h.changed_by
      WHERE h.opportunity_id = $1 ORDER BY h.entered_at, h.id`,
    [opportunityId],
  );
  return rows;
}

/** Touches of the opportunity's lead and customer, for the timeline. */
export async function listTouchesForTimeline(db: Queryable, leadId: number | null, customerId: number) {
  const { rows } = await db.query<{
    at: string;
    kind: string;
    campaign: string;
    channel: string;
    note: string | null;
  }>(
    `SELECT to_char(t.touched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, t.kind, k.name AS campaign,
            t.channel, t.note
       FROM touches t JOIN campaigns k ON k.id = t.campaign_id
      WHERE t.customer_id = $2 OR ($1::bigint IS NOT NULL AND t.lead_id = $1)
      ORDER BY t.touched_at, t.id LIMIT 500`,
    [leadId, customerId],
  );
  return rows;
}

/** A sales document (quote, contract or order) of this customer, with its state. */
export async function findSalesDocument(
  db: Queryable,
  kind: 'quote' | 'contract' | 'order',
  id: number,
): Promise<{ id: number; customerId: number; status: string } | undefined> {
  const table = { quote: 'quotes', contract: 'sales_contracts', order: 'sales_orders' }[kind];
  const { rows } = await db.query<{ id: number; customerId: number; status: string }>(
    `SELECT id, customer_id AS "customerId", status FROM ${table} WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** Whether every invoice of the order is settled (there is at least one, none cancelled counts). */
export async function isOrderSettled(
  db: Queryable,
  orderId: number,
): Promise<{ settled: boolean; on: string | null }> {
  const { rows } = await db.query<{ settled: boolean; on: string | null }>(
    `SELECT count(*) > 0 AND bool_and(i.open_amount = 0) AS settled,
            to_char(max(coalesce((SELECT max(a.allocated_on) FROM allocations a WHERE a.invoice_id = i.id), i.invoice_date)),
                    'YYYY-MM-DD') AS "on"
       FROM invoices i WHERE i.order_id = $1 AND i.status <> 'cancelled'`,
    [orderId],
  );
  return { settled: rows[0]?.settled === true, on: rows[0]?.on ?? null };
}

/** Won opportunities linked to the order of this invoice (for the invoice.paid reaction). */
export async function findWonOpportunitiesOfInvoice(db: Queryable, invoiceId: number) {
  const { rows } = await db.query<{ id: number; orderId: number; version: number }>(
    `SELECT o.id, o.order_id AS "orderId", o.version FROM opportunities o
       JOIN invoices i ON i.order_id = o.order_id
      WHERE i.id = $1 AND o.stage = 'won'`,
    [invoiceId],
  );
  return rows;
}

export async function findProductsExisting(db: Queryable, ids: number[]): Promise<Set<number>> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM products WHERE id = ANY($1::bigint[])', [
    ids,
  ]);
  return new Set(rows.map((r) => r.id));
}
