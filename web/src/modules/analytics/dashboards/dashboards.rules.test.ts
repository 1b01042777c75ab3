import { describe, expect, it } from 'vitest';
import {
  countExpiring,
  type DashboardFilter,
  dashboards,
  expiryBucketOf,
  findDashboard,
  isApplicable,
  type PanelSpec,
  panelOfReport,
  panelQuery,
  toggleCrossFilter,
} from './dashboards.rules.ts';

// A catalogue as the server answers it: revenue by region/channel/month, inventory by warehouse.
const catalogue = {
  measures: [
    { name: 'revenue', dimensions: ['region', 'channel', 'month', 'rep'] },
    { name: 'gross_profit', dimensions: ['region', 'channel', 'month', 'rep'] },
    { name: 'inventory_value', dimensions: ['region', 'warehouse', 'product_line'] },
  ],
} as never;

const byRegion: PanelSpec = {
  key: 'byRegion',
  title: 'revenueByRegion',
  kind: 'bar',
  measures: ['revenue', 'gross_profit'],
  dimensions: ['region'],
  span: 12,
  crossFilters: true,
};
const stock: PanelSpec = {
  key: 'stock',
  title: 'stockByWarehouse',
  kind: 'bar',
  measures: ['inventory_value'],
  dimensions: ['warehouse'],
  span: 12,
};
const range = { from: '2026-01-01', to: '2026-11-23' };
const east: DashboardFilter = { dimension: 'region', values: ['2'], label: '华东', origin: 'byRegion' };
const direct: DashboardFilter = { dimension: 'channel', values: ['direct'], label: '直销', origin: null };

describe('dashboard panels', () => {
  it('applies a filter only where every measure can be broken down by its dimension', () => {
    expect(isApplicable(catalogue, byRegion, 'channel')).toBe(true);
    expect(isApplicable(catalogue, stock, 'channel')).toBe(false);
    expect(isApplicable(catalogue, { measures: ['revenue', 'inventory_value'] }, 'region')).toBe(true);
    expect(isApplicable(catalogue, { measures: ['revenue', 'inventory_value'] }, 'warehouse')).toBe(false);
  });

  it('builds the query with the period, the applicable filters and the panel’s own sort and limit', () => {
    const top: PanelSpec = {
      ...byRegion,
      key: 'reps',
      dimensions: ['rep'],
      sort: [{ field: 'revenue', direction: 'desc' }],
      limit: 20,
    };
    const result = panelQuery(top, range, [east, direct], catalogue)!;
    expect(result.query).toEqual({
      measures: ['revenue', 'gross_profit'],
      dimensions: ['rep'],
      filters: [
        { dimension: 'region', op: 'in', values: ['2'] },
        { dimension: 'channel', op: 'in', values: ['direct'] },
      ],
      timeRange: range,
      sort: [{ field: 'revenue', direction: 'desc' }],
      limit: 20,
    });
    expect(result.ignored).toEqual([]);
  });

  it('does not filter the panel a cross-filter came from, and reports what a panel ignored', () => {
    expect(panelQuery(byRegion, range, [east, direct], catalogue)!.query.filters).toEqual([
      { dimension: 'channel', op: 'in', values: ['direct'] },
    ]);
    const result = panelQuery(stock, range, [east, direct], catalogue)!;
    expect(result.query.filters).toEqual([{ dimension: 'region', op: 'in', values: ['2'] }]);
    expect(result.ignored).toEqual([direct]);
  });

  it('drops measures the caller may not use, and gives up when none is left', () => {
    const withCost: PanelSpec = { ...byRegion, measures: ['revenue', 'cost'] };
    expect(panelQuery(withCost, range, [], catalogue)!.query.measures).toEqual(['revenue']);
    expect(panelQuery({ ...byRegion, measures: ['cost'] }, range, [], catalogue)).toBeNull();
  });

  it('toggles a cross-filter: a click sets it, a second click on the same value clears it', () => {
    const set = toggleCrossFilter([direct], byRegion, { key: '2', label: '华东' });
    expect(set).toEqual([direct, east]);
    const moved = toggleCrossFilter(set, byRegion, { key: '3', label: '华北' });
    expect(moved).toEqual([
      direct,
      { dimension: 'region', values: ['3'], label: '华北', origin: 'byRegion' },
    ]);
    expect(toggleCrossFilter(moved, byRegion, { key: '3', label: '华北' })).toEqual([direct]);
  });

  it('finds a dashboard by key and falls back to the first', () => {
    expect(findDashboard('inventory').key).toBe('inventory');
    expect(findDashboard('nope').key).toBe(dashboards[0]!.key);
    // Every panel key is unique within its dashboard (cross-filters are keyed by it).
    for (const d of dashboards) expect(new Set(d.panels.map((p) => p.key)).size).toBe(d.panels.length);
  });
});

describe('compliance summary', () => {
  it('puts documents into expired / ≤30 / ≤60 / ≤90 days, on the boundaries', () => {
    expect([-1, 0, 30, 31, 60, 61, 90, 91].map(expiryBucketOf)).toEqual([
      'expired',
      'within30',
      'within30',
      'within60',
      'within60',
      'within90',
      'within90',
      null,
    ]);
  });

  it('counts per kind, with every kind present', () => {
    const counts = countExpiring([
      { kind: 'qualification', daysLeft: -5 },
      { kind: 'qualification', daysLeft: 12 },
      { kind: 'qualification', daysLeft: 12 },
      { kind: 'product_certificate', daysLeft: 75 },
      { kind: 'product_certificate', daysLeft: 200 },
    ]);
    expect(counts).toEqual([
      { kind: 'qualification', counts: { expired: 1, within30: 2, within60: 0, within90: 0 } },
      { kind: 'product_certificate', counts: { expired: 0, within30: 0, within60: 0, within90: 1 } },
      { kind: 'supplier_licence', counts: { expired: 0, within30: 0, within60: 0, within90: 0 } },
    ]);
  });
});

describe('saved reports on one’s own dashboard', () => {
  const report = {
    id: 7,
    name: '华东产品线收入',
    chartKind: 'bar',
    layout: { rows: ['region'], columns: [], values: ['revenue'] },
    query: {
      filters: [{ dimension: 'channel', op: 'in' as const, values: ['direct'] }],
      comparison: 'same_period_last_year' as const,
    },
  };

  it('becomes a panel with the report’s own filters and comparison, and the page’s period and filters', () => {
    const panel = panelOfReport(report);
    expect(panel).toMatchObject({
      key: 'report-7',
      titleText: '华东产品线收入',
      kind: 'bar',
      measures: ['revenue'],
      dimensions: ['region'],
      comparison: 'same_period_last_year',
      crossFilters: true,
      span: 12,
    });
    const east: DashboardFilter = { dimension: 'region', values: ['2'], label: '华东', origin: null };
    expect(panelQuery(panel, range, [east], catalogue)!.query).toMatchObject({
      filters: [
        { dimension: 'channel', op: 'in', values: ['direct'] },
        { dimension: 'region', op: 'in', values: ['2'] },
      ],
      timeRange: range,
      comparison: 'same_period_last_year',
    });
  });

  it('shows pivots, funnels and scatters as tables, and a report without dimensions as key figures', () => {
    expect(panelOfReport({ ...report, chartKind: 'pivot' })).toMatchObject({
      kind: 'table',
      span: 24,
      crossFilters: false,
    });
    expect(panelOfReport({ ...report, chartKind: 'scatter' }).kind).toBe('table');
    expect(panelOfReport({ ...report, layout: { rows: [], columns: [], values: ['revenue'] } }).kind).toBe(
      'kpis',
    );
    const twoDimensions = {
      ...report,
      layout: { rows: ['region'], columns: ['month'], values: ['revenue'] },
    };
    expect(panelOfReport(twoDimensions).crossFilters).toBe(false);
  });
});
