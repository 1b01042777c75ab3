import { describe, expect, it } from 'vitest';
import { analyticsQueryOfReport, resolveReportPeriod } from '../../../../contracts/saved-reports.ts';
import { reportFieldOf } from './saved-reports.service.ts';

describe('report periods', () => {
  it.each([
    ['this_month', '2026-03-15', '2026-03-01', '2026-03-15'],
    ['last_month', '2026-03-15', '2026-02-01', '2026-02-28'],
    ['last_month', '2026-01-10', '2025-12-01', '2025-12-31'],
    ['this_quarter', '2026-05-20', '2026-04-01', '2026-05-20'],
    ['last_quarter', '2026-02-03', '2025-10-01', '2025-12-31'],
    ['last_quarter', '2026-08-31', '2026-04-01', '2026-06-30'],
    ['this_year', '2026-11-23', '2026-01-01', '2026-11-23'],
    ['last_year', '2024-02-29', '2023-01-01', '2023-12-31'],
    ['last_30_days', '2026-03-01', '2026-01-31', '2026-03-01'],
    ['last_90_days', '2026-03-31', '2026-01-01', '2026-03-31'],
    ['last_12_months', '2026-11-23', '2025-12-01', '2026-11-23'],
    ['last_12_months', '2026-01-05', '2025-02-01', '2026-01-05'],
  ] as const)('resolves %s on %s to %s … %s', (period, today, from, to) => {
    expect(resolveReportPeriod({ kind: 'relative', period }, today)).toEqual({ from, to });
  });

  it('keeps a fixed period as it is', () => {
    expect(
      resolveReportPeriod({ kind: 'fixed', from: '2025-04-01', to: '2025-04-30' }, '2026-01-01'),
    ).toEqual({
      from: '2025-04-01',
      to: '2025-04-30',
    });
  });
});

describe('the analytics query of a report', () => {
  it('asks for rows then columns as dimensions, values as measures, with every row', () => {
    const query = analyticsQueryOfReport(
      {
        query: {
          period: { kind: 'relative', period: 'this_year' },
          comparison: 'previous_period',
          filters: [{ dimension: 'region', op: 'in', values: ['2'] }],
        },
        layout: { rows: ['product_line'], columns: ['month'], values: ['revenue', 'gross_profit'] },
      },
      '2026-06-30',
    );
    expect(query).toEqual({
      measures: ['revenue', 'gross_profit'],
      dimensions: ['product_line', 'month'],
      filters: [{ dimension: 'region', op: 'in', values: ['2'] }],
      timeRange: { from: '2026-01-01', to: '2026-06-30' },
      comparison: 'previous_period',
      limit: 10_000,
    });
  });

  it('names the field of the report behind an error of the derived query', () => {
    const layout = { rows: ['region', 'channel'], columns: ['month'], values: ['revenue'] };
    expect(reportFieldOf('measures[0]', layout)).toBe('layout.values[0]');
    expect(reportFieldOf('dimensions[1]', layout)).toBe('layout.rows[1]');
    expect(reportFieldOf('dimensions[2]', layout)).toBe('layout.columns[0]');
    expect(reportFieldOf('filters[3].dimension', layout)).toBe('query.filters[3].dimension');
    expect(reportFieldOf('sort[0]', layout)).toBe('sort[0]');
  });
});
