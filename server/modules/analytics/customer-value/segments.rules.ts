/**
 * Pure helpers of segment movement and segment tasks: month arithmetic and the movement
 * matrix. No I/O.
 */
import { NO_SEGMENT } from '../../../../contracts/customer-segments.ts';

/** 'YYYY-MM' of a business date. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** The month before 'YYYY-MM'. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The last day of 'YYYY-MM' as YYYY-MM-DD. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export interface MovementCell {
  from: string;
  to: string;
  customers: number;
}

/**
 * How many customers went from each segment (at the first date) to each segment (at the
 * second). A customer without a segment on one side counts as `none` there. Cells are in the
 * order of `order` (rows, then columns); empty cells are left out.
 */
export function countMovements(
  before: ReadonlyMap<number, string>,
  after: ReadonlyMap<number, string>,
  order: readonly string[],
): { cells: MovementCell[]; customers: number; moved: number } {
  const counts = new Map<string, number>();
  const customerIds = new Set([...before.keys(), ...after.keys()]);
  let moved = 0;
  for (const id of customerIds) {
    const from = before.get(id) ?? NO_SEGMENT;
    const to = after.get(id) ?? NO_SEGMENT;
    if (from !== to) moved++;
    const key = `${from}\u0000${to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rank = (segment: string) => {
    const i = order.indexOf(segment);
    return i < 0 ? order.length : i;
  };
  const cells = [...counts.entries()]
    .map(([key, customers]) => {
      const [from, to] = key.split('\u0000') as [string, string];
      return { from, to, customers };
    })
    .sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
  return { cells, customers: customerIds.size, moved };
}

/** Roles that may hand a segment to the owner reps as tasks: managers, directors, admins. */
export const segmentTaskRoles = ['admin', 'regional_manager', 'sales_director', 'general_manager'] as const;
