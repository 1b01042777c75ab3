/**
 * The locking read of allocation candidates runs for every confirmed order: it must be planned
 * once per connection, not for every call. Its own file, so that no connection of the pool has
 * prepared the statement before (PostgreSQL decides between a plan per call and a shared plan
 * on a statement's first executions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/db.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createLot, seedStockWorld } from './inventory.fixtures.ts';
import { lockAllocationCandidates } from './stock.repository.ts';
import { postStockMoves } from './stock.service.ts';

let test: TestApp;
let warehouseId: number;

beforeAll(async () => {
  test = await createTestApp();
  ({ warehouseId } = await seedStockWorld(test.deps.db, []));
});
afterAll(() => test.close());

describe('the allocation candidates read', () => {
  it('is planned once per connection, not for every order', async () => {
    // Planning it anew for each order cost more than running it (order benchmark, issue #4).
    // A few hundred stock rows of many products, without statistics yet (a new company's first
    // day): there PostgreSQL judged a plan for an array of unknown length dearer than planning
    // each call for the one product it was given, and planned every order's read.
    const { rows: many } = await test.deps.db.query<{ id: number }>(
      `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                             standard_cost_fen, list_price_fen, floor_price_fen)
       SELECT 'PLAN-' || i, '计划 ' || i, 'Plan ' || i, '7F', 1, '根', '国械注准20192140001', 2, 1000, 9999, 5000
         FROM generate_series(1, 100) AS i RETURNING id`,
    );
    const lots: { productId: number; lotId: number }[] = [];
    for (const { id } of many) {
      for (const n of [1, 2, 3]) {
        const lot = await createLot(test.deps.db, id, `PLAN-${id}-${n}`, '2030-01-01');
        lots.push({ productId: id, lotId: lot.id });
      }
    }
    await withTransaction(test.deps.db, (tx) =>
      postStockMoves(
        tx,
        lots.map((lot) => ({
          warehouseId,
          productId: lot.productId,
          lotId: lot.lotId,
          kind: 'receipt' as const,
          quantity: 5,
          businessDate: '2026-11-23',
        })),
      ),
    );
    const planCounts = await withTransaction(test.deps.db, async (tx) => {
      for (let i = 0; i < 8; i++) await lockAllocationCandidates(tx, [many[i]!.id]);
      const { rows } = await tx.query<{ generic: number; custom: number }>(
        `SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements
          WHERE statement LIKE '%FROM stock_balances b JOIN lots l%FOR UPDATE OF b%'`,
      );
      return rows;
    });
    expect(planCounts).toHaveLength(1);
    // PostgreSQL tries custom plans five times before it settles on the generic one.
    expect(planCounts[0]!.generic).toBeGreaterThanOrEqual(3);
  });
});
