import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  addHospital,
  apiAs,
  type CreditWorld,
  seedCreditWorld,
  setProfile,
  yuan,
} from './credit.fixtures.ts';

let test: TestApp;
let world: CreditWorld;
let baseUrl: string;
// Several sockets, so requests run side by side on several database connections.
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

beforeAll(async () => {
  test = await createTestApp();
  world = await seedCreditWorld(test);
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

async function acceptedTotal(customerId: number): Promise<{ orders: number; grossFen: number }> {
  const { rows } = await test.deps.db.query<{ orders: number; grossFen: number }>(
    `SELECT count(*)::int AS orders, coalesce(sum(gross_cny_fen), 0)::bigint AS "grossFen"
       FROM sales_orders WHERE customer_id = $1 AND status NOT IN ('draft', 'cancelled')`,
    [customerId],
  );
  return rows[0]!;
}

describe('concurrent orders against one credit limit', () => {
  it('accepts 20 concurrent orders of 9,000 only up to the 100,000 limit; the rest need approval', async () => {
    const customerId = await addHospital(test, 'RACE-1');
    await setProfile(test, customerId, { grade: 'B', limitFen: yuan(100_000) });
    const cookies = [world.cookies.director, world.cookies.manager, world.cookies.east];
    // 0.9 unit is not possible: 9 units of the catheter would carry VAT; use a 9,000-yuan line instead.
    const body = {
      customerId,
      confirm: true,
      lines: [{ productId: world.bigTicket, quantity: 1, unitPrice: yuan(9_000) }],
    };
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post('/api/orders', body, cookies[i % cookies.length]!)),
    );
    const statuses = responses.map((r) => r.status);
    // 11 × 9,000 = 99,000 ≤ 100,000; the 12th would make 108,000.
    expect(statuses.filter((s) => s === 201)).toHaveLength(11);
    expect(responses.filter((r) => r.status !== 201).map((r) => r.body.error?.code)).toEqual(
      Array(9).fill('APPROVAL_REQUIRED'),
    );
    const accepted = await acceptedTotal(customerId);
    expect(accepted).toEqual({ orders: 11, grossFen: yuan(99_000) });
    const { rows } = await test.deps.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM credit_decisions WHERE customer_id = $1 GROUP BY status ORDER BY status`,
      [customerId],
    );
    expect(rows).toEqual([
      { status: 'passed', n: 11 },
      { status: 'refused', n: 9 },
    ]);
  });

  it('confirms 20 drafts concurrently: never beyond the limit, and each refused one waits for approval', async () => {
    const customerId = await addHospital(test, 'RACE-2');
    await setProfile(test, customerId, { grade: 'A', limitFen: yuan(100_000) });
    const east = apiAs(test, world.cookies.east);
    const drafts: { id: number; version: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const created = await east('POST', '/api/orders', {
        customerId,
        lines: [{ productId: world.bigTicket, quantity: 1, unitPrice: yuan(7_000) }],
      });
      drafts.push(created.json());
    }
    const responses = await Promise.all(
      drafts.map((d) => post(`/api/orders/${d.id}/confirm`, { version: d.version }, world.cookies.east)),
    );
    // 14 × 7,000 = 98,000 ≤ 100,000.
    expect(responses.filter((r) => r.status === 200)).toHaveLength(14);
    const accepted = await acceptedTotal(customerId);
    expect(accepted.grossFen).toBeLessThanOrEqual(yuan(100_000));
    expect(accepted.orders).toBe(14);
    const pending = await test.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM credit_decisions WHERE customer_id = $1 AND status = 'pending'`,
      [customerId],
    );
    expect(pending.rows[0]!.n).toBe(6);
  });

  it('rates a brand-new customer once even when its first orders arrive together', async () => {
    const customerId = await addHospital(test, 'RACE-3');
    const body = { customerId, confirm: true, lines: [{ productId: world.bigTicket, quantity: 1 }] };
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => post('/api/orders', body, world.cookies.director)),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const ratings = await test.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM credit_ratings WHERE customer_id = $1',
      [customerId],
    );
    expect(ratings.rows[0]!.n).toBe(1);
  });
});
