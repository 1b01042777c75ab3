import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../platform/dates.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { apiAs, createShippedShipment, type FinanceWorld, seedFinanceWorld } from '../finance.fixtures.ts';

let test: TestApp;
let world: FinanceWorld;
let finance: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  finance = apiAs(test, world.cookies.finance);
});
afterAll(() => test.close());

async function invoiceOf(customerId: number, quantity: number, unitPrice: number, invoiceDate: string) {
  const { shipmentId } = await createShippedShipment(test, world, {
    customerId,
    shippedOn: invoiceDate,
    lines: [{ productId: world.catheter, lotId: world.lotCatheter, quantity, unitPrice }],
  });
  const response = await finance.post('/api/invoices', { shipmentId, invoiceDate });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function pay(customerId: number, amount: number, receivedDate: string, autoAllocate: boolean) {
  const response = await finance.post('/api/payments', {
    customerId,
    method: 'bank_transfer',
    amount,
    receivedDate,
    reference: `REF-${receivedDate}-${amount}`,
    autoAllocate,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

type StatementLine = { type: string; balanceChangeCnyFen: number; balanceCnyFen: number };

describe('customer statement', () => {
  it('closes at the opening balance plus the period’s movements', async () => {
    const customer = world.westHospital;
    await invoiceOf(customer, 1, 100_000, '2026-01-10'); // 1,130.00
    const second = await invoiceOf(customer, 2, 50_000, '2026-02-05'); // 1,130.00
    await pay(customer, 150_000, '2026-02-20', true); // pays the first, 370.00 of the second
    const note = await finance.post('/api/credit-notes', {
      invoiceId: second.id,
      creditDate: '2026-02-25',
      reason: 'volume discount',
      lines: [{ invoiceLineId: second.lines[0].id, netAmount: 10_000 }],
    });
    expect(note.statusCode, note.body).toBe(201);
    await pay(customer, 100_000, '2026-03-03', false);

    const february = (
      await finance.get(`/api/customers/${customer}/statement?from=2026-02-01&to=2026-02-28`)
    ).json();
    expect(february.openingBalanceCnyFen).toBe(113_000);
    expect(february.lines.map((l: StatementLine) => [l.type, l.balanceChangeCnyFen])).toEqual([
      ['invoice', 113_000],
      ['payment', -150_000],
      ['allocation', 0],
      ['credit_note', -11_300],
    ]);
    const movements = february.lines.reduce(
      (sum: number, l: StatementLine) => sum + l.balanceChangeCnyFen,
      0,
    );
    expect(february.closingBalanceCnyFen).toBe(february.openingBalanceCnyFen + movements);
    expect(february.closingBalanceCnyFen).toBe(64_700);
    expect(february.lines.at(-1).balanceCnyFen).toBe(64_700);
    expect(february.closingReceivableCnyFen - february.closingCreditCnyFen).toBe(64_700);
    expect(february.totals).toEqual({
      invoicedCnyFen: 113_000,
      creditedCnyFen: 11_300,
      receivedCnyFen: 150_000,
      allocatedCnyFen: 150_000,
      writtenOffCnyFen: 0,
      otherCnyFen: 0,
    });

    const march = (
      await finance.get(`/api/customers/${customer}/statement?from=2026-03-01&to=2026-03-31`)
    ).json();
    expect(march.openingBalanceCnyFen).toBe(february.closingBalanceCnyFen);
    // The customer paid more than it owed: the balance turns into its credit.
    expect(march).toMatchObject({
      closingBalanceCnyFen: -35_300,
      closingReceivableCnyFen: 64_700,
      closingCreditCnyFen: 100_000,
    });

    const bad = await finance.get(`/api/customers/${customer}/statement?from=2026-03-31&to=2026-03-01`);
    expect(bad.statusCode).toBe(400);
  });

  it('shows a statement only inside the caller’s scope', async () => {
    const east = apiAs(test, world.cookies.east);
    expect(
      (await east.get(`/api/customers/${world.westHospital}/statement?from=2026-01-01&to=2026-12-31`))
        .statusCode,
    ).toBe(404);
    expect(
      (await east.get(`/api/customers/${world.eastHospital}/statement?from=2026-01-01&to=2026-12-31`))
        .statusCode,
    ).toBe(200);
    const dealer = apiAs(test, world.cookies.dealer);
    expect(
      (await dealer.get(`/api/customers/${world.westDealer}/statement?from=2026-01-01&to=2026-12-31`))
        .statusCode,
    ).toBe(200);
    expect(
      (await dealer.get(`/api/customers/${world.westHospital}/statement?from=2026-01-01&to=2026-12-31`))
        .statusCode,
    ).toBe(404);
  });
});

describe('open receivables and aging', () => {
  const asOf = '2026-12-31';
  const pastDue = [0, 1, 30, 31, 60, 61, 90, 91, 180, 181, -5];
  const invoiceByDays = new Map<number, number>();

  beforeAll(async () => {
    // Payment terms of the East hospital are 30 days: due = invoice date + 30.
    for (const days of pastDue) {
      const invoice = await invoiceOf(world.eastHospital, 1, 1_000, addDays(asOf, -days - 30));
      invoiceByDays.set(days, invoice.id);
    }
  });

  it('puts each invoice in its DOMAIN §4 bucket at the boundaries', async () => {
    const page = (
      await finance.get(`/api/receivables?asOf=${asOf}&customerId=${world.eastHospital}&pageSize=50`)
    ).json();
    const byInvoice = new Map(page.items.map((i: { invoiceId: number }) => [i.invoiceId, i]));
    const expected: [number, number, string][] = [
      [0, 0, 'not_due'],
      [-5, 0, 'not_due'],
      [1, 1, '1_30'],
      [30, 30, '1_30'],
      [31, 31, '31_60'],
      [60, 60, '31_60'],
      [61, 61, '61_90'],
      [90, 90, '61_90'],
      [91, 91, '91_180'],
      [180, 180, '91_180'],
      [181, 181, 'over_180'],
    ];
    for (const [days, shown, bucket] of expected) {
      expect(byInvoice.get(invoiceByDays.get(days)), `${days} days`).toMatchObject({
        daysPastDue: shown,
        bucket,
      });
    }
    expect(page.buckets).toEqual([
      { bucket: 'not_due', openCnyFen: 2_260, count: 2 },
      { bucket: '1_30', openCnyFen: 2_260, count: 2 },
      { bucket: '31_60', openCnyFen: 2_260, count: 2 },
      { bucket: '61_90', openCnyFen: 2_260, count: 2 },
      { bucket: '91_180', openCnyFen: 2_260, count: 2 },
      { bucket: 'over_180', openCnyFen: 1_130, count: 1 },
    ]);
    const filtered = (
      await finance.get(`/api/receivables?asOf=${asOf}&customerId=${world.eastHospital}&bucket=61_90`)
    ).json();
    expect(filtered.items.map((i: { invoiceId: number }) => i.invoiceId).sort()).toEqual(
      [invoiceByDays.get(61), invoiceByDays.get(90)].sort(),
    );
  });

  it('reports what was open on the as-of date, before later payments', async () => {
    await pay(world.eastHospital, 1_130, '2027-01-05', true);
    const oldest = invoiceByDays.get(181);
    const before = (
      await finance.get(`/api/receivables?asOf=${asOf}&customerId=${world.eastHospital}&pageSize=50`)
    ).json();
    expect(before.items.some((i: { invoiceId: number }) => i.invoiceId === oldest)).toBe(true);
    expect(before.unappliedCreditCnyFen).toBe(0);
    const after = (
      await finance.get(`/api/receivables?asOf=2027-01-06&customerId=${world.eastHospital}&pageSize=50`)
    ).json();
    expect(after.items.some((i: { invoiceId: number }) => i.invoiceId === oldest)).toBe(false);
  });

  it('shows an East rep none of a West customer’s receivables, totals included', async () => {
    const east = (
      await apiAs(test, world.cookies.east).get(`/api/receivables?asOf=${asOf}&pageSize=100`)
    ).json();
    expect(east.items.every((i: { customerId: number }) => i.customerId === world.eastHospital)).toBe(true);
    const westOnly = (
      await apiAs(test, world.cookies.east).get(
        `/api/receivables?asOf=${asOf}&customerId=${world.westHospital}`,
      )
    ).json();
    expect(westOnly).toMatchObject({ total: 0, totalOpenCnyFen: 0, unappliedCreditCnyFen: 0 });
    const everyone = (
      await finance.get(`/api/receivables?asOf=${asOf}&customerId=${world.westHospital}`)
    ).json();
    expect(everyone.unappliedCreditCnyFen).toBe(100_000);
  });
});
