/**
 * Compiles a validated query on one fact source to parameterised SQL. Every identifier and
 * expression comes from semantic.definitions.ts; the caller's input reaches the SQL only as
 * parameter values (dates, filter values, the scope's ids). The caller's scope is applied to
 * the fact rows before anything is grouped, so the totals (the empty grouping set) cover only
 * what the caller may see.
 */
import type { RequestContext } from '../../../platform/auth-context.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { SqlParams } from '../../../platform/sql.ts';
import {
  type BaseMeasure,
  type Dimension,
  type FactSource,
  type JoinName,
  joinSql,
} from './semantic.definitions.ts';

export interface DateRange {
  from: string;
  to: string;
}

/** How date keys of a comparison range are moved onto the main range, so rows line up. */
export type DateShift = { kind: 'none' } | { kind: 'days'; days: number } | { kind: 'year' };

export interface SourceQuery {
  source: FactSource;
  measures: readonly BaseMeasure[];
  dimensions: readonly Dimension[];
  filters: readonly { dimension: Dimension; op: 'in' | 'not_in'; values: readonly string[] }[];
  range: DateRange;
  shift: DateShift;
  lang: 'zh' | 'en';
  /** At most this many groups are read (one more tells that there were more). */
  maxGroups: number;
  /** Each customer's segment and its label, when a dimension or filter is the customer segment. */
  customerSegments?: CustomerSegments;
}

export interface CustomerSegments {
  customerIds: number[];
  segments: string[];
  labels: string[];
}

const joinOrder: JoinName[] = ['rl', 'c', 'seg', 'p', 'pl', 'u', 'w'];

/** A join's SQL, with the customer segments as parameters where it reads them. */
function joinOf(name: JoinName, q: SourceQuery, params: SqlParams): string {
  const sql = joinSql[name];
  if (name !== 'seg') return sql;
  if (!q.customerSegments) throw new Error('a customer segment query needs the customers’ segments');
  const { customerIds, segments, labels } = q.customerSegments;
  return sql
    .replace('{segmentCustomerIds}', () => params.add(customerIds))
    .replace('{segmentCodes}', () => params.add(segments))
    .replace('{segmentLabels}', () => params.add(labels));
}

export function compileSourceQuery(ctx: RequestContext, q: SourceQuery): { text: string; values: unknown[] } {
  const params = new SqlParams();
  // Only snapshot sources read the day (an unused parameter has no type PostgreSQL can infer).
  const asOf = q.source.isSnapshot ? params.add(q.range.to) : '';
  const rangeFrom = q.source.readsRangeStart ? params.add(q.range.from) : undefined;
  // The shift is a parameter only when a date key uses it (an unused one cannot be typed).
  let shifted: string | null = null;
  const dateExpression = () => {
    if (q.shift.kind === 'none') return 'f.fact_date';
    if (q.shift.kind === 'year') return `(f.fact_date + interval '1 year')::date`;
    shifted ??= `(f.fact_date + ${params.add(q.shift.days)}::int)`;
    return shifted;
  };
  const keyOf = (d: Dimension) =>
    d.key.includes('{date}') ? d.key.replaceAll('{date}', dateExpression()) : d.key;

  const needed = new Set<JoinName>(
    [...q.dimensions, ...q.filters.map((f) => f.dimension)].flatMap((d) => d.joins),
  );
  const joins = joinOrder.filter((j) => needed.has(j)).map((j) => joinOf(j, q, params));

  const where = [scopeCondition(ctx, { region: 'f.region_id', customer: 'f.customer_id' }, params)];
  if (!q.source.isSnapshot) {
    where.push(`f.fact_date BETWEEN ${params.add(q.range.from)}::date AND ${params.add(q.range.to)}::date`);
  }
  for (const filter of q.filters) {
    const test = `(${keyOf(filter.dimension)})::text = ANY(${params.add(filter.values)}::text[])`;
    // NOT IN keeps the rows without a value (e.g. customers without a grade).
    where.push(filter.op === 'in' ? test : `(${keyOf(filter.dimension)}) IS NULL OR NOT ${test}`);
  }

  const columns = q.dimensions.flatMap((d, i) => [
    `(${keyOf(d)})::text AS k${i}`,
    `${d.labelSql ? d.labelSql[q.lang] : 'NULL'}::text AS l${i}`,
  ]);
  const inner = `SELECT f.*${columns.length ? `, ${columns.join(', ')}` : ''}
      FROM (${q.source.sql(asOf, (value) => params.add(value), rangeFrom)}) f
      ${joins.join('\n      ')}
     WHERE ${where.map((w) => `(${w})`).join(' AND ')}`;

  const groupColumns = q.dimensions.flatMap((_, i) => [`x.k${i}`, `x.l${i}`]);
  const aggregates = q.measures.map((m) => `${m.aggregate} AS "${m.name}"`);
  const isTotal = groupColumns.length ? 'GROUPING(x.k0) = 1' : 'TRUE';
  const groupBy = groupColumns.length ? `GROUP BY GROUPING SETS ((${groupColumns.join(', ')}), ())` : '';
  const text = `SELECT ${[...groupColumns.map((c) => `${c} AS ${c.slice(2)}`), `${isTotal} AS is_total`, ...aggregates].join(', ')}
      FROM (${inner}) x
      ${groupBy}
      ORDER BY is_total DESC
      LIMIT ${params.add(q.maxGroups + 2)}`;
  return { text, values: params.values };
}

/** The comparison range and how its dates map onto the main range. */
export function comparisonOf(
  range: DateRange,
  comparison: 'previous_period' | 'same_period_last_year',
  daysBetween: (a: string, b: string) => number,
  addDays: (date: string, days: number) => string,
): { range: DateRange; shift: DateShift } {
  if (comparison === 'previous_period') {
    const length = daysBetween(range.from, range.to) + 1;
    return {
      range: { from: addDays(range.from, -length), to: addDays(range.to, -length) },
      shift: { kind: 'days', days: length },
    };
  }
  return { range: { from: minusYear(range.from), to: minusYear(range.to) }, shift: { kind: 'year' } };
}

/** The same date a year earlier; 29 February becomes 28 February. */
export function minusYear(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
