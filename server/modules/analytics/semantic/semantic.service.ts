/**
 * Runs analytics queries on the semantic layer: checks every name against the definitions,
 * reads each fact source once (rows and scoped totals in one statement), merges the sources
 * on the dimension keys, computes derived measures from the merged sums (so a total margin
 * is total GP ÷ total revenue, never an average of margins), then sorts and cuts.
 */
import type {
  AnalyticsCatalogue,
  AnalyticsMeasureName,
  AnalyticsQuery,
  AnalyticsResult,
} from '../../../../contracts/analytics-query.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { addDays, businessDate, daysBetween, isIsoDate } from '../../../platform/dates.ts';
import type { Queryable } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { chooseReadModel } from '../rollups/rollups.planner.ts';
import { loadCustomerSegments, segmentDay, usesCustomerSegment } from './customer-segments.ts';
import {
  type CustomerSegments,
  comparisonOf,
  compileSourceQuery,
  type DateRange,
  type DateShift,
} from './semantic.compiler.ts';
import {
  type BaseMeasure,
  baseMeasuresOf,
  type Dimension,
  dimensionList,
  dimensions,
  isMeasureAllowed,
  type Measure,
  measureList,
  measures,
  type SourceName,
  sources,
} from './semantic.definitions.ts';
import { asTargetComparison, checkTargetComparison, targetComparisonSources } from './target-comparison.ts';

/** More groups than this in one source is refused rather than sorted in memory. */
export const MAX_GROUPS = 50_000;
const MAX_RANGE_DAYS = 3660;

interface Plan {
  measures: Measure[];
  dimensions: Dimension[];
  filters: { dimension: Dimension; op: 'in' | 'not_in'; values: string[] }[];
  bySource: Map<SourceName, BaseMeasure[]>;
  range: DateRange;
  comparison: { range: DateRange; shift: DateShift } | null;
}

/** Labels are keyed 'zh' / 'en'. */
export const labelLang = (ctx: RequestContext): 'zh' | 'en' => (ctx.lang === 'en' ? 'en' : 'zh');

const lookup = <T>(
  map: Map<string, T>,
  name: string,
  kind: { zh: string; en: string },
  lang: 'zh' | 'en',
  field: string,
) => {
  const found = map.get(name);
  if (!found) throw new AppError('ANALYTICS_UNKNOWN_FIELD', { kind: kind[lang], field: name }, { field });
  return found;
};

const kinds = {
  measure: { zh: '指标', en: 'measure' },
  dimension: { zh: '维度', en: 'dimension' },
  field: { zh: '排序字段', en: 'sort field' },
};

export function planQuery(ctx: RequestContext, query: AnalyticsQuery, today = businessDate()): Plan {
  const lang = labelLang(ctx);
  const chosen = [...new Set(query.measures)].map((name, i) =>
    lookup(measures, name, kinds.measure, lang, `measures[${i}]`),
  );
  for (const measure of chosen) {
    if (!isMeasureAllowed(measure, ctx.roles)) {
      throw new AppError('ANALYTICS_MEASURE_FORBIDDEN', { measure: measure.label[lang] });
    }
  }
  const dims = [...new Set(query.dimensions)].map((name, i) =>
    lookup(dimensions, name, kinds.dimension, lang, `dimensions[${i}]`),
  );
  const filters = query.filters.map((f, i) => ({
    dimension: lookup(dimensions, f.dimension, kinds.dimension, lang, `filters[${i}].dimension`),
    op: f.op,
    values: f.values,
  }));
  for (const [i, s] of query.sort.entries()) {
    if (!measures.has(s.field) && !dimensions.has(s.field)) {
      throw new AppError(
        'ANALYTICS_UNKNOWN_FIELD',
        { kind: kinds.field[lang], field: s.field },
        { field: `sort[${i}]` },
      );
    }
  }

  const bySource = new Map<SourceName, BaseMeasure[]>();
  for (const measure of chosen) {
    for (const b of baseMeasuresOf(measure)) {
      const list = bySource.get(b.source) ?? [];
      if (!list.includes(b)) list.push(b);
      bySource.set(b.source, list);
    }
  }
  // Every dimension and filter must make sense for every source the measures read.
  for (const measure of chosen) {
    for (const b of baseMeasuresOf(measure)) {
      const source = sources[b.source];
      for (const d of [...dims, ...filters.map((f) => f.dimension)]) {
        const isApplicable = d.needs === null || source.has.has(d.needs);
        if (!isApplicable) {
          throw new AppError('ANALYTICS_NOT_APPLICABLE', {
            measure: measure.label[lang],
            dimension: d.label[lang],
          });
        }
      }
    }
  }

  const range = query.timeRange ?? { from: `${today.slice(0, 4)}-01-01`, to: today };
  if (!isIsoDate(range.from) || !isIsoDate(range.to)) {
    throw new AppError('INVALID_PERIOD', { detail: lang === 'en' ? 'not a calendar date' : '日期不存在' });
  }
  const days = daysBetween(range.from, range.to) + 1;
  if (days < 1)
    throw new AppError('INVALID_PERIOD', {
      detail: lang === 'en' ? 'from is after to' : '开始日期晚于结束日期',
    });
  if (days > MAX_RANGE_DAYS) {
    throw new AppError('INVALID_PERIOD', { detail: lang === 'en' ? 'longer than ten years' : '超过十年' });
  }
  // A target comparison reads the targets of the same range (target-comparison.ts).
  if (query.comparison === 'target')
    checkTargetComparison(ctx, [...dims, ...filters.map((f) => f.dimension)]);
  const comparison =
    query.comparison && query.comparison !== 'target'
      ? comparisonOf(range, query.comparison, daysBetween, addDays)
      : null;
  return { measures: chosen, dimensions: dims, filters, bySource, range, comparison };
}

type Values = Record<string, number | null>;
interface MergedRow {
  keys: (string | null)[];
  labels: (string | null)[];
  values: Values;
}

async function readRange(
  db: Queryable,
  ctx: RequestContext,
  plan: Plan,
  range: DateRange,
  shift: DateShift,
  customerSegments: CustomerSegments | undefined,
): Promise<{ rows: Map<string, MergedRow>; totals: Values; isTruncated: boolean }> {
  const lang = labelLang(ctx);
  const results = await Promise.all(
    [...plan.bySource].map(async ([sourceName, list]) => {
      // A rollup instead of the facts when it can answer (rollups/rollups.planner.ts).
      const model = await chooseReadModel(db, {
        ctx,
        source: sources[sourceName],
        measures: list,
        dimensions: plan.dimensions,
        filters: plan.filters,
        range,
        shift,
      });
      const { text, values } = compileSourceQuery(ctx, {
        source: model.source,
        measures: model.measures,
        dimensions: plan.dimensions,
        filters: plan.filters,
        range,
        shift,
        lang,
        maxGroups: MAX_GROUPS,
        ...(customerSegments ? { customerSegments } : {}),
      });
      const { rows } = await db.query<Record<string, string | number | boolean | null>>(text, values);
      return { list, rows };
    }),
  );
  const merged = new Map<string, MergedRow>();
  const totals: Values = {};
  let isTruncated = false;
  for (const { list, rows } of results) {
    for (const row of rows) {
      if (row.is_total) {
        for (const m of list) totals[m.name] = Number(row[m.name]);
        continue;
      }
      const keys = plan.dimensions.map((_, i) => (row[`k${i}`] ?? null) as string | null);
      const labels = plan.dimensions.map((_, i) => (row[`l${i}`] ?? null) as string | null);
      const id = JSON.stringify(keys);
      let target = merged.get(id);
      if (!target) {
        target = { keys, labels, values: {} };
        merged.set(id, target);
      }
      for (const m of list) target.values[m.name] = Number(row[m.name]);
    }
    if (rows.length > MAX_GROUPS + 1) isTruncated = true;
  }
  if (isTruncated) throw new AppError('ANALYTICS_TOO_MANY_ROWS', { max: MAX_GROUPS });
  // Without dimensions the only row is the total.
  if (plan.dimensions.length === 0) merged.set('[]', { keys: [], labels: [], values: { ...totals } });
  return { rows: merged, totals, isTruncated };
}

/** Fills the chosen measures (derived ones from their inputs); missing sums are 0. */
function finish(plan: Plan, raw: Values, days: number): Values {
  const value = (name: AnalyticsMeasureName): number | null => {
    const m = measures.get(name)!;
    if (m.kind === 'base') return raw[name] ?? 0;
    return m.compute(value, { days });
  };
  return Object.fromEntries(plan.measures.map((m) => [m.name, value(m.name)]));
}

export async function runAnalyticsQuery(
  db: Queryable,
  ctx: RequestContext,
  query: AnalyticsQuery,
  today = businessDate(),
): Promise<AnalyticsResult> {
  const plan = planQuery(ctx, query, today);
  const days = daysBetween(plan.range.from, plan.range.to) + 1;
  // One segmentation for the query: a comparison range groups the same customers the same way.
  const segments = usesCustomerSegment([...plan.dimensions, ...plan.filters.map((f) => f.dimension)])
    ? await loadCustomerSegments(db, ctx, segmentDay(plan.range.to, today), labelLang(ctx))
    : undefined;
  const [current, previous, target] = await Promise.all([
    readRange(db, ctx, plan, plan.range, { kind: 'none' }, segments),
    plan.comparison ? readRange(db, ctx, plan, plan.comparison.range, plan.comparison.shift, segments) : null,
    query.comparison === 'target'
      ? readRange(
          db,
          ctx,
          { ...plan, bySource: targetComparisonSources() },
          plan.range,
          { kind: 'none' },
          segments,
        )
      : null,
  ]);

  // A group that had figures only in the comparison range is shown too (zero now).
  const groups = new Map(current.rows);
  for (const [id, row] of previous?.rows ?? target?.rows ?? []) {
    if (!groups.has(id)) groups.set(id, { ...row, values: {} });
  }
  const rows = [...groups.entries()].map(([id, row]) => ({
    keys: row.keys,
    labels: row.labels,
    values: finish(plan, row.values, days),
    previous: previous
      ? finish(plan, previous.rows.get(id)?.values ?? {}, days)
      : target
        ? asTargetComparison(plan.measures, target.rows.get(id)?.values)
        : null,
  }));

  const sort = query.sort.length
    ? query.sort
    : plan.dimensions.some((d) => d.needs === 'date')
      ? [{ field: plan.dimensions.find((d) => d.needs === 'date')!.name, direction: 'asc' as const }]
      : [{ field: plan.measures[0]!.name, direction: 'desc' as const }];
  rows.sort((a, b) => {
    for (const s of sort) {
      const dimIndex = plan.dimensions.findIndex((d) => d.name === s.field);
      const order = s.direction === 'asc' ? 1 : -1;
      let c = 0;
      if (dimIndex >= 0) {
        const x = a.labels[dimIndex] ?? a.keys[dimIndex] ?? '';
        const y = b.labels[dimIndex] ?? b.keys[dimIndex] ?? '';
        c = x < y ? -1 : x > y ? 1 : 0;
      } else {
        // Nulls last in either direction.
        const x = a.values[s.field] ?? null;
        const y = b.values[s.field] ?? null;
        if (x === null || y === null) c = x === y ? 0 : x === null ? 1 : -1;
        else c = (x - y) * order;
        if (c !== 0) return c;
        continue;
      }
      if (c !== 0) return c * order;
    }
    return JSON.stringify(a.keys) < JSON.stringify(b.keys) ? -1 : 1;
  });

  const lang = labelLang(ctx);
  return {
    timeRange: plan.range,
    comparisonRange: plan.comparison?.range ?? (target ? plan.range : null),
    dimensions: plan.dimensions.map((d) => ({
      name: d.name,
      label: d.label[lang],
      isCode: d.isCode ?? false,
    })),
    measures: plan.measures.map((m) => ({ name: m.name, label: m.label[lang], type: m.type })),
    rows: rows.slice(0, query.limit),
    totals: {
      values: finish(plan, current.totals, days),
      previous: previous
        ? finish(plan, previous.totals, days)
        : target
          ? asTargetComparison(plan.measures, target.totals)
          : null,
    },
    isTruncated: rows.length > query.limit,
  };
}

/** What the caller may query: measures allowed for their roles, and where each applies. */
export function getAnalyticsCatalogue(ctx: RequestContext): AnalyticsCatalogue {
  const lang = labelLang(ctx);
  return {
    measures: measureList
      .filter((m) => isMeasureAllowed(m, ctx.roles))
      .map((m) => ({
        name: m.name,
        label: m.label[lang],
        description: m.description,
        type: m.type,
        dimensions: dimensionList
          .filter((d) =>
            baseMeasuresOf(m).every((b) => d.needs === null || sources[b.source].has.has(d.needs)),
          )
          .map((d) => d.name),
      })),
    dimensions: dimensionList.map((d) => ({ name: d.name, label: d.label[lang], isCode: d.isCode ?? false })),
  };
}
