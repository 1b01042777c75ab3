/**
 * Average inventory and turnover days read from the stock value rollups (rollups.inventory.ts)
 * against a real PostgreSQL: the answer equals the one read from the stock ledger
 * (PULSE_ANALYTICS_ROLLUPS=off) for ranges that start and end inside months or on their edges,
 * by product, warehouse and region, for a company-wide and a 华东 user; moves written after the
 * last refresh count at once; the rollups are really read (tampering shows); a rebuild equals
 * the incremental refreshes; and random ledgers and ranges agree too (fast-check).
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsQueryInput } from '../../../../contracts/analytics-query.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { type FinanceWorld, seedFinanceWorld } from '../../finance/finance.fixtures.ts';
import { dimensions, measures, sources } from '../semantic/semantic.definitions.ts';
import { analyticsAnswerBothWays, analyticsAnswerWith } from '../semantic/semantic.fixtures.ts';
import { chooseReadModel } from './rollups.planner.ts';
import { rebuildRollups, refreshRollups } from './rollups.refresh.ts';

let test: TestApp;
let world: FinanceWorld;
let northWarehouse = 0;

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await test.deps.db.query(text, params)).rows as T[];
}

const ask = (cookie: string, body: AnalyticsQueryInput, mode: 'auto' | 'off') =>
  analyticsAnswerWith(test, cookie, body, mode);

const askBothWays = (cookie: string, body: AnalyticsQueryInput) =>
  analyticsAnswerBothWays(test, cookie, body);

type Move = [day: string, warehouse: 'sh' | 'xa', lot: 'S2601' | 'C-NEAR', quantity: number];

async function addMoves(moves: readonly Move[]) {
  await sql(
    `INSERT INTO stock_moves (business_date, warehouse_id, product_id, lot_id, kind, quantity)
     SELECT m.day::date, CASE m.wh WHEN 'sh' THEN $1::bigint ELSE $2::bigint END, l.product_id, l.id,
            CASE WHEN m.quantity > 0 THEN 'receipt' ELSE 'issue' END, m.quantity
       FROM jsonb_to_recordset($3::jsonb) AS m(day text, wh text, lot text, quantity int)
       JOIN lots l ON l.lot_number = m.lot`,
    [
      world.warehouseId,
      northWarehouse,
      JSON.stringify(moves.map(([day, wh, lot, quantity]) => ({ day, wh, lot, quantity }))),
    ],
  );
}

const inventoryMeasures = ['average_inventory_value', 'cost', 'inventory_turnover_days'];
const ranges = [
  { from: '2026-01-01', to: '2026-03-31' }, // whole months
  { from: '2026-01-10', to: '2026-03-31' }, // starts inside a month
  { from: '2026-01-01', to: '2026-03-20' }, // ends inside a month
  { from: '2026-02-14', to: '2026-02-20' }, // inside one month
  { from: '2026-02-01', to: '2026-02-01' }, // one day
  { from: '2025-12-31', to: '2026-05-31' }, // from the last day of a month
  { from: '2026-07-01', to: '2026-07-31' }, // after every move
  { from: '2025-10-01', to: '2025-10-31' }, // before every move
];
const breakdowns = [[], ['product'], ['warehouse'], ['region'], ['product_line', 'province']];

// The ledger of semantic.api.test.ts (its hand-computed quarter) plus moves in a second,
// Northwest warehouse and moves on month edges.
const ledger: Move[] = [
  ['2025-12-15', 'sh', 'S2601', 20],
  ['2026-02-01', 'sh', 'S2601', -10],
  ['2026-03-22', 'sh', 'C-NEAR', 4],
  ['2026-04-10', 'sh', 'S2601', 100],
];
const northLedger: Move[] = [
  ['2025-11-30', 'xa', 'S2601', 7],
  ['2026-01-01', 'xa', 'C-NEAR', 12],
  ['2026-01-31', 'xa', 'C-NEAR', -5],
  ['2026-03-01', 'xa', 'S2601', -2],
  ['2026-05-31', 'xa', 'C-NEAR', 3],
];

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  northWarehouse = (
    await sql<{ id: number }>(
      `INSERT INTO warehouses (code, name, region_id) VALUES ('WH-XA', '西安仓', 5) RETURNING id`,
    )
  )[0]!.id;
  // The near-expiry catheter lot of semantic.api.test.ts, at 30,000 fen a unit.
  await sql(
    `INSERT INTO lots (product_id, lot_number, expiry_date, status, unit_cost_fen)
     VALUES ($1, 'C-NEAR', '2026-07-15', 'released', 30000)`,
    [world.catheter],
  );
  await addMoves(ledger);
  await refreshRollups(test.deps.db);
}, 90_000);

afterEach(() => {
  delete process.env.PULSE_ANALYTICS_ROLLUPS;
});

afterAll(async () => {
  await test?.close();
});

describe('average inventory from the stock value rollups', () => {
  it('gives the hand-computed quarter of the Shanghai ledger', async () => {
    // 20 × 52,000 × 90 − 10 × 52,000 × 59 + 4 × 30,000 × 10 = 64,120,000 fen-days ÷ 90 → 712,444.
    const quarter = await ask(
      world.cookies.director,
      { measures: ['average_inventory_value'], timeRange: ranges[0]! },
      'auto',
    );
    expect(quarter.totals.values).toEqual({ average_inventory_value: 712_444 });
    const oneDay = await ask(
      world.cookies.director,
      { measures: ['average_inventory_value'], timeRange: ranges[4]! },
      'auto',
    );
    expect(oneDay.totals.values).toEqual({ average_inventory_value: 520_000 });
  });

  it('reads the smallest monthly rollup that keeps the keys, and the ledger for a distributor', async () => {
    const request = (dimensionNames: string[], distributorId: number | null = null) => ({
      ctx: { distributorId, isCompanyWide: distributorId === null },
      source: sources.inventory_days,
      measures: [measures.get('average_inventory_value')!].map((m) => {
        if (m.kind !== 'base') throw new Error(m.name);
        return m;
      }),
      dimensions: dimensionNames.map((n) => dimensions.get(n)!),
      filters: [],
      range: ranges[0]!,
    });
    const pick = async (...args: Parameters<typeof request>) =>
      (await chooseReadModel(test.deps.db, request(...args))).rollup;
    expect(await pick([])).toBe('analytics_monthly_stock_value_by_warehouse');
    expect(await pick(['region', 'warehouse'])).toBe('analytics_monthly_stock_value_by_warehouse');
    expect(await pick(['product_line'])).toBe('analytics_monthly_stock_value');
    expect(await pick([], world.westDealer)).toBeNull();
    expect((await chooseReadModel(test.deps.db, request([]), 'off')).rollup).toBeNull();
  });

  it('equals the ledger for every range and breakdown, for a director and a 华东 user', async () => {
    await addMoves(northLedger);
    await refreshRollups(test.deps.db);
    let nonZero = 0;
    for (const cookie of [world.cookies.director, world.cookies.east])
      for (const timeRange of ranges)
        for (const dims of breakdowns) {
          // Cost (of the turnover) has no warehouse.
          const answer = await askBothWays(cookie, {
            measures: dims.includes('warehouse') ? ['average_inventory_value'] : inventoryMeasures,
            dimensions: dims,
            timeRange,
          });
          if (answer.totals.values.average_inventory_value !== 0) nonZero++;
        }
    // Most of the matrix holds stock (the ranges before and after every move hold none or all).
    expect(nonZero).toBeGreaterThan(50);
  });

  it('counts moves written since the last refresh, and reads the rollups once refreshed', async () => {
    const body: AnalyticsQueryInput = { measures: ['average_inventory_value'], timeRange: ranges[0]! };
    const before = (await ask(world.cookies.director, body, 'auto')).totals.values.average_inventory_value!;
    // 90 catheters into Shanghai on 1 February: held 59 days of the quarter at 30,000 fen.
    await addMoves([['2026-02-01', 'sh', 'C-NEAR', 90]]);
    const dirty = await sql<{ day: string }>(
      `SELECT day::text AS day FROM analytics_rollup_dirty_days WHERE family = 'stock'`,
    );
    expect(dirty.map((d) => d.day)).toEqual(['2026-02-01']);
    const expected = before + Math.round((90 * 30_000 * 59) / 90);
    expect((await askBothWays(world.cookies.director, body)).totals.values.average_inventory_value).toBe(
      expected,
    );
    await refreshRollups(test.deps.db);
    expect(await sql(`SELECT 1 FROM analytics_rollup_dirty_days WHERE family = 'stock'`)).toEqual([]);
    expect((await askBothWays(world.cookies.director, body)).totals.values.average_inventory_value).toBe(
      expected,
    );
  });

  it('shows a tampered rollup row: whole months from the monthly rollup, other days from the daily one', async () => {
    const whole: AnalyticsQueryInput = { measures: ['average_inventory_value'], timeRange: ranges[0]! };
    const partial: AnalyticsQueryInput = { measures: ['average_inventory_value'], timeRange: ranges[3]! };
    const [rawWhole, rawPartial] = [
      (await ask(world.cookies.director, whole, 'off')).totals.values.average_inventory_value!,
      (await ask(world.cookies.director, partial, 'off')).totals.values.average_inventory_value!,
    ];
    // 9,000 fen more stock moved into the Xi'an warehouse in January, on the 1st (day value
    // unchanged): held all 90 days of the quarter.
    await sql(
      `UPDATE analytics_monthly_stock_value_by_warehouse SET value_fen = value_fen + 9000
        WHERE month = '2026-01-01' AND warehouse_id = $1`,
      [northWarehouse],
    );
    expect((await ask(world.cookies.director, whole, 'auto')).totals.values.average_inventory_value).toBe(
      rawWhole + 9000,
    );
    // 700 fen more on 1 February, before the range: held all 7 days of 14–20 February, as is
    // January's tampered monthly row.
    await sql(
      `UPDATE analytics_daily_stock_value SET value_fen = value_fen + 700
        WHERE ctid = (SELECT min(ctid) FROM analytics_daily_stock_value WHERE day = '2026-02-01')`,
    );
    expect((await ask(world.cookies.director, partial, 'auto')).totals.values.average_inventory_value).toBe(
      rawPartial + 9000 + 700,
    );
    await rebuildRollups(test.deps.db);
    await askBothWays(world.cookies.director, whole);
    await askBothWays(world.cookies.director, partial);
  });

  it('a rebuild from scratch gives the same rows as the incremental refreshes', async () => {
    await addMoves([
      ['2026-01-20', 'xa', 'S2601', 3],
      ['2026-06-30', 'sh', 'C-NEAR', -1],
    ]);
    await refreshRollups(test.deps.db);
    const snapshot = async () =>
      sql(
        `SELECT 'daily' AS t, day::text AS d, region_id, warehouse_id, product_id, value_fen::text, day_value_fen::text
           FROM analytics_daily_stock_value
         UNION ALL
         SELECT 'monthly', month::text, region_id, warehouse_id, product_id, value_fen::text, day_value_fen::text
           FROM analytics_monthly_stock_value
         UNION ALL
         SELECT 'by warehouse', month::text, region_id, warehouse_id, NULL, value_fen::text, day_value_fen::text
           FROM analytics_monthly_stock_value_by_warehouse
         ORDER BY 1, 2, 3, 4, 5, 6`,
      );
    const incremental = await snapshot();
    await rebuildRollups(test.deps.db);
    expect(await snapshot()).toEqual(incremental);
    expect(incremental.length).toBeGreaterThan(10);
  });
});

describe('random ledgers and ranges', () => {
  it('give the same average inventory with and without rollups, refreshed or not', async () => {
    const day = fc
      .integer({ min: 0, max: 150 })
      .map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const move = fc.tuple(
      day,
      fc.constantFrom('sh' as const, 'xa' as const),
      fc.constantFrom('S2601' as const, 'C-NEAR' as const),
      fc.integer({ min: -20, max: 40 }).filter((q) => q !== 0),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(move, { minLength: 1, maxLength: 8 }),
        fc.tuple(day, day),
        fc.boolean(),
        fc.constantFrom(...breakdowns),
        async (moves, [a, b], refresh, dims) => {
          await addMoves(moves);
          if (refresh) await refreshRollups(test.deps.db);
          const timeRange = a <= b ? { from: a, to: b } : { from: b, to: a };
          await askBothWays(world.cookies.director, {
            measures: ['average_inventory_value'],
            dimensions: dims,
            timeRange,
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});
