/**
 * Role dashboards as data: each is a saved layout of panels, each panel one query on the
 * semantic layer. The page applies the period and the page filters (region, channel) to every
 * panel, and cross-filters: clicking a value of a panel's chart filters the OTHER panels on
 * that value. A filter reaches only panels whose measures can all be broken down by its
 * dimension (the catalogue says which); the panel then shows that it ignored it.
 */
import type {
  AnalyticsCatalogue,
  AnalyticsQueryInput,
  analyticsComparisons,
} from '../../../../../contracts/analytics-query.ts';

type AnalyticsComparison = (typeof analyticsComparisons)[number];

export type PanelKind = 'kpis' | 'bar' | 'line' | 'pie' | 'table';

export interface PanelSpec {
  key: string;
  /** i18n key of the panel title (under analytics.dashboards.panels). */
  title: string;
  /** A title as it is (a saved report's name), instead of the i18n key. */
  titleText?: string;
  /** Filters of the panel's own, always applied (a saved report's). */
  filters?: { dimension: string; op: 'in' | 'not_in'; values: string[] }[];
  kind: PanelKind;
  measures: string[];
  dimensions: string[];
  comparison?: AnalyticsComparison;
  sort?: { field: string; direction: 'asc' | 'desc' }[];
  limit?: number;
  /** Width in a 24-column grid on a wide screen. */
  span: number;
  /** Clicking a value of the first dimension filters the other panels on it. */
  crossFilters?: boolean;
}

export interface DashboardSpec {
  key: string;
  /** i18n key of the title (under analytics.dashboards.titles). */
  title: string;
  panels: PanelSpec[];
  /** Shows the documents expiring soon (the compliance summary). */
  hasExpiringDocuments?: boolean;
  /** Shows the saved reports the user put on their own dashboard. */
  hasPinnedReports?: boolean;
}

const kpis = (key: string, measures: string[]): PanelSpec => ({
  key,
  title: 'kpis',
  kind: 'kpis',
  measures,
  dimensions: [],
  comparison: 'same_period_last_year',
  span: 24,
});

export const dashboards: readonly DashboardSpec[] = [
  {
    key: 'regions',
    title: 'regions',
    panels: [
      kpis('kpis', ['revenue', 'gross_profit', 'margin', 'active_customers']),
      {
        key: 'byRegion',
        title: 'revenueByRegion',
        kind: 'bar',
        measures: ['revenue', 'gross_profit'],
        dimensions: ['region'],
        span: 12,
        crossFilters: true,
      },
      {
        key: 'byChannel',
        title: 'revenueByChannel',
        kind: 'pie',
        measures: ['revenue'],
        dimensions: ['channel'],
        span: 12,
        crossFilters: true,
      },
      {
        key: 'trend',
        title: 'monthlyRevenue',
        kind: 'line',
        measures: ['revenue'],
        dimensions: ['month'],
        comparison: 'same_period_last_year',
        span: 24,
      },
      {
        key: 'reps',
        title: 'repLeaderboard',
        kind: 'table',
        measures: ['revenue', 'gross_profit', 'margin', 'orders', 'active_customers'],
        dimensions: ['rep'],
        sort: [{ field: 'revenue', direction: 'desc' }],
        limit: 20,
        span: 24,
      },
    ],
  },
  {
    key: 'products',
    title: 'products',
    panels: [
      kpis('kpis', ['revenue', 'gross_profit', 'margin', 'units']),
      {
        key: 'byLine',
        title: 'revenueByProductLine',
        kind: 'bar',
        measures: ['revenue', 'gross_profit'],
        dimensions: ['product_line'],
        span: 14,
        crossFilters: true,
      },
      {
        key: 'byClass',
        title: 'revenueByDeviceClass',
        kind: 'pie',
        measures: ['revenue'],
        dimensions: ['device_class'],
        span: 10,
        crossFilters: true,
      },
      {
        key: 'top',
        title: 'topProducts',
        kind: 'table',
        measures: ['revenue', 'gross_profit', 'margin', 'units'],
        dimensions: ['product'],
        sort: [{ field: 'revenue', direction: 'desc' }],
        limit: 15,
        span: 24,
      },
    ],
  },
  {
    key: 'receivables',
    title: 'receivables',
    panels: [
      kpis('kpis', ['ar_open', 'ar_overdue', 'overdue_rate', 'dso']),
      {
        key: 'byRegion',
        title: 'overdueByRegion',
        kind: 'bar',
        measures: ['ar_open', 'ar_overdue'],
        dimensions: ['region'],
        span: 12,
        crossFilters: true,
      },
      {
        key: 'byType',
        title: 'openByCustomerType',
        kind: 'pie',
        measures: ['ar_open'],
        dimensions: ['customer_type'],
        span: 12,
        crossFilters: true,
      },
      {
        key: 'customers',
        title: 'mostOverdueCustomers',
        kind: 'table',
        measures: ['ar_overdue', 'ar_open', 'overdue_rate'],
        dimensions: ['customer'],
        sort: [{ field: 'ar_overdue', direction: 'desc' }],
        limit: 15,
        span: 24,
      },
    ],
  },
  {
    key: 'inventory',
    title: 'inventory',
    panels: [
      { ...kpis('kpis', ['inventory_value', 'near_expiry_value']), comparison: undefined },
      // Over the period (vs the same period last year): how long stock lasts, how often orders find it.
      { ...kpis('flow', ['inventory_turnover_days', 'fill_rate', 'stockout_rate']), title: 'stockFlow' },
      {
        key: 'byWarehouse',
        title: 'stockByWarehouse',
        kind: 'bar',
        measures: ['inventory_value', 'near_expiry_value'],
        dimensions: ['warehouse'],
        span: 12,
        crossFilters: true,
      },
      {
        key: 'byLine',
        title: 'stockByProductLine',
        kind: 'pie',
        measures: ['inventory_value'],
        dimensions: ['product_line'],
        span: 12,
        crossFilters: true,
      },
      {
        key: 'nearExpiry',
        title: 'nearExpiryProducts',
        kind: 'table',
        measures: ['near_expiry_value', 'inventory_value'],
        dimensions: ['product'],
        sort: [{ field: 'near_expiry_value', direction: 'desc' }],
        limit: 15,
        span: 24,
      },
      {
        key: 'turnoverByLine',
        title: 'turnoverByProductLine',
        kind: 'bar',
        measures: ['inventory_turnover_days'],
        dimensions: ['product_line'],
        sort: [{ field: 'inventory_turnover_days', direction: 'desc' }],
        span: 12,
      },
      {
        key: 'stockoutsByMonth',
        title: 'stockoutsByMonth',
        kind: 'line',
        measures: ['stockout_rate'],
        dimensions: ['month'],
        span: 12,
      },
    ],
  },
  { key: 'compliance', title: 'compliance', panels: [], hasExpiringDocuments: true },
  { key: 'mine', title: 'mine', panels: [], hasPinnedReports: true },
];

export function findDashboard(key: string | undefined): DashboardSpec {
  return dashboards.find((d) => d.key === key) ?? dashboards[0]!;
}

/** A filter on one dimension; `origin` is the panel it came from (null: the page's own). */
export interface DashboardFilter {
  dimension: string;
  values: string[];
  /** What the user sees on the filter's tag. */
  label: string;
  origin: string | null;
}

/** Can every measure of the panel be broken down by this dimension? */
export function isApplicable(
  catalogue: Pick<AnalyticsCatalogue, 'measures'>,
  panel: Pick<PanelSpec, 'measures'>,
  dimension: string,
): boolean {
  return panel.measures.every(
    (name) => catalogue.measures.find((m) => m.name === name)?.dimensions.includes(dimension) ?? false,
  );
}

/**
 * The panel's query with the period and the filters that apply to it (not the ones it raised
 * itself), and the filters it had to ignore. Null when the caller may use none of its measures.
 */
export function panelQuery(
  panel: PanelSpec,
  range: { from: string; to: string },
  filters: readonly DashboardFilter[],
  catalogue: Pick<AnalyticsCatalogue, 'measures'>,
): { query: AnalyticsQueryInput; ignored: DashboardFilter[] } | null {
  const measures = panel.measures.filter((name) => catalogue.measures.some((m) => m.name === name));
  if (measures.length === 0) return null;
  const usable = { measures };
  const applied: DashboardFilter[] = [];
  const ignored: DashboardFilter[] = [];
  for (const filter of filters) {
    if (filter.origin === panel.key) continue;
    (isApplicable(catalogue, usable, filter.dimension) ? applied : ignored).push(filter);
  }
  return {
    query: {
      measures,
      dimensions: panel.dimensions,
      filters: [
        ...(panel.filters ?? []),
        ...applied.map((f) => ({ dimension: f.dimension, op: 'in' as const, values: f.values })),
      ],
      timeRange: range,
      ...(panel.comparison ? { comparison: panel.comparison } : {}),
      ...(panel.sort ? { sort: panel.sort } : {}),
      ...(panel.limit ? { limit: panel.limit } : {}),
    },
    ignored,
  };
}

/**
 * Clicking a value: sets the panel's cross-filter to it, or clears it when it is the value
 * already chosen. Other filters stay.
 */
export function toggleCrossFilter(
  filters: readonly DashboardFilter[],
  panel: PanelSpec,
  value: { key: string; label: string },
): DashboardFilter[] {
  const dimension = panel.dimensions[0];
  if (!dimension) return [...filters];
  const current = filters.find((f) => f.origin === panel.key);
  const others = filters.filter((f) => f.origin !== panel.key);
  if (current && current.values.length === 1 && current.values[0] === value.key) return others;
  return [...others, { dimension, values: [value.key], label: value.label, origin: panel.key }];
}

export const expiryBuckets = ['expired', 'within30', 'within60', 'within90'] as const;
export type ExpiryBucket = (typeof expiryBuckets)[number];
const documentKinds = ['qualification', 'product_certificate', 'supplier_licence'] as const;

/** Expired (days left < 0), then by 30-day steps; documents further out are not counted. */
export function expiryBucketOf(daysLeft: number): ExpiryBucket | null {
  if (daysLeft < 0) return 'expired';
  if (daysLeft <= 30) return 'within30';
  if (daysLeft <= 60) return 'within60';
  if (daysLeft <= 90) return 'within90';
  return null;
}

/** Documents per kind and bucket, every kind and bucket present (zero when none). */
export function countExpiring(
  documents: readonly { kind: (typeof documentKinds)[number]; daysLeft: number }[],
): { kind: (typeof documentKinds)[number]; counts: Record<ExpiryBucket, number> }[] {
  return documentKinds.map((kind) => {
    const counts = { expired: 0, within30: 0, within60: 0, within90: 0 };
    for (const d of documents) {
      const bucket = d.kind === kind ? expiryBucketOf(d.daysLeft) : null;
      if (bucket) counts[bucket]++;
    }
    return { kind, counts };
  });
}

/**
 * A saved report as a panel of the user's own dashboard: its measures, dimensions, filters and
 * comparison, the page's period (so every panel shows the same dates), drawn as a table when
 * the report is a table, pivot, funnel or scatter. Its first dimension cross-filters when it
 * is a bar or pie chart of one dimension.
 */
export function panelOfReport(report: {
  id: number;
  name: string;
  chartKind: string;
  layout: { rows: string[]; columns: string[]; values: string[] };
  query: {
    filters: { dimension: string; op: 'in' | 'not_in'; values: string[] }[];
    comparison: AnalyticsComparison | null;
  };
}): PanelSpec {
  const dimensions = [...report.layout.rows, ...report.layout.columns];
  const kind: PanelKind =
    report.chartKind === 'bar' || report.chartKind === 'line' || report.chartKind === 'pie'
      ? report.chartKind
      : 'table';
  return {
    key: `report-${report.id}`,
    title: 'savedReport',
    titleText: report.name,
    kind: dimensions.length === 0 ? 'kpis' : kind,
    measures: report.layout.values,
    dimensions,
    filters: report.query.filters,
    ...(report.query.comparison ? { comparison: report.query.comparison } : {}),
    span: kind === 'table' ? 24 : 12,
    crossFilters: dimensions.length === 1 && (kind === 'bar' || kind === 'pie'),
  };
}
