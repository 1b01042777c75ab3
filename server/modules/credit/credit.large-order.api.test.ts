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
import { defaultCreditPolicy } from './credit.rules.ts';

let test: TestApp;
let world: CreditWorld;
let east: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedCreditWorld(test);
  east = apiAs(test, world.cookies.east);
});
afterAll(() => test.close());

/** Confirms an order of the 10,000-yuan product (VAT 0) for a grade-A customer with room to spare. */
async function confirmOrder(customerId: number, units: number) {
  const created = await east('POST', '/api/orders', {
    customerId,
    confirm: true,
    lines: [{ productId: world.bigTicket, quantity: units }],
  });
  expect(created.statusCode, created.body).toBe(201);
  await test.deps.events.dispatchPending();
}

const queuedRatings = async (customerId: number) =>
  (
    await test.deps.db.query<{ status: string }>(
      `SELECT status FROM jobs WHERE kind = 'credit.rate_customer' AND (payload->>'customerId')::bigint = $1`,
      [customerId],
    )
  ).rows;

describe('re-rating on a large order (issue #6)', () => {
  it('defaults the threshold to 500,000 yuan gross', () => {
    expect(defaultCreditPolicy.largeOrderFen).toBe(yuan(500_000));
  });

  it('queues a re-rating of the customer when a confirmed order reaches the threshold', async () => {
    const id = await addHospital(test, 'LARGE-1');
    await setProfile(test, id, { grade: 'A', limitFen: yuan(10_000_000), score: 90 });
    await confirmOrder(id, 50);
    expect(await queuedRatings(id)).toEqual([{ status: 'queued' }]);
    // The queued job rates the customer with the event trigger.
    await test.deps.db.query(`UPDATE jobs SET run_at = now() WHERE kind = 'credit.rate_customer'`);
    await test.deps.jobs.runDue();
    const detail = (await east('GET', `/api/credit/customers/${id}`)).json();
    expect(detail.latest).toMatchObject({ trigger: 'event' });
  });

  it('does not queue one for an order below the threshold', async () => {
    const id = await addHospital(test, 'LARGE-2');
    await setProfile(test, id, { grade: 'A', limitFen: yuan(10_000_000), score: 90 });
    await confirmOrder(id, 49);
    expect(await queuedRatings(id)).toEqual([]);
  });
});
