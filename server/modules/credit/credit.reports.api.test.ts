import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDate } from '../../platform/dates.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  addHospital,
  addInvoice,
  apiAs,
  type CreditWorld,
  daysAgo,
  seedCreditWorld,
  yuan,
} from './credit.fixtures.ts';

let test: TestApp;
let world: CreditWorld;
let finance: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedCreditWorld(test);
  finance = apiAs(test, world.cookies.finance);
});
afterAll(() => test.close());

/** First day of the month `back` months before today's. */
function monthStart(back: number): string {
  const today = businessDate();
  const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

describe('receivables reports', () => {
  it('provides for expected credit loss by the default matrix: the DOMAIN §4 example gives 27,570', async () => {
    const customer = await addHospital(test, 'ECL-1');
    const open = (dueInDays: number, gross: number) =>
      addInvoice(test, customer, {
        invoiceDate: daysAgo(Math.max(0, -dueInDays) + 30),
        dueDate: addDays(businessDate(), dueInDays),
        grossFen: yuan(gross),
      });
    await open(20, 300_000); // not due
    await open(-10, 140_000); // 1–30
    await open(-45, 60_000); // 31–60
    await open(-75, 23_000); // 61–90
    await open(-100, 5_000); // 91–180, merged with > 180 at 100 %
    const response = await finance('GET', '/api/credit/ecl');
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.provisionFen).toBe(yuan(27_570));
    expect(report.lines.at(-1)).toMatchObject({
      buckets: ['91_180', 'over_180'],
      balanceFen: yuan(5_000),
      lossRate: 1,
    });
    expect(report.movementFen).toBe(report.provisionFen - report.previousProvisionFen);
  });

  it('computes countback DSO 73.7 days: AR 212,000 over sales of 100,000 / 80,000 / 70,000 in 30-day months', async () => {
    const customer = await addHospital(test, 'DSO-1');
    const invoice = (month: number, gross: number, paid = 0) =>
      addInvoice(test, customer, {
        invoiceDate: monthStart(month),
        dueDate: addDays(monthStart(month), 60),
        grossFen: yuan(gross),
        payments: paid ? [{ receivedDate: monthStart(month), amountFen: yuan(paid) }] : [],
      });
    await invoice(0, 100_000);
    await invoice(1, 80_000);
    await invoice(2, 70_000, 38_000);
    const response = await finance('GET', `/api/credit/dso?customerId=${customer}&months=3&dayCount=30`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      receivablesFen: yuan(212_000),
      months: [
        { salesFen: yuan(100_000), days: 30 },
        { salesFen: yuan(80_000), days: 30 },
        { salesFen: yuan(70_000), days: 30 },
      ],
      countbackDays: 73.7,
      // 212,000 ÷ 250,000 × 90
      standardDays: 76.3,
    });
    const calendar = (await finance('GET', `/api/credit/dso?customerId=${customer}&months=3`)).json();
    expect(calendar.months[0].days).toBe(Number(businessDate().slice(8, 10)));
  });

  it('ages the receivables by customer, rep, region and grade with totals equal to an independent SQL sum', async () => {
    const asOf = businessDate();
    const { rows } = await test.deps.db.query<{ bucket: string; fen: number }>(
      `SELECT CASE WHEN d <= 0 THEN 'not_due' WHEN d <= 30 THEN '1_30' WHEN d <= 60 THEN '31_60'
                   WHEN d <= 90 THEN '61_90' WHEN d <= 180 THEN '91_180' ELSE 'over_180' END AS bucket,
              sum(open)::bigint AS fen
         FROM (SELECT $1::date - i.due_date AS d,
                      i.gross_cny_fen - coalesce((SELECT sum(a.invoice_cny_fen) FROM allocations a
                                                   WHERE a.invoice_id = i.id AND a.allocated_on <= $1::date), 0)
                      - coalesce((SELECT sum(w.amount_cny_fen) FROM write_offs w WHERE w.invoice_id = i.id
                                     AND w.status = 'approved' AND w.written_off_on <= $1::date), 0) AS open
                 FROM invoices i WHERE i.invoice_date <= $1::date AND i.status <> 'cancelled') x
        WHERE open > 0 GROUP BY 1`,
      [asOf],
    );
    const expected = Object.fromEntries(rows.map((r) => [r.bucket, r.fen]));
    for (const groupBy of ['customer', 'rep', 'region', 'grade']) {
      const response = await finance('GET', `/api/credit/aging?groupBy=${groupBy}&asOf=${asOf}`);
      expect(response.statusCode, response.body).toBe(200);
      const report = response.json();
      for (const [bucket, fen] of Object.entries(report.totals)) expect(fen).toBe(expected[bucket] ?? 0);
      const rowSum = report.rows.reduce((s: number, r: { totalFen: number }) => s + r.totalFen, 0);
      expect(rowSum).toBe(report.totalFen);
    }
    const byRegion = (await finance('GET', '/api/credit/aging?groupBy=region')).json();
    expect(byRegion.rows.map((r: { label: string }) => r.label)).toEqual(['East China']);
  });

  it('shows a rep of another region no receivables at all', async () => {
    const west = apiAs(test, world.cookies.west);
    const aging = (await west('GET', '/api/credit/aging')).json();
    expect(aging).toMatchObject({ rows: [], totalFen: 0 });
    const ecl = (await west('GET', '/api/credit/ecl')).json();
    expect(ecl.provisionFen).toBe(0);
    expect((await west('GET', '/api/credit/dso')).json().receivablesFen).toBe(0);
  });
});
