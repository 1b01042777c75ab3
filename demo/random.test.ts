import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';

describe('seeded random generator', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
  });

  it('keeps forks independent of how much the parent was used', () => {
    const a = new Random(7);
    const b = new Random(7);
    expect(a.fork('products').next()).toBe(b.fork('products').next());
    expect(a.fork('products').next()).not.toBe(a.fork('customers').next());
  });

  it('stays within bounds', () => {
    const r = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
    }
  });
});
