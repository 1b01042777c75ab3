/**
 * Pure rules of the sales overview: the period and its year-earlier twin, the months of a
 * period, year-over-year changes and ratios, and how the region tree is cut for the
 * region chart and its drill-down.
 */
import type { RegionRef } from '../../../../contracts/analytics.ts';
import { daysBetween, isIsoDate } from '../../../platform/dates.ts';
import { AppError } from '../../../platform/errors.ts';
import type { Lang } from '../../../platform/i18n.ts';

export interface Period {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
}

/** Longest period the overview answers for: three years (one leap day included). */
export const MAX_PERIOD_DAYS = 3 * 365 + 1;

/** The same calendar date a year earlier; 29 February becomes 28 February. */
export function yearBefore(date: string): string {
  const year = Number(date.slice(0, 4)) - 1;
  const monthDay = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

function periodError(lang: Lang, field: 'from' | 'to', en: string, zh: string): AppError {
  return new AppError('INVALID_PERIOD', { detail: lang === 'en' ? en : zh }, { field });
}

function checkedDate(value: string | undefined, field: 'from' | 'to', lang: Lang): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isIsoDate(value)) {
    throw periodError(
      lang,
      field,
      `${field} "${value}" is not a calendar date (YYYY-MM-DD)`,
      `${field === 'from' ? '开始日期' : '结束日期'}“${value}”不是有效日期（YYYY-MM-DD）`,
    );
  }
  return value;
}

/**
 * The period asked for, with defaults: `to` is today's business date, `from` the first of
 * January of `to`'s year (year to date). The comparison period is the same dates a year earlier.
 */
export function resolvePeriod(input: { from?: string; to?: string }, today: string, lang: Lang): Period {
  const to = checkedDate(input.to, 'to', lang) ?? today;
  const from = checkedDate(input.from, 'from', lang) ?? `${to.slice(0, 4)}-01-01`;
  if (from > to) {
    throw periodError(
      lang,
      'to',
      `the period ends (${to}) before it starts (${from})`,
      `结束日期（${to}）早于开始日期（${from}）`,
    );
  }
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) {
    throw periodError(lang, 'to', 'the period may be at most three years long', '期间最长为三年');
  }
  return { from, to, previousFrom: yearBefore(from), previousTo: yearBefore(to) };
}

/** Every month the period touches, as YYYY-MM, in order. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key >= last) return months;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** '2026-03' → '2025-03'. */
export function monthYearBefore(month: string): string {
  return `${String(Number(month.slice(0, 4)) - 1).padStart(4, '0')}${month.slice(4)}`;
}

/** (current − previous) ÷ |previous| as a fraction; null when there is nothing to compare with. */
export function changeRate(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/** Gross margin as a fraction; null unless revenue is positive (a margin on a net credit means nothing). */
export function marginRate(grossProfit: number, revenue: number): number | null {
  return revenue > 0 ? grossProfit / revenue : null;
}

/** Difference of two rates in fraction points; null when either is missing. */
export function changePoints(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : current - previous;
}

/** total ÷ count in whole fen, rounded half away from zero, on integers; null for no orders. */
export function averageFen(totalFen: number, count: number): number | null {
  if (count === 0) return null;
  const total = BigInt(totalFen);
  const magnitude = total < 0n ? -total : total;
  const rounded = (magnitude * 2n + BigInt(count)) / (BigInt(count) * 2n);
  return Number(total < 0n ? -rounded : rounded);
}

/** The day `asOf` for receivables: the period's last day, but never after today. */
export function receivablesAsOf(period: Period, today: string): string {
  return period.to < today ? period.to : today;
}

// ---------------------------------------------------------------------------------------
// The region tree

export interface RegionRow extends RegionRef {
  parentId: number | null;
}

export interface RegionIndex {
  byId: Map<number, RegionRow>;
  children: Map<number, number[]>;
}

export function indexRegions(rows: readonly RegionRow[]): RegionIndex {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = new Map<number, number[]>();
  for (const row of rows) {
    if (row.parentId === null || !byId.has(row.parentId)) continue;
    const list = children.get(row.parentId) ?? [];
    list.push(row.id);
    children.set(row.parentId, list);
  }
  return { byId, children };
}

/** The region and everything below it. */
export function subtreeOf(index: RegionIndex, regionId: number): number[] {
  const result: number[] = [];
  const pending = [regionId];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (!index.byId.has(id)) continue;
    result.push(id);
    pending.push(...(index.children.get(id) ?? []));
  }
  return result;
}

/** Root (country) first, the region itself last. */
function ancestry(index: RegionIndex, regionId: number): RegionRow[] {
  const path: RegionRow[] = [];
  const seen = new Set<number>();
  let current = index.byId.get(regionId);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.unshift(current);
    current = current.parentId === null ? undefined : index.byId.get(current.parentId);
  }
  return path;
}

function toRef(row: RegionRow): RegionRef {
  return { id: row.id, code: row.code, nameZh: row.nameZh, nameEn: row.nameEn, level: row.level };
}

/** The breadcrumb down to the region filter: the country is left out unless it is the filter itself. */
export function breadcrumbOf(index: RegionIndex, focusId: number | null): RegionRef[] {
  if (focusId === null) return [];
  const path = ancestry(index, focusId);
  return (path.length > 1 ? path.slice(1) : path).map(toRef);
}

/**
 * Which row of the region chart a document's region counts in. Without a filter: its sales
 * region (大区), the level just below the country (a document booked on the country itself
 * counts on the country). With a filter: the region just below the filter on the way down to
 * the document's region, or the filter itself for what is booked on it directly. Regions
 * outside the filter are left out.
 */
export function regionBuckets(index: RegionIndex, focusId: number | null): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const id of index.byId.keys()) {
    const path = ancestry(index, id);
    let bucket: RegionRow | undefined;
    if (focusId === null) bucket = path[1] ?? path[0];
    else {
      const at = path.findIndex((r) => r.id === focusId);
      if (at >= 0) bucket = path[at + 1] ?? path[at];
    }
    if (bucket) buckets.set(id, bucket.id);
  }
  return buckets;
}

/** A chart row can be broken down further when its region has regions below it and is not the filter itself. */
export function canDrillDown(index: RegionIndex, regionId: number, focusId: number | null): boolean {
  return regionId !== focusId && (index.children.get(regionId)?.length ?? 0) > 0;
}

export function regionRef(index: RegionIndex, regionId: number): RegionRef | undefined {
  const row = index.byId.get(regionId);
  return row ? toRef(row) : undefined;
}

// ---------------------------------------------------------------------------------------
// The region filter and chart rows in the semantic layer's terms

/** A filter of an analytics query (the semantic layer knows regions only by level). */
export interface LevelFilter {
  dimension: 'region' | 'province' | 'city';
  op: 'in';
  values: string[];
}

const filterDimensionOf = { sales_region: 'region', province: 'province', city: 'city' } as const;

/**
 * "The focus region and every region below it" as a filter the semantic layer has: each fact
 * knows its sales region (大区), province and city, so a region of one of those levels is the
 * filter on that level. A country is every sales region under it; with a single country (the
 * company's case) there is nothing to filter, and with several, what is booked directly on a
 * country cannot be told apart from the other countries' and is left out.
 */
export function regionFilterOf(index: RegionIndex, focusId: number | null): LevelFilter[] {
  if (focusId === null) return [];
  const focus = index.byId.get(focusId);
  if (!focus) return [];
  if (focus.level !== 'country') {
    return [{ dimension: filterDimensionOf[focus.level], op: 'in', values: [String(focus.id)] }];
  }
  if (rootsOf(index).length === 1) return [];
  const salesRegions = subtreeOf(index, focusId).filter((id) => index.byId.get(id)?.level === 'sales_region');
  return [{ dimension: 'region', op: 'in', values: salesRegions.map(String) }];
}

function rootsOf(index: RegionIndex): number[] {
  return [...index.byId.values()].filter((r) => r.parentId === null).map((r) => r.id);
}

/**
 * The region a fact group is booked on, from the semantic layer's sales region, province and
 * city keys of it: the deepest one known. A fact booked above every sales region (on a country)
 * has none: it is the focus when that is a country, else the only country (null with several).
 */
export function bookedRegionOf(
  index: RegionIndex,
  levels: readonly [salesRegion: string | null, province: string | null, city: string | null],
  focusId: number | null,
): number | null {
  const [salesRegion, province, city] = levels;
  const deepest = city ?? province ?? salesRegion;
  if (deepest !== null) return Number(deepest);
  if (focusId !== null && index.byId.get(focusId)?.level === 'country') return focusId;
  const roots = rootsOf(index);
  return roots.length === 1 ? roots[0]! : null;
}
