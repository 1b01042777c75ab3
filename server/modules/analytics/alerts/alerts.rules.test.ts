import { describe, expect, it } from 'vitest';
import { isConditionMet, resolveAlertPeriod } from '../../../../contracts/kpi-alerts.ts';
import { seesEverythingOf, shouldNotify, toEnteredThreshold, toThresholdValue } from './alerts.rules.ts';

describe('KPI alert rules', () => {
  it('notifies on the edge only: first true, or true after false', () => {
    expect(shouldNotify(null, true)).toBe(true);
    expect(shouldNotify(false, true)).toBe(true);
    expect(shouldNotify(true, true)).toBe(false);
    expect(shouldNotify(true, false)).toBe(false);
    expect(shouldNotify(null, false)).toBe(false);
  });

  it('compares strictly or not as the operator says, and never crosses without a value', () => {
    expect(isConditionMet(100, '>', 100)).toBe(false);
    expect(isConditionMet(100, '>=', 100)).toBe(true);
    expect(isConditionMet(0.24, '<', 0.25)).toBe(true);
    expect(isConditionMet(0.25, '<=', 0.25)).toBe(true);
    expect(isConditionMet(null, '<', 0.25)).toBe(false);
  });

  it('resolves relative periods on a business date', () => {
    expect(resolveAlertPeriod('last_7_days', '2026-03-03')).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(resolveAlertPeriod('month_to_date', '2026-03-03')).toEqual({
      from: '2026-03-01',
      to: '2026-03-03',
    });
    expect(resolveAlertPeriod('last_month', '2026-03-03')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(resolveAlertPeriod('quarter_to_date', '2026-05-20')).toEqual({
      from: '2026-04-01',
      to: '2026-05-20',
    });
    expect(resolveAlertPeriod('year_to_date', '2026-01-01')).toEqual({
      from: '2026-01-01',
      to: '2026-01-01',
    });
  });

  it('keeps money thresholds in fen exactly and refuses a third decimal', () => {
    expect(toThresholdValue('money', 1_000_000)).toBe(100_000_000);
    expect(toThresholdValue('money', 1_000_000.01)).toBe(100_000_001);
    expect(toThresholdValue('money', -5.5)).toBe(-550);
    expect(toThresholdValue('rate', 0.25)).toBe(0.25);
    expect(toEnteredThreshold('money', 100_000_001)).toBe(1_000_000.01);
    expect(() => toThresholdValue('money', 0.001)).toThrow(RangeError);
  });

  it('tells a role holder only figures of a scope they see themselves', () => {
    const east = { isCompanyWide: false, regionIds: [2, 4], distributorId: null };
    const all = { isCompanyWide: true, regionIds: [], distributorId: null };
    const west = { isCompanyWide: false, regionIds: [3, 5], distributorId: null };
    const shanghaiOnly = { isCompanyWide: false, regionIds: [4], distributorId: null };
    const dealer = { isCompanyWide: false, regionIds: [], distributorId: 9 };
    expect(seesEverythingOf(east, all)).toBe(true);
    expect(seesEverythingOf(east, east)).toBe(true);
    expect(seesEverythingOf(east, west)).toBe(false);
    expect(seesEverythingOf(east, shanghaiOnly)).toBe(false);
    expect(seesEverythingOf(all, east)).toBe(false);
    expect(seesEverythingOf(east, dealer)).toBe(false);
    expect(seesEverythingOf(dealer, dealer)).toBe(true);
    expect(seesEverythingOf(dealer, east)).toBe(false);
  });
});
