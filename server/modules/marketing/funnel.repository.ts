/** Set-based reads of the funnel, over the crm_deals view (one row per deal, DOMAIN §7). */
import type { AnalysisFilters } from '../../../contracts/marketing.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { SqlParams } from '../../platform/sql.ts';
import type { FunnelStage } from './attribution.rules.ts';
import { inRegionSubtree } from './marketing.sql.ts';

type DealFilters = Omit<AnalysisFilters, 'from' | 'to'>;

function dealConditions(ctx: RequestContext, filters: DealFilters, params: SqlParams): string[] {
  const conditions = [scopeCondition(ctx, { region: 'd.region_id', customer: 'd.customer_id' }, params)];
  if (filters.regionId) conditions.push(inRegionSubtree('d.region_id', filters.regionId, params));
  if (filters.ownerId) conditions.push(`d.owner_id = ${params.add(filters.ownerId)}`);
  if (filters.channel) conditions.push(`d.channel = ${params.add(filters.channel)}`);
  if (filters.campaignId) conditions.push(`d.campaign_id = ${params.add(filters.campaignId)}`);
  return conditions;
}

/** How many deals started in each window got to each furthest stage. */
export async function countFurthestStages(
  db: Queryable,
  ctx: RequestContext,
  filters: DealFilters,
  windows: readonly { from: string; to: string }[],
): Promise<{ window: number; stage: FunnelStage; deals: number }[]> {
  const params = new SqlParams();
  const conditions = dealConditions(ctx, filters, params);
  const { rows } = await db.query<{ window: number; stage: FunnelStage; deals: number }>(
    `SELECT w.k AS window, d.furthest_stage AS stage, count(*)::int AS deals
       FROM unnest(${params.add(windows.map((_, i) => i))}::int[], ${params.add(windows.map((w) => w.from))}::date[],
                   ${params.add(windows.map((w) => w.to))}::date[]) AS w(k, f, t)
       JOIN crm_deals d ON d.started_on BETWEEN w.f AND w.t
      WHERE ${conditions.join(' AND ')}
      GROUP BY w.k, d.furthest_stage`,
    params.values,
  );
  return rows;
}

/**
 * Average whole days spent in each stage by the deals started in the period, from their stage
 * history; only stays that ended count (a stage still occupied has no length yet).
 */
export async function averageDaysInStages(
  db: Queryable,
  ctx: RequestContext,
  filters: AnalysisFilters,
): Promise<Map<FunnelStage, number>> {
  const params = new SqlParams();
  const conditions = dealConditions(ctx, filters, params);
  conditions.push(
    `d.started_on BETWEEN ${params.add(filters.from)}::date AND ${params.add(filters.to)}::date`,
  );
  conditions.push('d.opportunity_id IS NOT NULL');
  const { rows } = await db.query<{ stage: FunnelStage; days: number }>(
    `SELECT x.stage, avg(x.next_on - x.entered_on)::float8 AS days
       FROM (SELECT h.stage, h.entered_on,
                    lead(h.entered_on) OVER (PARTITION BY h.opportunity_id ORDER BY h.entered_at, h.id) AS next_on
               FROM opportunity_stage_history h
              WHERE h.opportunity_id IN (SELECT d.opportunity_id FROM crm_deals d WHERE ${conditions.join(' AND ')})) x
      WHERE x.next_on IS NOT NULL AND x.stage <> 'lost'
      GROUP BY x.stage`,
    params.values,
  );
  return new Map(rows.map((r) => [r.stage, r.days]));
}

export interface ClosingFacts {
  won: number;
  lost: number;
  open: number;
  averageWonDealFen: number | null;
  averageCycleDays: number | null;
}

/**
 * Opportunities won and lost in the period, the average won amount and cycle (created → won,
 * DOMAIN §8), and how many were open at the period's end.
 */
export async function readClosingFacts(
  db: Queryable,
  ctx: RequestContext,
  filters: AnalysisFilters,
): Promise<ClosingFacts> {
  const params = new SqlParams();
  const conditions = dealConditions(ctx, filters, params);
  conditions.push('d.opportunity_id IS NOT NULL');
  const from = params.add(filters.from);
  const to = params.add(filters.to);
  const isWon = `d.won_on BETWEEN ${from}::date AND ${to}::date`;
  const { rows } = await db.query<ClosingFacts>(
    `SELECT count(*) FILTER (WHERE ${isWon})::int AS won,
            count(*) FILTER (WHERE d.lost_on BETWEEN ${from}::date AND ${to}::date)::int AS lost,
            count(*) FILTER (WHERE d.opportunity_created_on <= ${to}::date
                               AND (d.won_on IS NULL OR d.won_on > ${to}::date)
                               AND (d.lost_on IS NULL OR d.lost_on > ${to}::date))::int AS open,
            (avg(d.amount_fen) FILTER (WHERE ${isWon}))::float8 AS "averageWonDealFen",
            (avg(d.won_on - d.opportunity_created_on) FILTER (WHERE ${isWon}))::float8 AS "averageCycleDays"
       FROM crm_deals d WHERE ${conditions.join(' AND ')}`,
    params.values,
  );
  return rows[0]!;
}

export async function countLostReasons(
  db: Queryable,
  ctx: RequestContext,
  filters: AnalysisFilters,
): Promise<{ reason: string; count: number }[]> {
  const params = new SqlParams();
  const conditions = dealConditions(ctx, filters, params);
  conditions.push(`d.lost_on BETWEEN ${params.add(filters.from)}::date AND ${params.add(filters.to)}::date`);
  const { rows } = await db.query<{ reason: string; count: number }>(
    `SELECT d.lost_reason AS reason, count(*)::int AS count FROM crm_deals d
      WHERE ${conditions.join(' AND ')} GROUP BY d.lost_reason ORDER BY count(*) DESC, d.lost_reason`,
    params.values,
  );
  return rows;
}

export type BreakdownDimension = 'region' | 'owner' | 'channel' | 'campaign' | 'month';

const groupKeys: Record<BreakdownDimension, { key: string; label: string; joins: string }> = {
  // Regions roll up to their sales region (大区).
  region: {
    key: "coalesce(sr.id::text, 'none')",
    label: "coalesce(srr.name_zh, '—')",
    joins: `LEFT JOIN (WITH RECURSIVE up(start_id, id, parent_id, level) AS (
                         SELECT id, id, parent_id, level FROM regions
                         UNION ALL SELECT up.start_id, r.id, r.parent_id, r.level
                           FROM up JOIN regions r ON r.id = up.parent_id WHERE up.level NOT IN ('sales_region', 'country'))
                       SELECT start_id, id FROM up WHERE level IN ('sales_region', 'country')) sr ON sr.start_id = d.region_id
            LEFT JOIN regions srr ON srr.id = sr.id`,
  },
  owner: {
    key: "coalesce(d.owner_id::text, 'none')",
    label: "coalesce(u.display_name, '—')",
    joins: 'LEFT JOIN users u ON u.id = d.owner_id',
  },
  channel: { key: "coalesce(d.channel, 'none')", label: "coalesce(d.channel, '—')", joins: '' },
  campaign: {
    key: "coalesce(d.campaign_id::text, 'none')",
    label: "coalesce(c.name, '—')",
    joins: 'LEFT JOIN campaigns c ON c.id = d.campaign_id',
  },
  month: { key: "to_char(d.started_on, 'YYYY-MM')", label: "to_char(d.started_on, 'YYYY-MM')", joins: '' },
};

/** Deals started in the period per group and furthest stage, with how many of them are won and lost. */
export async function countByGroup(
  db: Queryable,
  ctx: RequestContext,
  filters: AnalysisFilters,
  by: BreakdownDimension,
): Promise<{ key: string; label: string; stage: FunnelStage; deals: number; won: number; lost: number }[]> {
  const params = new SqlParams();
  const conditions = dealConditions(ctx, filters, params);
  conditions.push(
    `d.started_on BETWEEN ${params.add(filters.from)}::date AND ${params.add(filters.to)}::date`,
  );
  const group = groupKeys[by];
  const { rows } = await db.query<{
    key: string;
    label: string;
    stage: FunnelStage;
    deals: number;
    won: number;
    lost: number;
  }>(
    `SELECT ${group.key} AS key, ${group.label} AS label, d.furthest_stage AS stage, count(*)::int AS deals,
            count(*) FILTER (WHERE d.stage IN ('won', 'paid'))::int AS won,
            count(*) FILTER (WHERE d.stage = 'lost')::int AS lost
       FROM crm_deals d ${group.joins}
      WHERE ${conditions.join(' AND ')}
      GROUP BY 1, 2, 3 ORDER BY 1`,
    params.values,
  );
  return rows;
}
