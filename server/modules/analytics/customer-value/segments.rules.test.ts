import { describe, expect, it } from 'vitest';
import { countMovements, monthEnd, previousMonth } from './segments.rules.ts';

describe('segment movement rules', () => {
  it('finds month ends and previous months across years and leap days', () => {
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2026-12')).toBe('2026-12-31');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-11')).toBe('2026-10');
  });

  it('counts each customer once, from its first segment to its second, none for no segment', () => {
    const before = new Map([
      [1, 'new'],
      [2, 'new'],
      [3, 'regular'],
    ]);
    const after = new Map([
      [1, 'potential'],
      [2, 'new'],
      [3, 'churn_risk'],
      [4, 'new'],
    ]);
    const result = countMovements(before, after, ['none', 'new', 'potential', 'regular', 'churn_risk']);
    expect(result).toEqual({
      customers: 4,
      moved: 3,
      cells: [
        { from: 'none', to: 'new', customers: 1 },
        { from: 'new', to: 'new', customers: 1 },
        { from: 'new', to: 'potential', customers: 1 },
        { from: 'regular', to: 'churn_risk', customers: 1 },
      ],
    });
  });
});
