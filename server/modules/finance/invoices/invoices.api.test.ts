import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import {
  apiAs,
  createShippedShipment,
  type FinanceWorld,
  receivableCheck,
  seedFinanceWorld,
  unbalancedJournals,
} from '../finance.fixtures.ts';

let test: TestApp;
let world: FinanceWorld;
let finance: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  finance = apiAs(test, world.cookies.finance);
});
afterAll(() => test.close());

const shipTo = (
  customerId: number,
  lines: Parameters<typeof createShippedShipment>[2]['lines'],
  shippedOn = '2026-03-02',
) => createShippedShipment(test, world, { customerId, shippedOn, lines });

async function journalOf(sourceType: string, sourceId: number) {
  const { rows } = await test.deps.db.query<{ account: string; debit: number; credit: number }>(
    `SELECT e.account, e.debit_fen AS debit, e.credit_fen AS credit FROM journals j JOIN ledger_entries e ON e.journal_id = j.id
      WHERE j.source_type = $1 AND j.source_id = $2 ORDER BY e.id`,
    [sourceType, sourceId],
  );
  return rows;
}

describe('invoicing a shipment', () => {
  it('invoices every shipped line with VAT per line, the lot cost, and the due date from the payment terms', async () => {
    const { shipmentId } = await shipTo(world.eastHospital, [
      {
        productId: world.stent,
        lotId: world.lotStent,
        quantity: 2,
        unitPrice: 200_000,
        discountRate: '0.05',
      },
      { productId: world.catheter, lotId: world.lotCatheter, quantity: 3, unitPrice: 333 },
    ]);
    const response = await finance.post('/api/invoices', { shipmentId, invoiceDate: '2026-03-02' });
    expect(response.statusCode, response.body).toBe(201);
    const invoice = response.json();
    expect(invoice).toMatchObject({
      number: 'INV-20260302-0001',
      status: 'open',
      currency: 'CNY',
      exchangeRate: '1.00000000',
      invoiceDate: '2026-03-02',
      dueDate: '2026-04-01',
      // 2 × 2,000.00 × 0.95 = 3,800.00 (VAT 494.00); 3 × 3.33 = 9.99 (VAT 1.2987 → 1.30).
      netAmount: 380_999,
      taxAmount: 49_530,
      grossAmount: 430_529,
      grossCnyFen: 430_529,
      openAmount: 430_529,
      costCnyFen: 5 * 52_000,
    });
    expect(
      invoice.lines.map((l: { netAmount: number; taxAmount: number }) => [l.netAmount, l.taxAmount]),
    ).toEqual([
      [380_000, 49_400],
      [999, 130],
    ]);
    expect(await journalOf('invoice', invoice.id)).toEqual([
      { account: 'AR', debit: 430_529, credit: 0 },
      { account: 'REVENUE', debit: 0, credit: 380_999 },
      { account: 'VAT_OUTPUT', debit: 0, credit: 49_530 },
    ]);
    const { rows } = await test.deps.db.query(
      "SELECT payload FROM outbox_events WHERE type = 'invoice.issued'",
    );
    expect(rows.at(-1)!.payload).toMatchObject({
      invoiceId: invoice.id,
      grossCnyFen: 430_529,
      costCnyFen: 260_000,
    });
  });

  it('invoices a shipment line only once, even when two invoices race for it', async () => {
    const { shipmentId, lineIds } = await shipTo(world.eastHospital, [
      { productId: world.stent, lotId: world.lotStent, quantity: 1, unitPrice: 100_000 },
      { productId: world.catheter, lotId: world.lotCatheter, quantity: 1, unitPrice: 1_000 },
    ]);
    const first = await finance.post('/api/invoices', { shipmentId, shipmentLineIds: [lineIds[0]] });
    expect(first.statusCode, first.body).toBe(201);
    const again = await finance.post('/api/invoices', { shipmentId, shipmentLineIds: [lineIds[0]] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_INVOICED');
    const racing = await Promise.all([1, 2, 3].map(() => finance.post('/api/invoices', { shipmentId })));
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const { rows } = await test.deps.db.query(
      'SELECT count(*)::int AS n FROM invoice_lines WHERE shipment_line_id = ANY($1) AND is_active',
      [lineIds],
    );
    expect(rows[0].n).toBe(2);
  });

  it('converts a USD invoice to CNY exactly at the rate of the invoice date', async () => {
    const { shipmentId } = await createShippedShipment(test, world, {
      customerId: world.westDealer,
      shippedOn: '2026-03-02',
      currency: 'USD',
      exchangeRate: '7.10250000',
      lines: [
        { productId: world.stent, lotId: world.lotStent, quantity: 1, unitPrice: 12_345, vatRate: '0' },
        { productId: world.catheter, lotId: world.lotCatheter, quantity: 1, unitPrice: 6_789, vatRate: '0' },
      ],
    });
    const missing = await finance.post('/api/invoices', { shipmentId, invoiceDate: '2026-05-04' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.code).toBe('EXCHANGE_RATE_MISSING');

    const response = await finance.post('/api/invoices', { shipmentId, invoiceDate: '2026-03-04' });
    expect(response.statusCode, response.body).toBe(201);
    const invoice = response.json();
    // 191.34 USD × 7.1025 = 1,358.99235 → 1,358.99 CNY; the lines share it by largest remainder.
    expect(invoice).toMatchObject({ currency: 'USD', exchangeRate: '7.10250000', grossAmount: 19_134 });
    expect(invoice).toMatchObject({
      netCnyFen: 135_899,
      taxCnyFen: 0,
      grossCnyFen: 135_899,
      openCnyFen: 135_899,
    });
    expect(invoice.lines.map((l: { netCnyFen: number }) => l.netCnyFen)).toEqual([87_680, 48_219]);
    expect(invoice.dueDate).toBe('2026-05-03');
  });

  it('cancels an untouched invoice with a reversal journal and lets its lines be invoiced again', async () => {
    const { shipmentId } = await shipTo(world.eastHospital, [
      { productId: world.stent, lotId: world.lotStent, quantity: 1, unitPrice: 50_000 },
    ]);
    const invoice = (await finance.post('/api/invoices', { shipmentId, invoiceDate: '2026-03-03' })).json();
    const cancelled = await finance.post(`/api/invoices/${invoice.id}/cancel`, {
      version: invoice.version,
      reason: 'wrong buyer tax id',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'wrong buyer tax id' });
    expect(await journalOf('invoice_cancellation', invoice.id)).toEqual([
      { account: 'AR', debit: 0, credit: 56_500 },
      { account: 'REVENUE', debit: 50_000, credit: 0 },
      { account: 'VAT_OUTPUT', debit: 6_500, credit: 0 },
    ]);
    const again = await finance.post('/api/invoices', { shipmentId, invoiceDate: '2026-03-03' });
    expect(again.statusCode, again.body).toBe(201);
    const twice = await finance.post(`/api/invoices/${invoice.id}/cancel`, {
      version: invoice.version + 1,
      reason: 'again',
    });
    expect(twice.json().error.code).toBe('INVALID_STATUS');
  });

  it('records the Golden Tax number of an invoice, and no number twice', async () => {
    const { shipmentId: a } = await shipTo(world.eastHospital, [
      { productId: world.stent, lotId: world.lotStent, quantity: 1, unitPrice: 10_000 },
    ]);
    const { shipmentId: b } = await shipTo(world.eastHospital, [
      { productId: world.stent, lotId: world.lotStent, quantity: 1, unitPrice: 10_000 },
    ]);
    const first = (await finance.post('/api/invoices', { shipmentId: a })).json();
    const second = (await finance.post('/api/invoices', { shipmentId: b })).json();
    const numbered = await finance.patch(`/api/invoices/${first.id}`, {
      version: first.version,
      vatInvoiceNumber: '26312000000012345678',
    });
    expect(numbered.statusCode, numbered.body).toBe(200);
    expect(numbered.json().vatInvoiceNumber).toBe('26312000000012345678');
    const clash = await finance.patch(`/api/invoices/${second.id}`, {
      version: second.version,
      vatInvoiceNumber: '26312000000012345678',
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('DUPLICATE');
  });

  it('replays the first response for a retried request with the same Idempotency-Key', async () => {
    const { shipmentId } = await shipTo(world.eastHospital, [
      { productId: world.stent, lotId: world.lotStent, quantity: 1, unitPrice: 10_000 },
    ]);
    const headers = { 'idempotency-key': 'inv-retry-1' };
    const first = await finance.post('/api/invoices', { shipmentId }, headers);
    const retry = await finance.post('/api/invoices', { shipmentId }, headers);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(first.json().id);
  });
});

describe('credit notes', () => {
  it('credits a price allowance on a line, reducing revenue and the open amount', async () => {
    const { shipmentId } = await shipTo(world.eastHospital, [
      { productId: world.stent, lotId: world.lotStent, quantity: 2, unitPrice: 100_000 },
    ]);
    const invoice = (await finance.post('/api/invoices', { shipmentId, invoiceDate: '2026-03-05' })).json();
    const response = await finance.post('/api/credit-notes', {
      invoiceId: invoice.id,
      creditDate: '2026-03-06',
      reason: 'tender price agreed after delivery',
      lines: [{ invoiceLineId: invoice.lines[0].id, netAmount: 10_000 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const note = response.json();
    expect(note).toMatchObject({
      kind: 'adjustment',
      netAmount: 10_000,
      taxAmount: 1_300,
      grossAmount: 11_300,
      openAmount: 0,
    });
    expect(await journalOf('credit_note', note.id)).toEqual([
      { account: 'REVENUE', debit: 10_000, credit: 0 },
      { account: 'VAT_OUTPUT', debit: 1_300, credit: 0 },
      { account: 'AR', debit: 0, credit: 11_300 },
    ]);
    const after = (await finance.get(`/api/invoices/${invoice.id}`)).json();
    expect(after).toMatchObject({
      status: 'partially_paid',
      creditedAmount: 11_300,
      openAmount: 226_000 - 11_300,
    });
    expect(after.creditNotes).toHaveLength(1);
  });

  it('keeps what a credit note cannot apply to its paid invoice open, to pay another invoice', async () => {
    const { shipmentId } = await shipTo(world.westHospital, [
      { productId: world.catheter, lotId: world.lotCatheter, quantity: 1, unitPrice: 10_000 },
    ]);
    const paidInvoice = (
      await finance.post('/api/invoices', { shipmentId, invoiceDate: '2026-03-05' })
    ).json();
    const payment = await finance.post('/api/payments', {
      customerId: world.westHospital,
      method: 'bank_transfer',
      amount: 11_300,
      receivedDate: '2026-03-06',
      reference: 'ICBC 0001',
      autoAllocate: true,
    });
    expect(payment.json().unallocatedAmount).toBe(0);
    const note = (
      await finance.post('/api/credit-notes', {
        invoiceId: paidInvoice.id,
        creditDate: '2026-03-07',
        reason: 'full credit',
      })
    ).json();
    expect(note).toMatchObject({ grossAmount: 11_300, appliedAmount: 0, openAmount: 11_300 });

    const { shipmentId: next } = await shipTo(world.westHospital, [
      { productId: world.catheter, lotId: world.lotCatheter, quantity: 2, unitPrice: 10_000 },
    ]);
    const other = (
      await finance.post('/api/invoices', { shipmentId: next, invoiceDate: '2026-03-08' })
    ).json();
    const applied = await finance.post(`/api/credit-notes/${note.id}/allocations`, {
      allocations: [{ invoiceId: other.id, amount: 11_300 }],
      allocatedOn: '2026-03-08',
    });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json().unallocatedAmount).toBe(0);
    expect((await finance.get(`/api/invoices/${other.id}`)).json()).toMatchObject({
      creditedAmount: 11_300,
      openAmount: 11_300,
    });
    expect(await receivableCheck(test, world.westHospital)).toMatchObject({
      ledger: 11_300,
      subledger: 11_300,
    });
    expect(await unbalancedJournals(test)).toEqual([]);
  });
});

describe('API description', () => {
  it('documents the finance endpoints in the OpenAPI document', async () => {
    const response = await test.app.inject({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    for (const path of [
      '/api/invoices',
      '/api/payments/{id}/allocations',
      '/api/receivables',
      '/api/customers/{id}/statement',
    ]) {
      expect(paths).toContain(path);
    }
  });
});

describe('row-level scope on invoices', () => {
  it('shows an East rep none of a West customer’s invoices, counts and exports included', async () => {
    const east = apiAs(test, world.cookies.east);
    const list = (await east.get('/api/invoices?pageSize=200')).json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((i: { customerId: number }) => i.customerId === world.eastHospital)).toBe(true);
    const west = (await finance.get(`/api/invoices?customerId=${world.westHospital}`)).json();
    expect(west.total).toBeGreaterThan(0);
    expect((await east.get(`/api/invoices?customerId=${world.westHospital}`)).json().total).toBe(0);
    expect((await east.get(`/api/invoices/${west.items[0].id}`)).statusCode).toBe(404);
    const exported = await east.get('/api/invoices/export?format=csv');
    expect(exported.statusCode).toBe(200);
    expect(exported.body).not.toContain('西安交大一附院');
    expect((await east.post('/api/invoices', { shipmentId: 1 })).statusCode).toBe(403);
  });

  it('shows a distributor user only its own company’s invoices', async () => {
    const dealer = apiAs(test, world.cookies.dealer);
    const list = (await dealer.get('/api/invoices')).json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((i: { customerId: number }) => i.customerId === world.westDealer)).toBe(true);
  });
});
