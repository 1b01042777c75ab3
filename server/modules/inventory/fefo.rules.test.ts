import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateLotsFefo, type StockCandidate } from './fefo.rules.ts';

const lot = (
  over: Partial<StockCandidate> & Pick<StockCandidate, 'lotId' | 'lotNumber' | 'expiryDate' | 'available'>,
): StockCandidate => ({
  warehouseId: 1,
  receivedDate: '2026-01-10',
  status: 'released',
  ...over,
});

describe('FEFO allocation (DOMAIN §3)', () => {
  it('reproduces the worked example: L1 on hold, L2 exactly at the 120-day minimum, so L2 4 + L3 4', () => {
    const candidates = [
      lot({ lotId: 1, lotNumber: 'L1', expiryDate: '2027-01-31', available: 5, status: 'on_hold' }),
      lot({ lotId: 2, lotNumber: 'L2', expiryDate: '2027-03-31', available: 4 }),
      lot({ lotId: 3, lotNumber: 'L3', expiryDate: '2027-06-30', available: 10 }),
    ];
    const result = allocateLotsFefo(candidates, {
      quantity: 8,
      plannedShipDate: '2026-12-01',
      customerMinimumDays: 120,
      acceptPartial: false,
    });
    expect(result.picks.map((p) => [p.lotNumber, p.quantity])).toEqual([
      ['L2', 4],
      ['L3', 4],
    ]);
    expect(result).toMatchObject({ allocated: 8, backordered: 0, isComplete: true });
  });

  it('skips a lot one day short of the customer minimum', () => {
    const result = allocateLotsFefo(
      [lot({ lotId: 2, lotNumber: 'L2', expiryDate: '2027-03-30', available: 4 })],
      {
        quantity: 1,
        plannedShipDate: '2026-12-01',
        customerMinimumDays: 120,
        acceptPartial: true,
      },
    );
    expect(result.picks).toEqual([]);
    expect(result.backordered).toBe(1);
  });

  it('never ships a lot expiring on the ship date, even with no customer minimum', () => {
    const candidates = [
      lot({ lotId: 1, lotNumber: 'A', expiryDate: '2026-12-01', available: 5 }),
      lot({ lotId: 2, lotNumber: 'B', expiryDate: '2026-12-02', available: 5 }),
    ];
    const result = allocateLotsFefo(candidates, {
      quantity: 3,
      plannedShipDate: '2026-12-01',
      customerMinimumDays: 0,
      acceptPartial: false,
    });
    expect(result.picks.map((p) => p.lotNumber)).toEqual(['B']);
  });

  it('skips quarantined and recalled lots', () => {
    const candidates = [
      lot({ lotId: 1, lotNumber: 'Q', expiryDate: '2027-01-01', available: 5, status: 'quarantine' }),
      lot({ lotId: 2, lotNumber: 'R', expiryDate: '2027-01-01', available: 5, status: 'recalled' }),
      lot({ lotId: 3, lotNumber: 'OK', expiryDate: '2028-01-01', available: 5 }),
    ];
    const result = allocateLotsFefo(candidates, {
      quantity: 2,
      plannedShipDate: '2026-12-01',
      customerMinimumDays: 0,
      acceptPartial: false,
    });
    expect(result.picks.map((p) => p.lotNumber)).toEqual(['OK']);
  });

  it('breaks expiry ties by earliest receipt, then lot number', () => {
    const candidates = [
      lot({ lotId: 1, lotNumber: 'B', expiryDate: '2027-05-01', receivedDate: '2026-02-01', available: 1 }),
      lot({ lotId: 2, lotNumber: 'C', expiryDate: '2027-05-01', receivedDate: '2026-01-01', available: 1 }),
      lot({ lotId: 3, lotNumber: 'A', expiryDate: '2027-05-01', receivedDate: '2026-02-01', available: 1 }),
    ];
    const result = allocateLotsFefo(candidates, {
      quantity: 3,
      plannedShipDate: '2026-12-01',
      customerMinimumDays: 0,
      acceptPartial: false,
    });
    expect(result.picks.map((p) => p.lotNumber)).toEqual(['C', 'A', 'B']);
  });

  it('allocates nothing when stock falls short and partial is not accepted; backorders the rest when it is', () => {
    const candidates = [lot({ lotId: 1, lotNumber: 'A', expiryDate: '2028-01-01', available: 3 })];
    const request = { quantity: 5, plannedShipDate: '2026-12-01', customerMinimumDays: 0 };
    expect(allocateLotsFefo(candidates, { ...request, acceptPartial: false })).toEqual({
      picks: [],
      allocated: 0,
      backordered: 5,
      isComplete: false,
    });
    expect(allocateLotsFefo(candidates, { ...request, acceptPartial: true })).toMatchObject({
      allocated: 3,
      backordered: 2,
      isComplete: false,
    });
  });

  it('never allocates more than available nor more than ordered, and only eligible lots (property)', () => {
    const candidate = fc.record({
      lotId: fc.integer({ min: 1, max: 1000 }),
      lotNumber: fc.string({ minLength: 1, maxLength: 4 }),
      expiryOffset: fc.integer({ min: -30, max: 800 }),
      available: fc.integer({ min: 0, max: 50 }),
      status: fc.constantFrom('released', 'quarantine', 'on_hold', 'recalled'),
    });
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 12 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 365 }),
        fc.boolean(),
        (raw, quantity, minimum, acceptPartial) => {
          const candidates = raw.map((c, i) =>
            lot({
              lotId: i + 1,
              lotNumber: c.lotNumber,
              expiryDate: new Date(Date.UTC(2026, 11, 1) + c.expiryOffset * 86_400_000)
                .toISOString()
                .slice(0, 10),
              available: c.available,
              status: c.status as StockCandidate['status'],
            }),
          );
          const result = allocateLotsFefo(candidates, {
            quantity,
            plannedShipDate: '2026-12-01',
            customerMinimumDays: minimum,
            acceptPartial,
          });
          const total = result.picks.reduce((sum, p) => sum + p.quantity, 0);
          expect(total).toBe(result.allocated);
          expect(result.allocated + result.backordered).toBe(quantity);
          for (const pick of result.picks) {
            const source = candidates.find((c) => c.lotId === pick.lotId)!;
            expect(pick.quantity).toBeLessThanOrEqual(source.available);
            expect(source.status).toBe('released');
            const days = (Date.parse(source.expiryDate) - Date.parse('2026-12-01')) / 86_400_000;
            expect(days).toBeGreaterThanOrEqual(Math.max(1, minimum));
          }
          if (!acceptPartial) expect(result.allocated === 0 || result.allocated === quantity).toBe(true);
        },
      ),
    );
  });
});
