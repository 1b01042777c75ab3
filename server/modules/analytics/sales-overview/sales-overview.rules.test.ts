import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.ts';
import {
  averageFen,
  bookedRegionOf,
  breadcrumbOf,
  canDrillDown,
  changePoints,
  changeRate,
  indexRegions,
  marginRate,
  monthsOf,
  monthYearBefore,
  type RegionRow,
  receivablesAsOf,
  regionBuckets,
  regionFilterOf,
  resolvePeriod,
  subtreeOf,
  yearBefore,
} from './sales-overview.rules.ts';

function periodProblem(input: { from?: string; to?: string }): { field: unknown; message: string } {
  try {
    resolvePeriod(input, '2026-11-23', 'en');
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('INVALID_PERIOD');
    expect(appError.status).toBe(422);
    return { field: appError.details?.field, message: appError.message };
  }
  throw new Error('expected the period to be refused');
}

describe('the period', () => {
  it('defaults to the year to date of the business date', () => {
    expect(resolvePeriod({}, '2026-11-23', 'en')).toEqual({
      from: '2026-01-01',
      to: '2026-11-23',
      previousFrom: '2025-01-01',
      previousTo: '2025-11-23',
    });
  });

  it('starts on 1 January of the year of an explicit end', () => {
    expect(resolvePeriod({ to: '2025-03-31' }, '2026-11-23', 'en').from).toBe('2025-01-01');
  });

  it('compares with the same dates a year earlier, 29 February becoming 28 February', () => {
    expect(yearBefore('2024-02-29')).toBe('2023-02-28');
    expect(yearBefore('2026-03-01')).toBe('2025-03-01');
    expect(resolvePeriod({ from: '2024-02-01', to: '2024-02-29' }, '2026-11-23', 'en')).toMatchObject({
      previousFrom: '2023-02-01',
      previousTo: '2023-02-28',
    });
  });

  it('refuses a day that does not exist, text that is not a date, and an end before the start', () => {
    expect(periodProblem({ from: '2026-02-30' }).field).toBe('from');
    expect(periodProblem({ to: 'yesterday' }).field).toBe('to');
    const reversed = periodProblem({ from: '2026-05-01', to: '2026-04-30' });
    expect(reversed.field).toBe('to');
    expect(reversed.message).toContain('before it starts');
  });

  it('allows three years and refuses a day more', () => {
    expect(resolvePeriod({ from: '2024-01-01', to: '2026-12-31' }, '2026-11-23', 'en').to).toBe('2026-12-31');
    expect(periodProblem({ from: '2024-01-01', to: '2027-01-01' }).field).toBe('to');
  });

  it('explains the problem in Chinese for a Chinese user', () => {
    expect(() => resolvePeriod({ from: '2026-05-01', to: '2026-04-01' }, '2026-11-23', 'zh-CN')).toThrow(
      '结束日期（2026-04-01）早于开始日期（2026-05-01）',
    );
  });

  it('takes receivables on the last day of the period, never after today', () => {
    const period = resolvePeriod({ from: '2026-01-01', to: '2026-12-31' }, '2026-11-23', 'en');
    expect(receivablesAsOf(period, '2026-11-23')).toBe('2026-11-23');
    expect(receivablesAsOf({ ...period, to: '2026-06-30' }, '2026-11-23')).toBe('2026-06-30');
  });
});

describe('months and comparisons', () => {
  it('lists every month the period touches, across a year end', () => {
    expect(monthsOf('2025-11-15', '2026-02-03')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsOf('2026-03-05', '2026-03-09')).toEqual(['2026-03']);
    expect(monthYearBefore('2026-01')).toBe('2025-01');
  });

  it('measures change against the size of the previous value, and not against nothing', () => {
    expect(changeRate(150, 100)).toBeCloseTo(0.5);
    expect(changeRate(50, 100)).toBeCloseTo(-0.5);
    expect(changeRate(50, -100)).toBeCloseTo(1.5);
    expect(changeRate(100, 0)).toBeNull();
  });

  it('gives a margin only on positive revenue, and its change in points', () => {
    expect(marginRate(25, 100)).toBeCloseTo(0.25);
    expect(marginRate(-5, 0)).toBeNull();
    expect(marginRate(5, -10)).toBeNull();
    expect(changePoints(0.3, 0.25)).toBeCloseTo(0.05);
    expect(changePoints(0.3, null)).toBeNull();
  });

  it('rounds the average order value half away from zero on whole fen', () => {
    expect(averageFen(10, 4)).toBe(3); // 2.5 → 3
    expect(averageFen(10, 3)).toBe(3); // 3.33 → 3
    expect(averageFen(-10, 4)).toBe(-3);
    expect(averageFen(9_007_199_254_740_991, 2)).toBe(4_503_599_627_370_496);
    expect(averageFen(1_000, 0)).toBeNull();
  });
});

describe('the region tree of the region chart', () => {
  const row = (id: number, parentId: number | null, level: RegionRow['level'], code: string): RegionRow => ({
    id,
    parentId,
    level,
    code,
    nameZh: code,
    nameEn: code,
  });
  const index = indexRegions([
    row(1, null, 'country', 'CN'),
    row(2, 1, 'sales_region', 'EAST'),
    row(3, 1, 'sales_region', 'WEST'),
    row(4, 2, 'province', 'SH'),
    row(5, 2, 'province', 'JS'),
    row(6, 5, 'city', 'NJ'),
    row(7, 3, 'province', 'SN'),
  ]);

  it('counts every region in its sales region without a filter (the country in itself)', () => {
    expect(Object.fromEntries(regionBuckets(index, null))).toEqual({
      1: 1,
      2: 2,
      3: 3,
      4: 2,
      5: 2,
      6: 2,
      7: 3,
    });
  });

  it('breaks a region down into the regions just below it, keeping what is booked on it directly', () => {
    expect(Object.fromEntries(regionBuckets(index, 2))).toEqual({ 2: 2, 4: 4, 5: 5, 6: 5 });
    expect(Object.fromEntries(regionBuckets(index, 6))).toEqual({ 6: 6 });
  });

  it('filters on a region and everything below it', () => {
    expect(subtreeOf(index, 2).sort()).toEqual([2, 4, 5, 6]);
    expect(subtreeOf(index, 6)).toEqual([6]);
  });

  it('shows the way down to the filter without the country, and drills only where there is more below', () => {
    expect(breadcrumbOf(index, null)).toEqual([]);
    expect(breadcrumbOf(index, 5).map((r) => r.code)).toEqual(['EAST', 'JS']);
    expect(breadcrumbOf(index, 1).map((r) => r.code)).toEqual(['CN']);
    expect(canDrillDown(index, 5, 2)).toBe(true);
    expect(canDrillDown(index, 4, 2)).toBe(false);
    expect(canDrillDown(index, 2, 2)).toBe(false);
  });

  it('filters the semantic layer on the level of the clicked region, and not at all on the only country', () => {
    expect(regionFilterOf(index, null)).toEqual([]);
    expect(regionFilterOf(index, 1)).toEqual([]);
    expect(regionFilterOf(index, 2)).toEqual([{ dimension: 'region', op: 'in', values: ['2'] }]);
    expect(regionFilterOf(index, 5)).toEqual([{ dimension: 'province', op: 'in', values: ['5'] }]);
    expect(regionFilterOf(index, 6)).toEqual([{ dimension: 'city', op: 'in', values: ['6'] }]);
  });

  it('filters a country among several on its sales regions', () => {
    const twoCountries = indexRegions([
      row(1, null, 'country', 'CN'),
      row(2, 1, 'sales_region', 'EAST'),
      row(4, 2, 'province', 'SH'),
      row(3, 1, 'sales_region', 'WEST'),
      row(9, null, 'country', 'HK'),
      row(10, 9, 'sales_region', 'HK-ALL'),
    ]);
    expect(regionFilterOf(twoCountries, 1)).toEqual([
      { dimension: 'region', op: 'in', values: expect.arrayContaining(['2', '3']) },
    ]);
    expect(regionFilterOf(twoCountries, 1)[0]!.values).toHaveLength(2);
  });

  it('finds the region a group is booked on from its sales region, province and city', () => {
    expect(bookedRegionOf(index, ['2', '5', '6'], null)).toBe(6);
    expect(bookedRegionOf(index, ['2', '5', null], null)).toBe(5);
    expect(bookedRegionOf(index, ['2', null, null], 2)).toBe(2);
    // Booked on the country itself: no level is known.
    expect(bookedRegionOf(index, [null, null, null], null)).toBe(1);
    expect(bookedRegionOf(index, [null, null, null], 1)).toBe(1);
  });
});
