/**
 * Segment movement and segment tasks through the API, on orders built by hand so that each
 * customer's segment at the end of April and of May 2026 is known (DOMAIN §6, default
 * thresholds):
 *   NEWBIE   first order 20 Mar        new (R 41)        → potential (R 72)
 *   CHURN    six orders 15 Nov 2025    regular (R 166)   → churn risk (R 197)
 *   CHURN-NO the same, without owner   regular           → churn risk
 *   LATE     first order 10 May        (no order yet)    → new
 *   W-CHURN  like CHURN, in the West   regular           → churn risk
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentMovement, SegmentTasksResult } from '../../../../contracts/customer-segments.ts';
import { businessDate } from '../../../platform/dates.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../../testing/test-app.ts';
import { type FinanceWorld, seedFinanceWorld } from '../../finance/finance.fixtures.ts';
import { monthOf, previousMonth } from './segments.rules.ts';

let test: TestApp;
let world: FinanceWorld;
const customers: Record<string, number> = {};
const users: Record<string, { id: number; cookie: string }> = {};
let orderNo = 0;

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await test.deps.db.query(text, params)).rows as T[];
}

async function customer(code: string, region: number, ownerRepId: number | null) {
  customers[code] = (
    await sql<{ id: number }>(
      `INSERT INTO customers (code, name, name_normalized, type, channel, region_id, owner_rep_id)
       VALUES ($1, $1, $1, 'hospital', 'direct', $2, $3) RETURNING id`,
      [code, region, ownerRepId],
    )
  )[0]!.id;
}

/** Confirmed orders of a customer on a date, 10,000 yuan each. */
async function orders(code: string, date: string, count: number) {
  for (let i = 0; i < count; i++) {
    orderNo += 1;
    await sql(
      `INSERT INTO sales_orders (number, customer_id, region_id, currency, exchange_rate, order_date, promised_date, status,
                                 net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
       SELECT 'SO-SEG-' || $2::text, id, region_id, 'CNY', 1, $3::date, $3::date, 'allocated', 1000000, 0, 1000000,
              1000000, 0, 1000000
         FROM customers WHERE id = $1`,
      [customers[code], orderNo, date],
    );
  }
}

function call(cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return test.app.inject({
    method,
    url,
    headers: { cookie, 'accept-language': 'en' },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function movement(cookie: string, query = 'from=2026-04&to=2026-05'): Promise<SegmentMovement> {
  const response = await call(cookie, 'GET', `/api/analytics/customer-value/movement?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as SegmentMovement;
}

const cellsOf = (m: SegmentMovement) =>
  Object.fromEntries(m.cells.map((c) => [`${c.from}→${c.to}`, c.customers]));

async function createTasks(cookie: string, segment: string, body: Record<string, unknown> = {}) {
  return call(cookie, 'POST', `/api/analytics/customer-value/segments/${segment}/tasks`, {
    asOf: '2026-05-31',
    dueInDays: 5,
    ...body,
  });
}

async function segmentTasks() {
  return sql<{ assigneeId: number; customerId: number; titleEn: string; dueOn: string; kind: string }>(
    `SELECT t.assignee_id::int AS "assigneeId", t.customer_id::int AS "customerId", t.title_en AS "titleEn",
            to_char(t.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "dueOn", t.kind
       FROM customer_segment_tasks s JOIN workflow_tasks t ON t.id = s.task_id ORDER BY t.id`,
  );
}

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  for (const [key, roles, regionIds] of [
    ['eastManager', ['regional_manager'], [2]],
    ['westManager', ['regional_manager'], [3]],
    ['westRep', ['sales_rep'], [3]],
  ] as const) {
    const user = await createTestUser(test, `u.${key}`, [...roles], { regionIds: [...regionIds] });
    users[key] = { id: user.id, cookie: await signIn(test, `u.${key}`) };
  }
  const east = world.userIds.east;
  await customer('NEWBIE', 4, east);
  await customer('CHURN', 4, east);
  await customer('CHURN-NO', 4, null);
  await customer('LATE', 4, east);
  await customer('W-CHURN', 5, users.westRep!.id);
  await orders('NEWBIE', '2026-03-20', 1);
  await orders('CHURN', '2025-11-15', 6);
  await orders('CHURN-NO', '2025-11-15', 6);
  await orders('LATE', '2026-05-10', 1);
  await orders('W-CHURN', '2025-11-15', 6);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('segment movement between month ends', () => {
  it('counts each customer from its April segment to its May segment, in the caller’s scope', async () => {
    const result = await movement(users.eastManager!.cookie);
    expect(result.from).toEqual({ month: '2026-04', asOf: '2026-04-30' });
    expect(result.to).toEqual({ month: '2026-05', asOf: '2026-05-31' });
    expect(cellsOf(result)).toEqual({
      'none→new': 1,
      'new→potential': 1,
      'regular→churn_risk': 2,
    });
    expect(result).toMatchObject({ customers: 4, moved: 4 });
    expect(result.segments.map((s) => s.segment)).toEqual([
      'none',
      'high_value',
      'new',
      'churn_risk',
      'low_value',
      'potential',
      'regular',
    ]);
  });

  it('shows a company-wide user every region, another region’s manager only theirs, a dealer nothing', async () => {
    expect(cellsOf(await movement(world.cookies.director))['regular→churn_risk']).toBe(3);
    expect(cellsOf(await movement(users.westManager!.cookie))).toEqual({ 'regular→churn_risk': 1 });
    const dealer = await movement(world.cookies.dealer);
    expect(dealer).toMatchObject({ cells: [], customers: 0, moved: 0 });
  });

  it('keeps customers who stayed in the diagonal', async () => {
    // End of May to end of June: the churners stay; LATE is still new (R 51); NEWBIE is past
    // 90 days (R 102) and no longer potential.
    const result = await movement(users.eastManager!.cookie, 'from=2026-05&to=2026-06');
    expect(cellsOf(result)).toEqual({ 'new→new': 1, 'churn_risk→churn_risk': 2, 'potential→regular': 1 });
    expect(result).toMatchObject({ customers: 4, moved: 1 });
  });

  it('defaults to the last complete month against the month before', async () => {
    const result = await movement(users.eastManager!.cookie, '');
    const last = previousMonth(monthOf(businessDate()));
    expect(result.to.month).toBe(last);
    expect(result.from.month).toBe(previousMonth(last));
  });

  it('refuses months in the wrong order or not months at all', async () => {
    const reversed = await call(
      users.eastManager!.cookie,
      'GET',
      '/api/analytics/customer-value/movement?from=2026-05&to=2026-04',
    );
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().error.code).toBe('INVALID_PERIOD');
    for (const bad of ['from=2026-13', "to=2026-05'--", 'mode=best']) {
      const response = await call(
        users.eastManager!.cookie,
        'GET',
        `/api/analytics/customer-value/movement?${bad}`,
      );
      expect([bad, response.statusCode]).toEqual([bad, 400]);
    }
  });
});

describe('a segment turned into tasks for the owner reps', () => {
  it('creates one task per customer with an owner, titled with the segment’s action, due in N days', async () => {
    const response = await createTasks(users.eastManager!.cookie, 'churn_risk');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json() as SegmentTasksResult).toEqual({
      segment: 'churn_risk',
      month: '2026-05',
      action: 'Win back: visit, find the reason, make an offer',
      customersInSegment: 2,
      tasksCreated: 1,
      alreadyTasked: 0,
      withoutOwner: 1,
    });
    const tasks = await segmentTasks();
    const dueOn = new Date(Date.now() + 5 * 86_400_000);
    expect(tasks).toEqual([
      {
        assigneeId: world.userIds.east,
        customerId: customers.CHURN,
        titleEn: 'Win back: visit, find the reason, make an offer: CHURN',
        dueOn: businessDate(dueOn),
        kind: 'follow_up',
      },
    ]);
  });

  it('does not duplicate when asked twice for the same segment and month', async () => {
    const again = await createTasks(users.eastManager!.cookie, 'churn_risk');
    expect(again.json()).toMatchObject({
      customersInSegment: 2,
      tasksCreated: 0,
      alreadyTasked: 1,
      withoutOwner: 1,
    });
    expect(await segmentTasks()).toHaveLength(1);
  });

  it('gives a company-wide user the customers the regional manager could not see, and no duplicates', async () => {
    const response = await createTasks(world.cookies.director, 'churn_risk');
    expect(response.json()).toMatchObject({ customersInSegment: 3, tasksCreated: 1, alreadyTasked: 1 });
    const tasks = await segmentTasks();
    expect(tasks.map((t) => [t.customerId, t.assigneeId])).toEqual([
      [customers.CHURN, world.userIds.east],
      [customers['W-CHURN'], users.westRep!.id],
    ]);
  });

  it('keeps each segment and month apart', async () => {
    const potential = await createTasks(users.eastManager!.cookie, 'potential');
    expect(potential.json()).toMatchObject({ month: '2026-05', customersInSegment: 1, tasksCreated: 1 });
    expect((await segmentTasks()).at(-1)).toMatchObject({
      customerId: customers.NEWBIE,
      titleEn: 'Nurture: raise frequency and order value: NEWBIE',
    });
    // A new month: the churner still at risk gets a new task.
    const june = await createTasks(users.eastManager!.cookie, 'churn_risk', { asOf: '2026-06-30' });
    expect(june.json()).toMatchObject({
      month: '2026-06',
      customersInSegment: 2,
      tasksCreated: 1,
      alreadyTasked: 0,
    });
    expect((await segmentTasks()).filter((t) => t.customerId === customers.CHURN)).toHaveLength(2);
  });

  it('lets only managers, directors and admins do it', async () => {
    const before = (await segmentTasks()).length;
    for (const cookie of [world.cookies.east, world.cookies.dealer, world.cookies.finance]) {
      const response = await createTasks(cookie, 'new');
      expect(response.statusCode).toBe(403);
    }
    expect(await segmentTasks()).toHaveLength(before);
  });

  it('refuses a segment of the other mode or none at all', async () => {
    for (const segment of ['champions', 'x%27%20OR%201%3D1']) {
      const response = await createTasks(users.eastManager!.cookie, segment);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('ANALYTICS_UNKNOWN_FIELD');
    }
  });
});
