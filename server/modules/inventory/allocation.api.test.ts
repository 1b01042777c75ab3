/**
 * allocateFefo: several lines in one locking read, the reservation planned for the caller to
 * write with its own writes. Its own products, so earlier tests' stock does not interfere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/db.ts';
import { runWrites } from '../../platform/writes.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createLot, seedStockWorld } from './inventory.fixtures.ts';
import { allocateFefo, findLedgerMismatches, postStockMoves } from './stock.service.ts';

let test: TestApp;
let warehouseId: number;
let productIds: number[];

beforeAll(async () => {
  test = await createTestApp();
  ({ warehouseId, productIds } = await seedStockWorld(test.deps.db, ['A1', 'B1']));
});
afterAll(() => test.close());

async function stock(productId: number, lotNumber: string, expiryDate: string, quantity: number) {
  const lot = await createLot(test.deps.db, productId, lotNumber, expiryDate);
  await withTransaction(test.deps.db, (tx) =>
    postStockMoves(tx, [
      { warehouseId, productId, lotId: lot.id, kind: 'receipt', quantity, businessDate: '2026-11-23' },
    ]),
  );
}

const line = (productId: number, quantity: number) => ({
  productId,
  quantity,
  plannedShipDate: '2026-11-23',
  customerMinimumDays: 0,
  acceptPartial: true,
});

async function reservedByLot(): Promise<Record<string, number>> {
  const { rows } = await test.deps.db.query<{ lot: string; reserved: number }>(
    `SELECT l.lot_number AS lot, b.reserved FROM stock_balances b JOIN lots l ON l.id = b.lot_id ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.lot, r.reserved]));
}

describe('allocating several lines at once', () => {
  it('gives a later line of the same product what the earlier ones left, and reserves only when written', async () => {
    const [a, b] = productIds as [number, number];
    await stock(a, 'A-EARLY', '2028-01-01', 5);
    await stock(a, 'A-LATE', '2029-01-01', 10);
    await stock(b, 'B-ONLY', '2028-06-01', 4);

    const plan = await withTransaction(test.deps.db, async (tx) => {
      const planned = await allocateFefo(tx, [line(a, 3), line(b, 6), line(a, 4)]);
      // Planned, not yet written: the balances are untouched inside the transaction too.
      const { rows } = await tx.query<{ n: number }>('SELECT sum(reserved)::int AS n FROM stock_balances');
      expect(rows[0]!.n).toBe(0);
      await runWrites(tx, [planned.reservation!]);
      return planned;
    });

    const picks = plan.lines.map((l) => l.picks.map((p) => `${p.lotNumber}:${p.quantity}`));
    // FEFO: the first A line takes 3 of the early lot; the second the 2 left there, then 2 late.
    expect(picks).toEqual([['A-EARLY:3'], ['B-ONLY:4'], ['A-EARLY:2', 'A-LATE:2']]);
    expect(plan.lines.map((l) => [l.allocated, l.backordered])).toEqual([
      [3, 0],
      [4, 2],
      [4, 0],
    ]);
    expect(await reservedByLot()).toEqual({ 'A-EARLY': 5, 'A-LATE': 2, 'B-ONLY': 4 });
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
  });

  it('fails the transaction when the stock changed between the plan and its write, reserving nothing', async () => {
    const [a] = productIds as [number];
    const before = await reservedByLot();
    await expect(
      withTransaction(test.deps.db, async (tx) => {
        const planned = await allocateFefo(tx, [line(a, 8)]);
        expect(planned.lines[0]!.allocated).toBe(8);
        // Rule and data disagree (here: the same transaction took the late lot's units meanwhile).
        await tx.query(
          `UPDATE stock_balances b SET reserved = b.on_hand FROM lots l
            WHERE l.id = b.lot_id AND l.lot_number = 'A-LATE'`,
        );
        await runWrites(tx, [planned.reservation!]);
      }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    expect(await reservedByLot()).toEqual(before);
  });

  it('plans nothing to write when nothing is there', async () => {
    const plan = await withTransaction(test.deps.db, (tx) => allocateFefo(tx, [line(productIds[1]!, 1)]));
    expect(plan.lines[0]).toMatchObject({ allocated: 0, backordered: 1, picks: [] });
    expect(plan.reservation).toBeNull();
  });
});
