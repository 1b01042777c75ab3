import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { findLedgerMismatches } from '../../inventory/index.ts';
import { receiveLot, type SalesWorld, seedSalesWorld } from '../sales.fixtures.ts';

let test: TestApp;
let world: SalesWorld;
let baseUrl: string;
// Several sockets, so requests run side by side on several database connections.
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

beforeAll(async () => {
  test = await createTestApp();
  world = await seedSalesWorld(test);
  await test.app.listen({ port: 0, host: '127.0.0.1' });
  const address = test.app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('not listening');
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  agent.destroy();
  await test.close();
});

function post(
  path: string,
  body: object,
  cookie: string,
): Promise<{ status: number; body: { error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(
      `${baseUrl}${path}`,
      {
        method: 'POST',
        agent,
        headers: { cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** Small deterministic generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('concurrent orders against scarce stock', () => {
  for (const seed of [1, 7, 2026]) {
    it(`sells exactly the 10 available units to 50 concurrent one-unit orders (seed ${seed})`, async () => {
      const next = random(seed);
      const db = test.deps.db;
      const { rows } = await db.query<{ id: number }>(
        `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                               standard_cost_fen, list_price_fen)
         VALUES ($1, '导丝', 'Guide wire', '0.014in', 1, '根', '国械注准20192140777', 2, 100, 5000) RETURNING id`,
        [`RACE-${seed}`],
      );
      const productId = rows[0]!.id;
      // The 10 units are split over lots at random (FEFO must spread the orders over them).
      const lots = 1 + Math.floor(next() * 4);
      let left = 10;
      for (let i = 0; i < lots; i++) {
        const quantity = i === lots - 1 ? left : 1 + Math.floor(next() * (left - (lots - i - 1)));
        left -= quantity;
        await receiveLot(test, {
          productId,
          warehouseId: world.warehouseId,
          lotNumber: `R${seed}-${i}`,
          expiryDate: `2028-0${1 + i}-15`,
          quantity,
        });
      }
      const cookies = [world.cookies.director, world.cookies.manager, world.cookies.east];
      const requests = Array.from({ length: 50 }, (_, i) => async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 5)));
        return post(
          '/api/orders',
          {
            customerId: world.eastHospital,
            orderDate: '2026-11-25',
            confirm: true,
            note: `race ${seed} #${i}`,
            lines: [{ productId, quantity: 1 }],
          },
          cookies[i % cookies.length]!,
        );
      });
      const responses = await Promise.all(requests.map((send) => send()));

      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 409)).toHaveLength(40);
      expect(new Set(responses.filter((r) => r.status === 409).map((r) => r.body.error?.code))).toEqual(
        new Set(['INSUFFICIENT_STOCK']),
      );
      const balance = await db.query<{ onHand: number; reserved: number; negative: number }>(
        `SELECT sum(on_hand)::int AS "onHand", sum(reserved)::int AS reserved,
                count(*) FILTER (WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand)::int AS negative
           FROM stock_balances WHERE product_id = $1`,
        [productId],
      );
      expect(balance.rows[0]).toEqual({ onHand: 10, reserved: 10, negative: 0 });
      const allocated = await db.query<{ n: number; orders: number }>(
        `SELECT coalesce(sum(a.quantity), 0)::int AS n, count(DISTINCT a.order_id)::int AS orders
           FROM sales_order_allocations a WHERE a.product_id = $1 AND a.status = 'reserved'`,
        [productId],
      );
      expect(allocated.rows[0]).toEqual({ n: 10, orders: 10 });
      expect(await findLedgerMismatches(db)).toEqual([]);
    });
  }
});
