import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createLot, seedStockWorld } from './inventory.fixtures.ts';
import {
  allocateAndReserve,
  findLedgerMismatches,
  issueReservedStock,
  postStockMoves,
  releaseReservations,
} from './stock.service.ts';

let test: TestApp;
let productId: number;
let warehouseId: number;

beforeAll(async () => {
  test = await createTestApp();
  const world = await seedStockWorld(test.deps.db, ['P1']);
  warehouseId = world.warehouseId;
  productId = world.productIds[0]!;
});
afterAll(() => test.close());

const lotOf = (lotNumber: string, expiryDate: string) =>
  createLot(test.deps.db, productId, lotNumber, expiryDate);

const receive = (lotId: number, quantity: number) =>
  withTransaction(test.deps.db, (tx) =>
    postStockMoves(tx, [
      { warehouseId, productId, lotId, kind: 'receipt', quantity, businessDate: '2026-11-23' },
    ]),
  );

describe('stock ledger', () => {
  it('refuses to take out more than is on hand, leaving nothing behind', async () => {
    const lot = await lotOf('NEG-1', '2028-01-01');
    await receive(lot.id, 3);
    await expect(
      withTransaction(test.deps.db, (tx) =>
        postStockMoves(tx, [
          { warehouseId, productId, lotId: lot.id, kind: 'scrap', quantity: -4, businessDate: '2026-11-23' },
        ]),
      ),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    const { rows } = await test.deps.db.query(
      'SELECT count(*)::int AS n FROM stock_moves WHERE lot_id = $1',
      [lot.id],
    );
    expect(rows[0].n).toBe(1);
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
  });

  it('never lets a move be changed or deleted', async () => {
    await expect(test.deps.db.query('UPDATE stock_moves SET quantity = 100')).rejects.toThrow(/immutable/);
    await expect(test.deps.db.query('DELETE FROM stock_moves')).rejects.toThrow(/immutable/);
  });

  it('lets exactly the available units be reserved when 30 allocations race for 10 units', async () => {
    const lot = await lotOf('RACE-1', '2029-01-01');
    await receive(lot.id, 10);
    const attempts = Array.from({ length: 30 }, () =>
      withTransaction(test.deps.db, (tx) =>
        allocateAndReserve(tx, {
          productId,
          quantity: 1,
          plannedShipDate: '2026-11-23',
          customerMinimumDays: 0,
          acceptPartial: false,
          warehouseIds: [warehouseId],
        }),
      ).then((r) => r.allocated),
    );
    const allocated = await Promise.all(attempts);
    // The 3 units left by the first test expire earlier (FEFO), so 13 units in all: 13 succeed.
    expect(allocated.filter((a) => a === 1)).toHaveLength(13);
    expect(allocated.filter((a) => a === 0)).toHaveLength(17);
    const { rows } = await test.deps.db.query<{ lot: string; reserved: number }>(
      'SELECT l.lot_number AS lot, b.reserved FROM stock_balances b JOIN lots l ON l.id = b.lot_id ORDER BY l.lot_number',
    );
    expect(rows).toEqual([
      { lot: 'NEG-1', reserved: 3 },
      { lot: 'RACE-1', reserved: 10 },
    ]);
  });
});

describe('outgoing moves', () => {
  it('takes units out of a row that has them (the balance check judges the result, not the move)', async () => {
    const lot = await lotOf('OUT-1', '2030-01-01');
    await receive(lot.id, 5);
    await withTransaction(test.deps.db, (tx) =>
      postStockMoves(tx, [
        {
          warehouseId,
          productId,
          lotId: lot.id,
          kind: 'scrap',
          quantity: -2,
          reason: 'broken',
          businessDate: '2026-11-23',
        },
        {
          warehouseId,
          productId,
          lotId: lot.id,
          kind: 'adjustment',
          quantity: -3,
          reason: 'count',
          businessDate: '2026-11-23',
        },
      ]),
    );
    const { rows } = await test.deps.db.query('SELECT on_hand FROM stock_balances WHERE lot_id = $1', [
      lot.id,
    ]);
    expect(rows).toEqual([{ on_hand: 0 }]);
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
  });
});

describe('ledger invariant under random operations (property)', () => {
  it('keeps balances equal to the ledger sum and never negative, whatever the mix', async () => {
    const lots = [await lotOf('PROP-A', '2028-06-30'), await lotOf('PROP-B', '2027-03-31')];
    type Op =
      | { kind: 'receive'; lot: number; quantity: number }
      | { kind: 'reserve'; quantity: number }
      | { kind: 'release' }
      | { kind: 'ship' }
      | { kind: 'adjust'; lot: number; quantity: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constant('receive' as const),
        lot: fc.integer({ min: 0, max: 1 }),
        quantity: fc.integer({ min: 1, max: 20 }),
      }),
      fc.record({ kind: fc.constant('reserve' as const), quantity: fc.integer({ min: 1, max: 15 }) }),
      fc.record({ kind: fc.constant('release' as const) }),
      fc.record({ kind: fc.constant('ship' as const) }),
      fc.record({
        kind: fc.constant('adjust' as const),
        lot: fc.integer({ min: 0, max: 1 }),
        quantity: fc.integer({ min: -10, max: 10 }).filter((q) => q !== 0),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 15 }), async (ops) => {
        const held: { warehouseId: number; productId: number; lotId: number; quantity: number }[][] = [];
        for (const step of ops) {
          try {
            await withTransaction(test.deps.db, async (tx) => {
              if (step.kind === 'receive') {
                await postStockMoves(tx, [
                  {
                    warehouseId,
                    productId,
                    lotId: lots[step.lot]!.id,
                    kind: 'receipt',
                    quantity: step.quantity,
                    businessDate: '2026-11-23',
                  },
                ]);
              } else if (step.kind === 'adjust') {
                await postStockMoves(tx, [
                  {
                    warehouseId,
                    productId,
                    lotId: lots[step.lot]!.id,
                    kind: 'adjustment',
                    quantity: step.quantity,
                    reason: 'count',
                    businessDate: '2026-11-23',
                  },
                ]);
              } else if (step.kind === 'reserve') {
                const result = await allocateAndReserve(tx, {
                  productId,
                  quantity: step.quantity,
                  plannedShipDate: '2026-11-23',
                  customerMinimumDays: 0,
                  acceptPartial: true,
                  warehouseIds: [warehouseId],
                });
                if (result.picks.length > 0)
                  held.push(
                    result.picks.map((p) => ({
                      warehouseId: p.warehouseId,
                      productId,
                      lotId: p.lotId,
                      quantity: p.quantity,
                    })),
                  );
              } else if (step.kind === 'release' && held.length > 0) {
                await releaseReservations(tx, held.pop()!);
              } else if (step.kind === 'ship' && held.length > 0) {
                await issueReservedStock(tx, held.shift()!, {
                  businessDate: '2026-11-23',
                  referenceType: 'test',
                  referenceId: 1,
                  createdBy: null,
                });
              }
            });
          } catch (error) {
            // Refusals (not enough stock) are fine; anything else is a bug.
            if (!(error instanceof AppError)) throw error;
          }
        }
        expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
        const negative = await test.deps.db.query(
          'SELECT 1 FROM stock_balances WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand',
        );
        expect(negative.rowCount).toBe(0);
        // Leave no reservation behind for the next run.
        for (const reservation of held)
          await withTransaction(test.deps.db, (tx) => releaseReservations(tx, reservation));
      }),
      { numRuns: 25 },
    );
  });
});
