import { describe, expect, it } from 'vitest';
import { stageConversions } from './attribution.rules.ts';
import { findBottleneck, trailingPeriods, withTrailingAverages } from './funnel.rules.ts';

const reached = (
  lead: number,
  opportunity: number,
  quote: number,
  contract: number,
  won: number,
  paid: number,
) => stageConversions({ lead, opportunity, quote, contract, won, paid });

describe('funnel bottleneck', () => {
  it('is the transition furthest below its trailing average', () => {
    const current = reached(100, 50, 20, 15, 10, 5);
    const trailing = [reached(100, 50, 40, 20, 10, 5), reached(100, 60, 30, 15, 10, 5)];
    const conversions = withTrailingAverages(current, trailing);
    expect(conversions[1]!.trailingRate).toBeCloseTo((0.8 + 0.5) / 2, 12);
    const bottleneck = findBottleneck(conversions);
    expect(bottleneck).toMatchObject({ from: 'opportunity', to: 'quote' });
    expect(bottleneck!.gap).toBeCloseTo(0.4 - 0.65, 12);
  });

  it('is none when every stage converts at least as well as usual or nothing compares', () => {
    expect(
      findBottleneck(withTrailingAverages(reached(10, 5, 5, 5, 5, 5), [reached(10, 5, 5, 5, 5, 5)])),
    ).toBeNull();
    expect(
      findBottleneck(withTrailingAverages(reached(10, 5, 5, 5, 5, 5), [reached(0, 0, 0, 0, 0, 0)])),
    ).toBeNull();
  });

  it('compares with equal periods right before the one analysed', () => {
    expect(trailingPeriods('2026-04-01', '2026-06-30', 2)).toEqual([
      { from: '2025-12-31', to: '2026-03-31' },
      { from: '2025-10-01', to: '2025-12-30' },
    ]);
  });
});
