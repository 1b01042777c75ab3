/**
 * Chooses what one source query reads: a rollup when the rollup can answer every measure,
 * dimension and filter of it, else the source's fact rows. The compiler then applies the same
 * scope, range, filters and grouping to either, so the answer is the same (rollups.api.test.ts).
 *
 * Days with pending (dirty) marks are read from the facts, the other days from the rollup, in
 * one statement. Of the two simpler choices, reading the whole range raw would make a live
 * dashboard as slow as without rollups (today is nearly always dirty while orders come in), and
 * refreshing the dirty days first would put writes and lock waits on every read. Reading a few
 * dirty days raw costs about what refreshing them would, and never waits.
 *
 * The returns of orders by order day (customer value's deduction) have a rollup of their own in
 * the 'orders' family, read the same way (orderReturnsSource).
 *
 * Receivables (a snapshot on a day, not daily facts) have a rollup of their own, kept per
 * customer, whose dirty customers the read itself takes from the documents (rollups.receivables.ts).
 */
import type { AnalyticsDimensionName } from '../../../../contracts/analytics-query.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import type { DateRange, DateShift } from '../semantic/semantic.compiler.ts';
import type { BaseMeasure, Dimension, FactSource } from '../semantic/semantic.definitions.ts';
import {
  dimensionKeys,
  orderReturnFactsSql,
  orderReturnsRollup,
  type Rollup,
  type RollupFamily,
  type RollupKey,
  type RollupSum,
  rollups,
} from './rollups.definitions.ts';
import { stockValueReadModel } from './rollups.inventory.ts';
import {
  canReadMonths,
  findMonthlyRollup,
  fullMonthsOf,
  type MonthlyRollup,
  monthlySource,
} from './rollups.monthly.ts';
import {
  RECEIVABLES_ROLLUP_TABLE,
  type ReceivablesRollupKey,
  receivablesRollupMeasures,
  receivablesRollupSource,
} from './rollups.receivables.ts';

/** 'off' reads the facts always (PULSE_ANALYTICS_ROLLUPS=off): to compare, or to rule rollups out. */
export type RollupMode = 'auto' | 'off';

export function rollupMode(): RollupMode {
  return process.env.PULSE_ANALYTICS_ROLLUPS === 'off' ? 'off' : 'auto';
}

export interface ReadModelRequest {
  /**
   * Whose scope the compiler applies: it filters on the region (unless company-wide) and, for a
   * distributor, the customer.
   */
  ctx: Pick<RequestContext, 'distributorId' | 'isCompanyWide'>;
  source: FactSource;
  measures: readonly BaseMeasure[];
  dimensions: readonly Dimension[];
  filters: readonly { dimension: Dimension }[];
  range: DateRange;
  /** How the compiler moves the date keys (a comparison range); the monthly rollup needs to know. */
  shift?: DateShift;
  /**
   * The caller reads each row's own days, not only the keys and sums of the range: customer
   * value reads every month's first and last order day. Without it, a rollup read for a query with
   * no date dimension or filter is summed over the range (summedOverRange).
   */
  readsRowDays?: true;
}

export interface ReadModel {
  source: FactSource;
  measures: BaseMeasure[];
  /** The rollup table read, or null for the facts. */
  rollup: string | null;
  /** The monthly rollup whose whole months are read (the other days from its daily rollup), if any. */
  monthly?: MonthlyRollup;
}

function canAnswer(rollup: Rollup, request: ReadModelRequest): boolean {
  if (rollup.source !== request.source.name) return false;
  if (!request.measures.every((m) => rollup.measures[m.name] !== undefined)) return false;
  // The scope condition (platform/scope.ts) reads the customer of a distributor user's facts.
  if (request.ctx.distributorId !== null && !rollup.keys.includes('customer_id')) return false;
  return [...request.dimensions, ...request.filters.map((f) => f.dimension)].every((d) => {
    const key = dimensionKeys[d.name as AnalyticsDimensionName];
    return key !== undefined && (key === 'day' || rollup.keys.includes(key));
  });
}

/** Whether the receivables rollup answers: open and overdue AR by what the region, customer or rep reach. */
function readsReceivablesRollup(request: ReadModelRequest): boolean {
  if (request.source.name !== 'receivables') return false;
  if (!request.measures.every((m) => receivablesRollupMeasures.has(m.name))) return false;
  return [...request.dimensions, ...request.filters.map((f) => f.dimension)].every((d) => {
    const key = dimensionKeys[d.name as AnalyticsDimensionName];
    return key === 'region_id' || key === 'customer_id' || key === 'rep_id';
  });
}

/** The rollup that answers the request, if any. */
export function findRollup(request: ReadModelRequest): Rollup | null {
  return rollups.find((r) => canAnswer(r, request)) ?? null;
}

/**
 * The rollup's rows as fact rows (`fact_date` and the same column names), with the dirty days
 * of the range replaced by the facts of those days summed on the fly the same way.
 */
export function rollupSource(rollup: Rollup, original: FactSource, dirtyDays: readonly string[]): FactSource {
  const columns = [...rollup.keys, ...rollup.sums.map((s) => s.column)];
  const sql = (asOf: string, param?: (value: unknown) => string): string => {
    const clean = `SELECT r.day AS fact_date, ${columns.map((c) => `r.${c}`).join(', ')} FROM ${rollup.table} r`;
    if (dirtyDays.length === 0) return clean;
    if (!param) throw new Error('a rollup read with dirty days needs query parameters');
    const days = param(dirtyDays);
    const raw = `SELECT f.fact_date, ${[
      ...rollup.keys.map((k) => `f.${k}`),
      ...rollup.sums.map((s) => `(${s.perFact})::${s.type} AS ${s.column}`),
    ].join(', ')}
        FROM (${original.sql(asOf, param)}) f WHERE f.fact_date = ANY(${days}::date[])`;
    return `${clean} WHERE r.day <> ALL(${days}::date[])
      UNION ALL
      ${raw}`;
  };
  return { ...original, sql };
}

/** Dirty days of a rollup family within the range, oldest first. */
async function listDirtyDays(db: Queryable, family: RollupFamily, range: DateRange): Promise<string[]> {
  const { rows } = await db.query<{ days: string[] | null }>(
    `SELECT array_agg(DISTINCT day::text ORDER BY day::text) AS days
       FROM analytics_rollup_dirty_days WHERE family = $1 AND day BETWEEN $2::date AND $3::date`,
    [family, range.from, range.to],
  );
  return rows[0]?.days ?? [];
}

/** The returns of orders as rows of orderReturnFactsSql's columns (fact_date: the order's day). */
export interface OrderReturnsSource {
  sql: (param: (value: unknown) => string) => string;
}

/**
 * The returns of the orders dated in `range`: the returns rollup's rows for its clean days, the
 * documents for the dirty ones (as rollupSource does for the order rollups), or the documents
 * alone when rollups are off. The caller still filters on the order day and the credit date.
 */
export async function orderReturnsSource(
  db: Queryable,
  range: DateRange,
  mode: RollupMode = rollupMode(),
): Promise<OrderReturnsSource> {
  if (mode === 'off') return { sql: () => orderReturnFactsSql };
  const dirtyDays = await listDirtyDays(db, orderReturnsRollup.family, range);
  const sql = (param: (value: unknown) => string) => {
    const clean = `SELECT r.day AS fact_date, r.credit_date, r.region_id, r.customer_id, r.net_cny_fen
      FROM ${orderReturnsRollup.table} r`;
    if (dirtyDays.length === 0) return clean;
    const days = param(dirtyDays);
    return `${clean} WHERE r.day <> ALL(${days}::date[])
      UNION ALL
      SELECT f.fact_date, f.credit_date, f.region_id, f.customer_id, f.net_cny_fen
        FROM (${orderReturnFactsSql}) f WHERE f.fact_date = ANY(${days}::date[])`;
  };
  return { sql };
}

export async function chooseReadModel(
  db: Queryable,
  request: ReadModelRequest,
  mode: RollupMode = rollupMode(),
): Promise<ReadModel> {
  if (mode === 'auto' && readsReceivablesRollup(request))
    return {
      source: await receivablesRollupSource(
        db,
        request.range.to,
        // readsReceivablesRollup admits only dimensions and filters through these keys.
        [
          ...neededKeys([...request.dimensions, ...request.filters.map((f) => f.dimension)], request.ctx),
        ].filter(
          (k): k is ReceivablesRollupKey => k === 'region_id' || k === 'customer_id' || k === 'rep_id',
        ),
      ),
      measures: [...request.measures],
      rollup: RECEIVABLES_ROLLUP_TABLE,
    };
  if (mode === 'auto' && request.source.name === 'inventory_days') {
    const stock = await stockValueReadModel(db, request);
    if (stock) return stock;
  }
  const rollup = mode === 'auto' ? findRollup(request) : null;
  if (!rollup) return { source: request.source, measures: [...request.measures], rollup: null };
  const dirtyDays = await listDirtyDays(db, rollup.family, request.range);
  const daily = rollupSource(rollup, request.source, dirtyDays);
  const measures = request.measures.map((m) => ({ ...m, aggregate: rollup.measures[m.name]! }));
  const months = fullMonthsOf(request.range);
  const used = [...request.dimensions, ...request.filters.map((f) => f.dimension)];
  // What the rows must keep: the keys of the dimensions, filters and scope, and those a measure
  // reads (active customers count distinct customer ids).
  const measureKeys = rollup.keys.filter((k) => measures.some((m) => m.aggregate.includes(`x.${k}`)));
  const keys = new Set([...neededKeys(used, request.ctx), ...measureKeys]);
  const monthly =
    months !== null && request.shift !== undefined && canReadMonths(used, request.shift)
      ? findMonthlyRollup(rollup.table, keys)
      : null;
  const source = monthly && months ? monthlySource(monthly, daily, request.range, months, dirtyDays) : daily;
  const isSummable =
    !request.readsRowDays && used.every((d) => dimensionKeys[d.name as AnalyticsDimensionName] !== 'day');
  return {
    source: isSummable ? summedOverRange(source, [...keys], rollup.sums, request.range) : source,
    measures,
    rollup: monthly?.table ?? rollup.table,
    ...(monthly ? { monthly } : {}),
  };
}

/**
 * A rollup read summed per key over the whole range, each row dated on the range's first day:
 * for a query without a date dimension or filter, whose groups and totals are sums over the range
 * anyway (every rollup measure sums its columns, or counts distinct values of a key, which is
 * kept). Only the keys the query reaches its dimensions, filters, scope and measures through are
 * kept, so the compiler joins names to and groups one row per key combination rather than one
 * per key and day or month: a year by customer joins 4,000 rows instead of 41,000.
 */
function summedOverRange(
  source: FactSource,
  keys: readonly RollupKey[],
  sums: readonly RollupSum[],
  range: DateRange,
): FactSource {
  const sql = (asOf: string, param?: (value: unknown) => string): string => {
    if (!param) throw new Error('a rollup read summed over a range needs query parameters');
    const from = `${param(range.from)}::date`;
    const grouped = keys.map((k) => `g.${k}`);
    return `SELECT ${[`${from} AS fact_date`, ...grouped, ...sums.map((s) => `sum(g.${s.column})::${s.type} AS ${s.column}`)].join(', ')}
      FROM (${source.sql(asOf, param)}) g
     WHERE g.fact_date BETWEEN ${from} AND ${param(range.to)}::date
     ${grouped.length > 0 ? `GROUP BY ${grouped.join(', ')}` : ''}`;
  };
  return { ...source, sql };
}

/**
 * The rollup keys the dimensions and filters reach their values through, and those the scope
 * condition reads (platform/scope.ts): the region unless the user is company-wide, the customer
 * for a distributor user.
 */
function neededKeys(dimensions: readonly Dimension[], ctx: ReadModelRequest['ctx']): Set<RollupKey> {
  const keys = new Set<RollupKey>();
  if (!ctx.isCompanyWide || ctx.distributorId !== null) keys.add('region_id');
  if (ctx.distributorId !== null) keys.add('customer_id');
  for (const d of dimensions) {
    const key = dimensionKeys[d.name as AnalyticsDimensionName];
    if (key !== undefined && key !== 'day') keys.add(key);
  }
  return keys;
}
