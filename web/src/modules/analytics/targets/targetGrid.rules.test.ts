import { describe, expect, it } from 'vitest';
import type { RevenueTarget, TargetYear } from '../../../../../contracts/targets.ts';
import { buildTargetGrid, monthsOf } from './targetGrid.rules.ts';

const target = (
  id: number,
  month: string,
  regionId: number,
  repId: number | null,
  amountFen: number,
): RevenueTarget => ({
  id,
  month,
  regionId,
  regionName: regionId === 1 ? '华东' : '华南',
  repId,
  repName: repId === null ? null : `rep${repId}`,
  amountFen,
  version: 1,
  updatedAt: '2026-01-01T00:00:00Z',
});

const year: TargetYear = {
  year: 2026,
  regions: [
    { id: 1, code: 'EAST', name: '华东' },
    { id: 2, code: 'SOUTH', name: '华南' },
  ],
  reps: [
    { id: 10, username: 'a', name: 'A', regionId: 1 },
    { id: 11, username: 'b', name: 'B', regionId: 1 },
    { id: 12, username: 'c', name: 'C', regionId: 2 },
  ],
  targets: [
    target(1, '2026-01', 1, null, 300),
    target(2, '2026-02', 1, null, 200),
    target(3, '2026-01', 1, 10, 100),
    // B's quota counts in 华南 this year, so B sits under 华南 only.
    target(4, '2026-01', 2, 11, 50),
  ],
  editableRegionIds: [2],
};

describe('the targets grid', () => {
  it('puts each region with its own targets and year total first, its reps below it', () => {
    const rows = buildTargetGrid(year, (name) => name);
    expect(rows.map((r) => [r.key, r.yearTotalFen, r.isEditable])).toEqual([
      ['region:1', 500, false],
      ['region:2', 0, true],
    ]);
    expect(rows[0]!.targets.get('2026-02')?.amountFen).toBe(200);
    expect(rows[0]!.children?.map((r) => [r.name, r.yearTotalFen])).toEqual([['A', 100]]);
    expect(rows[1]!.children?.map((r) => [r.name, r.repId, r.yearTotalFen, r.isEditable])).toEqual([
      ['B', 11, 50, true],
      ['C', 12, 0, true],
    ]);
  });

  it('lists the twelve months of the year', () => {
    expect(monthsOf(2026)).toHaveLength(12);
    expect(monthsOf(2026)[11]).toBe('2026-12');
  });
});
