import { describe, expect, it } from 'vitest';
import {
  axisYuan,
  changeTone,
  filtersFromSearch,
  formatChange,
  formatPoints,
  isCostShown,
  kpiCardSpan,
  monthLabel,
  periodPresets,
  revenueShares,
  searchFromFilters,
  yearsLabel,
} from './dashboard.rules.ts';

describe('dashboard filters in the address', () => {
  it('keeps only well-formed filters', () => {
    expect(
      filtersFromSearch(new URLSearchParams('from=2026-01-01&to=2026-06-30&regionId=12&channel=tender')),
    ).toEqual({ from: '2026-01-01', to: '2026-06-30', regionId: 12, channel: 'tender' });
    expect(filtersFromSearch(new URLSearchParams('from=today&regionId=-3&channel=retail'))).toEqual({});
  });

  it('writes back what it reads', () => {
    const filters = { from: '2026-01-01', regionId: 4 };
    expect(filtersFromSearch(new URLSearchParams(searchFromFilters(filters)))).toEqual(filters);
  });
});

describe('year-over-year changes', () => {
  it('points up, down, flat, or nowhere without a comparison', () => {
    expect(changeTone(0.12)).toBe('up');
    expect(changeTone(-0.01)).toBe('down');
    expect(changeTone(0.00001)).toBe('flat');
    expect(changeTone(null)).toBe('none');
  });

  it('always shows the sign', () => {
    expect(formatChange(0.123, 'en')).toBe('+12.3%');
    expect(formatChange(-0.045, 'zh-CN')).toBe('−4.5%');
    expect(formatPoints(0.0234, 'en')).toBe('+2.3');
    expect(formatPoints(-0.1, 'en')).toBe('−10.0');
  });
});

describe('region shares', () => {
  it('shares positive revenue only', () => {
    expect(revenueShares([{ revenueCnyFen: 300 }, { revenueCnyFen: 100 }, { revenueCnyFen: -50 }])).toEqual([
      0.75, 0.25, 0,
    ]);
    expect(revenueShares([{ revenueCnyFen: 0 }])).toEqual([0]);
  });
});

describe('period presets', () => {
  it('are computed from the business date', () => {
    const presets = Object.fromEntries(periodPresets('2026-11-23').map((p) => [p.key, [p.from, p.to]]));
    expect(presets).toEqual({
      thisMonth: ['2026-11-01', '2026-11-23'],
      thisQuarter: ['2026-10-01', '2026-11-23'],
      yearToDate: ['2026-01-01', '2026-11-23'],
      last12Months: ['2025-12-01', '2026-11-30'],
      lastYear: ['2025-01-01', '2025-12-31'],
    });
    expect(periodPresets('2026-12-05').find((p) => p.key === 'last12Months')).toMatchObject({
      from: '2026-01-01',
      to: '2026-12-31',
    });
  });
});

describe('chart labels', () => {
  it('names months briefly, with the year when the chart spans several', () => {
    expect(monthLabel('2026-03', 'zh-CN', false)).toBe('3月');
    expect(monthLabel('2026-03', 'zh-CN', true)).toBe('26年3月');
    expect(monthLabel('2026-03', 'en', false)).toBe('Mar');
    expect(monthLabel('2026-12', 'en', true)).toBe('Dec 26');
    expect(yearsLabel('2026-01-01', '2026-06-30')).toBe('2026');
    expect(yearsLabel('2025-07-01', '2026-06-30')).toBe('2025–2026');
  });
});

describe('axis labels', () => {
  it('show whole yuan, compact once 万 (or K) applies', () => {
    expect(axisYuan(900_000, 'zh-CN')).toBe('9,000');
    expect(axisYuan(1_500_000, 'zh-CN')).toBe('1.5万');
    expect(axisYuan(250_000, 'en')).toBe('2.5K');
    expect(axisYuan(0, 'en')).toBe('0');
  });
});

describe('cost figures', () => {
  const kpi = { current: 100, previous: 80, changeRate: 0.25 };

  it('are shown when the server sends gross profit, and not when it sends null (a distributor)', () => {
    expect(isCostShown({ grossProfitCnyFen: kpi })).toBe(true);
    expect(isCostShown({ grossProfitCnyFen: null })).toBe(false);
  });

  it('are laid out before the first answer arrives', () => {
    expect(isCostShown(undefined)).toBe(true);
  });
});

describe('KPI card layout', () => {
  it('puts five cards in one wide row, two to a phone row with the last one alone', () => {
    expect([0, 1, 2, 3, 4].map((i) => kpiCardSpan(i, 5))).toEqual([
      { xs: 12, xlFlex: '20%' },
      { xs: 12, xlFlex: '20%' },
      { xs: 12, xlFlex: '20%' },
      { xs: 12, xlFlex: '20%' },
      { xs: 24, xlFlex: '20%' },
    ]);
  });

  it('spreads the three cards of a role without cost figures over the same row', () => {
    expect([0, 1, 2].map((i) => kpiCardSpan(i, 3))).toEqual([
      { xs: 12, xlFlex: '33.33%' },
      { xs: 12, xlFlex: '33.33%' },
      { xs: 24, xlFlex: '33.33%' },
    ]);
    expect(kpiCardSpan(3, 4)).toEqual({ xs: 12, xlFlex: '25%' });
  });
});
