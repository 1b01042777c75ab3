import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDate } from '../../platform/dates.ts';
import { enqueueJob } from '../../platform/jobs.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  addHospital,
  addInvoice,
  addOrder,
  apiAs,
  type CreditWorld,
  daysAgo,
  seedCreditWorld,
  yuan,
} from './credit.fixtures.ts';
import { stabilityMonths } from './credit.rules.ts';
import { rateAllCustomers, rateCustomers } from './index.ts';
import { rateNewlyOverdue } from './rating.service.ts';

let test: TestApp;
let world: CreditWorld;
let finance: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedCreditWorld(test);
  finance = apiAs(test, world.cookies.finance);
});
afterAll(() => test.close());

const detail = async (customerId: number) => {
  const response = await finance('GET', `/api/credit/customers/${customerId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

/**
 * A customer for five years and more, ordering 100 every one of the last 12 calendar months,
 * with two invoices due in the last 12 months: `onTime` fen paid before the due date, `late`
 * fen paid after it. Every other factor is at its best, so the score is
 * (35 × 100 × onTime ÷ (onTime + late) + 6,500) ÷ 100.
 */
async function seasonedCustomer(code: string, onTime: number, late: number): Promise<number> {
  const id = await addHospital(test, code);
  await addOrder(test, id, { orderDate: addDays(businessDate(), -6 * 366), grossFen: yuan(1) });
  for (const month of stabilityMonths(businessDate())) {
    await addOrder(test, id, { orderDate: `${month}-10`, grossFen: yuan(100) });
  }
  // Their orders fall in the current month, outside the stability window.
  await addInvoice(test, id, {
    orderDate: businessDate(),
    invoiceDate: daysAgo(40),
    dueDate: daysAgo(10),
    grossFen: onTime,
    payments: [{ receivedDate: daysAgo(12), amountFen: onTime }],
  });
  await addInvoice(test, id, {
    orderDate: businessDate(),
    invoiceDate: daysAgo(50),
    dueDate: daysAgo(20),
    grossFen: late,
    payments: [{ receivedDate: daysAgo(5), amountFen: late }],
  });
  return id;
}

describe('rating from the data', () => {
  it('gives a brand-new customer the neutral score on its first order: 77.00, grade B, the start limit', async () => {
    const id = await addHospital(test, 'NEW-1');
    const order = await apiAs(test, world.cookies.east)('POST', '/api/orders', {
      customerId: id,
      confirm: true,
      lines: [{ productId: world.bigTicket, quantity: 1 }],
    });
    expect(order.statusCode, order.body).toBe(201);
    const credit = await detail(id);
    expect(credit).toMatchObject({ isRated: true, limitFen: yuan(100_000), status: 'normal' });
    expect(credit.latest).toMatchObject({ score: 77, grade: 'B', trigger: 'first_use', policyVersion: 1 });
    expect(
      credit.latest.factors
        .filter((f: { isNeutral: boolean }) => f.isNeutral)
        .map((f: { factor: string }) => f.factor),
    ).toEqual(['punctuality', 'orderStability']);
    // The order now counts in the exposure.
    expect(credit.exposure).toMatchObject({ openOrdersFen: yuan(10_000), exposureFen: yuan(10_000) });
  });

  it('grades 85.00 as A and 84.99 as B from real invoices, payments and orders', async () => {
    const a = await seasonedCustomer('EDGE-A', 4_000, 3_000);
    const b = await seasonedCustomer('EDGE-B', 1_999, 1_501);
    await rateCustomers(test.deps.db, [a, b], { trigger: 'manual' });
    const [ca, cb] = [await detail(a), await detail(b)];
    expect(ca.latest).toMatchObject({ score: 85, grade: 'A' });
    expect(cb.latest).toMatchObject({ score: 84.99, grade: 'B' });
    expect(ca.latest.inputs).toMatchObject({
      punctuality: { paidOnTimeFen: 4_000, invoicedFen: 7_000 },
      worstDaysPastDue: 0,
      hasBadDebt: false,
      relationshipYears: 6,
      qualification: 'all_valid',
    });
    expect(ca.latest.inputs.monthlyOrderValuesFen).toEqual(Array(12).fill(yuan(100)));
  });

  it('explains a past rating from its stored inputs after the data changed', async () => {
    const id = await seasonedCustomer('EXPLAIN-1', 4_000, 3_000);
    const first = (
      await apiAs(test, world.cookies.finance)('POST', `/api/credit/customers/${id}/rate`)
    ).json();
    const ratingId = first.latest.id;
    expect(first.latest.score).toBe(85);

    // Later: a bad debt written off and an invoice 45 days past due.
    await addInvoice(test, id, {
      orderDate: businessDate(),
      invoiceDate: daysAgo(200),
      dueDate: daysAgo(170),
      grossFen: yuan(500),
      writeOff: {
        amountFen: yuan(500),
        on: daysAgo(3),
        requestedBy: world.financeId,
        decidedBy: world.cfoId,
      },
    });
    await addInvoice(test, id, {
      orderDate: businessDate(),
      invoiceDate: daysAgo(75),
      dueDate: daysAgo(45),
      grossFen: yuan(800),
    });
    const second = (
      await apiAs(test, world.cookies.finance)('POST', `/api/credit/customers/${id}/rate`)
    ).json();
    expect(second.latest.score).toBeLessThan(85);
    expect(second.latest.inputs).toMatchObject({ hasBadDebt: true, worstDaysPastDue: 45 });
    expect(second.history.map((h: { id: number }) => h.id)).toEqual([second.latest.id, ratingId]);

    const explained = await finance('GET', `/api/credit/ratings/${ratingId}`);
    expect(explained.statusCode).toBe(200);
    expect(explained.json()).toMatchObject({
      score: 85,
      recomputedScore: 85,
      inputs: {
        hasBadDebt: false,
        worstDaysPastDue: 0,
        punctuality: { paidOnTimeFen: 4_000, invoicedFen: 7_000 },
      },
    });
    expect(explained.json().recomputedFactors).toEqual(explained.json().factors);
  });

  it('recommends a limit from net sales, terms and grade: 1,200,000 over 12 months, 30 days, A → 300,000', async () => {
    const id = await seasonedCustomer('LIMIT-1', 4_000, 3_000);
    // Net sales: the two small invoices plus 1,200,000 − 70 yuan to make the year's total round.
    await addInvoice(test, id, {
      orderDate: businessDate(),
      invoiceDate: daysAgo(100),
      dueDate: daysAgo(-200),
      grossFen: yuan(1_200_000) - 7_000,
      payments: [{ receivedDate: daysAgo(90), amountFen: yuan(1_200_000) - 7_000 }],
    });
    await rateCustomers(test.deps.db, [id], { trigger: 'manual' });
    const credit = await detail(id);
    expect(credit.latest.facts.netSales12MonthsFen).toBe(yuan(1_200_000));
    expect(credit.latest.grade).toBe('A');
    // 1,200,000 ÷ 12 × (30 ÷ 30 + 1) × 1.5 = 300,000; the first rating started the limit there.
    expect(credit.latest.recommendedLimitFen).toBe(yuan(300_000));
    expect(credit.limitFen).toBe(yuan(300_000));
  });
});

describe('re-rating on schedule and on events', () => {
  it('re-rates a customer when a payment arrives (outbox event → job)', async () => {
    const id = await addHospital(test, 'EVENT-1');
    await rateCustomers(test.deps.db, [id], { trigger: 'manual' });
    await test.deps.db.query(
      `INSERT INTO outbox_events (type, payload) VALUES ('payment.received', $1::jsonb)`,
      [JSON.stringify({ customerId: id, paymentId: 1 })],
    );
    await test.deps.events.dispatchPending();
    await test.deps.db.query(`UPDATE jobs SET run_at = now() WHERE kind = 'credit.rate_customer'`);
    await test.deps.jobs.runDue();
    const credit = await detail(id);
    expect(credit.history.map((h: { trigger: string }) => h.trigger)).toEqual(['event', 'manual']);
  });

  it('re-rates customers whose invoice crossed into a worse days-past-due band since their last rating', async () => {
    const id = await addHospital(test, 'OVERDUE-1');
    await addInvoice(test, id, { invoiceDate: daysAgo(40), dueDate: daysAgo(1), grossFen: yuan(100) });
    await rateCustomers(test.deps.db, [id], { trigger: 'manual', asOf: daysAgo(2) });
    const calm = await rateNewlyOverdue(test.deps.db);
    expect(calm.rated).toBeGreaterThanOrEqual(1);
    const credit = await detail(id);
    expect(credit.latest).toMatchObject({ trigger: 'overdue_scan' });
    expect(credit.latest.inputs.worstDaysPastDue).toBe(1);
    // Nothing crossed since: a second scan leaves it alone.
    const again = await rateNewlyOverdue(test.deps.db);
    expect(again.rated).toBe(0);
  });

  it('rates every customer in the monthly run and raises an event when a grade changes', async () => {
    const id = await addHospital(test, 'MONTHLY-1');
    await rateCustomers(test.deps.db, [id], { trigger: 'manual' });
    await test.deps.db.query(`UPDATE credit_profiles SET grade = 'E' WHERE customer_id = $1`, [id]);
    const { rows } = await test.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
    const result = await rateAllCustomers(test.deps.db, { trigger: 'scheduled' });
    expect(result.rated).toBe(rows[0]!.n);
    const events = await test.deps.db.query(
      `SELECT payload FROM outbox_events WHERE type = 'credit.grade_changed' AND (payload->>'customerId')::bigint = $1`,
      [id],
    );
    expect(events.rows.map((r) => r.payload)).toEqual([expect.objectContaining({ from: 'E', to: 'B' })]);
    // The recurring job is registered and runs the same thing.
    await enqueueJob(test.deps.db, 'credit.rate_all', {}, { uniqueKey: 'test:credit.rate_all' });
    expect(await test.deps.jobs.runDue()).toBeGreaterThanOrEqual(1);
    const failed = await test.deps.db.query(
      `SELECT last_error FROM jobs WHERE kind LIKE 'credit.%' AND status = 'failed'`,
    );
    expect(failed.rows).toEqual([]);
  });
});
