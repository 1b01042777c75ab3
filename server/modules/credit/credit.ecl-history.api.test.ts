import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDate } from '../../platform/dates.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  addHospital,
  addInvoice,
  apiAs,
  type CreditWorld,
  seedCreditWorld,
  yuan,
} from './credit.fixtures.ts';

let test: TestApp;
let world: CreditWorld;
let finance: ReturnType<typeof apiAs>;

/** First day of the month `back` months before today's. */
function monthStart(back: number): string {
  const today = businessDate();
  const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

// The two observed month-ends: the ends of the months three and two months back.
const older = () => addDays(monthStart(2), -1);
const newer = () => addDays(monthStart(1), -1);

beforeAll(async () => {
  test = await createTestApp();
  world = await seedCreditWorld(test);
  finance = apiAs(test, world.cookies.finance);
  const customer = await addHospital(test, 'ECL-H');
  const writeOff = (amountFen: number, on: string) => ({
    amountFen,
    on,
    requestedBy: world.financeId,
    decidedBy: world.cfoId,
  });
  const e3 = older();
  const e2 = newer();
  // 10 days late at the older month-end (1–30), 38–41 at the newer (31–60); 40,000 written off after both.
  await addInvoice(test, customer, {
    invoiceDate: addDays(e3, -40),
    dueDate: addDays(e3, -10),
    grossFen: yuan(100_000),
    writeOff: writeOff(yuan(40_000), addDays(e2, 5)),
  });
  // Not due at the older month-end, paid before the newer one: no loss.
  await addInvoice(test, customer, {
    invoiceDate: addDays(e3, -5),
    dueDate: addDays(e3, 25),
    grossFen: yuan(50_000),
    payments: [{ receivedDate: addDays(e3, 10), amountFen: yuan(50_000) }],
  });
  // 100 days late at the older month-end, 128–131 at the newer (91–180 both times); written off in full later.
  await addInvoice(test, customer, {
    invoiceDate: addDays(e3, -130),
    dueDate: addDays(e3, -100),
    grossFen: yuan(20_000),
    writeOff: writeOff(yuan(20_000), addDays(e2, 2)),
  });
  // 70 days late at the older month-end (61–90), 98–101 at the newer (91–180); paid after it.
  await addInvoice(test, customer, {
    invoiceDate: addDays(e3, -100),
    dueDate: addDays(e3, -70),
    grossFen: yuan(30_000),
    payments: [{ receivedDate: addDays(e2, 3), amountFen: yuan(30_000) }],
  });
  // Written off before the older month-end: not open at either, so it is no evidence either way.
  await addInvoice(test, customer, {
    invoiceDate: addDays(e3, -70),
    dueDate: addDays(e3, -65),
    grossFen: yuan(10_000),
    writeOff: writeOff(yuan(10_000), addDays(e3, -1)),
  });
});
afterAll(() => test.close());

describe('loss rates suggested by history', () => {
  it('derives each bucket’s rate from what was open at past month-ends and written off afterwards', async () => {
    const response = await finance('GET', '/api/credit/ecl/history?months=2&maturityMonths=1');
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.monthEnds).toEqual([older(), newer()]);
    expect(report.buckets).toEqual([
      // only the 50,000 invoice, paid
      { buckets: ['not_due'], balanceFen: yuan(50_000), writtenOffFen: 0, lossRate: 0 },
      // 40,000 of the 100,000 invoice written off: 40 %
      { buckets: ['1_30'], balanceFen: yuan(100_000), writtenOffFen: yuan(40_000), lossRate: 0.4 },
      { buckets: ['31_60'], balanceFen: yuan(100_000), writtenOffFen: yuan(40_000), lossRate: 0.4 },
      { buckets: ['61_90'], balanceFen: yuan(30_000), writtenOffFen: 0, lossRate: 0 },
      // 20,000 + 20,000 (the written-off invoice at both month-ends) + 30,000 (paid) → 40,000 ÷ 70,000
      { buckets: ['91_180'], balanceFen: yuan(70_000), writtenOffFen: yuan(40_000), lossRate: 0.5714 },
      { buckets: ['over_180'], balanceFen: 0, writtenOffFen: 0, lossRate: null },
    ]);
    // Beside the configured matrix (DOMAIN §4 default: "> 90" merged at 100 %).
    expect(report.lines.at(-1)).toEqual({
      buckets: ['91_180', 'over_180'],
      balanceFen: yuan(70_000),
      writtenOffFen: yuan(40_000),
      lossRate: 0.5714,
      configuredRate: 1,
    });
    expect(report.lines[0]).toMatchObject({ buckets: ['not_due'], lossRate: 0, configuredRate: 0.02 });
  });

  it('counts only write-offs up to the as-of date', async () => {
    // As of the day after the newer month-end, neither later write-off (days 2 and 5) has happened yet.
    const asOf = monthStart(1);
    const response = await finance('GET', `/api/credit/ecl/history?months=1&maturityMonths=0&asOf=${asOf}`);
    const report = response.json();
    expect(report.monthEnds).toEqual([newer()]);
    expect(report.buckets.map((b: { balanceFen: number }) => b.balanceFen)).toEqual([
      0,
      0,
      yuan(100_000),
      0,
      yuan(50_000),
      0,
    ]);
    expect(report.buckets.map((b: { writtenOffFen: number }) => b.writtenOffFen)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('observes twelve month-ends by default, leaving the last six months to mature', async () => {
    const report = (await finance('GET', '/api/credit/ecl/history')).json();
    expect(report.monthEnds).toHaveLength(12);
    expect(report.monthEnds.at(-1)).toBe(addDays(monthStart(6), -1));
  });

  it('shows a rep of another region no history at all', async () => {
    const west = apiAs(test, world.cookies.west);
    const response = await west('GET', '/api/credit/ecl/history?months=2&maturityMonths=1');
    expect(response.statusCode, response.body).toBe(200);
    for (const line of response.json().buckets) {
      expect(line).toMatchObject({ balanceFen: 0, writtenOffFen: 0, lossRate: null });
    }
  });

  it('refuses unknown parameters', async () => {
    expect((await finance('GET', '/api/credit/ecl/history?window=3')).statusCode).toBe(400);
  });
});
