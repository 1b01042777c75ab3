import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from './dates.ts';

/** The definitions these replaced: Date.parse on the date at midnight UTC. */
const reference = {
  daysBetween: (a: string, b: string) =>
    Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000),
  addDays: (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10),
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Dates as users and rules write them, with days past the month's end (Date.parse rolls those over). */
const dateText = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
/** Text that is not such a date, or only nearly. */
const oddText = fc.oneof(
  fc.constantFrom('', '2024-1-01', '2024-00-10', '2024-13-01', '2024-05-00', '2024-05-32', '2024/05/01', 'x'),
  fc.string({ maxLength: 12 }),
);

describe('calendar arithmetic on YYYY-MM-DD', () => {
  it('knows leap years, month ends and the turn of the century', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('1900-02-28', '1900-03-01')).toBe(1);
    expect(daysBetween('2000-02-28', '2000-03-01')).toBe(2);
    expect(daysBetween('2026-11-24', '2025-11-24')).toBe(-365);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('1970-01-01', 0)).toBe('1970-01-01');
    expect(addDays('0001-01-01', -1)).toBe('0000-12-31');
  });

  it('agrees with Date.parse for every date, offset and odd text', () => {
    fc.assert(
      fc.property(dateText, dateText, fc.integer({ min: -4000, max: 4000 }), (a, b, offset) => {
        expect(daysBetween(a, b)).toBe(reference.daysBetween(a, b));
        expect(addDays(a, offset)).toBe(reference.addDays(a, offset));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(oddText, dateText, (odd, date) => {
        expect(daysBetween(odd, date)).toBe(reference.daysBetween(odd, date));
        expect(daysBetween(date, odd)).toBe(reference.daysBetween(date, odd));
        if (!Number.isNaN(Date.parse(`${odd}T00:00:00Z`)))
          expect(addDays(odd, 3)).toBe(reference.addDays(odd, 3));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes years beyond 9999 as Date does', () => {
    expect(addDays('9999-12-31', 1)).toBe(reference.addDays('9999-12-31', 1));
    expect(addDays('0000-01-01', -1)).toBe(reference.addDays('0000-01-01', -1));
  });
});
