import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { asSuperuser } from '../../../testing/test-db.ts';
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

/** An invoice of one catheter line (VAT 13 %) for the customer, dated `invoiceDate`. */
async function invoiceOf(customerId: number, unitPrice: number, invoiceDate = '2026-03-02') {
  const { shipmentId } = await createShippedShipment(test, world, {
    customerId,
    shippedOn: invoiceDate,
    lines: [{ productId: world.catheter, lotId: world.lotCatheter, quantity: 1, unitPrice }],
  });
  const response = await finance.post('/api/invoices', { shipmentId, invoiceDate });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as {
    id: number;
    number: string;
    grossAmount: number;
    openAmount: number;
    version: number;
  };
}

async function paymentOf(customerId: number, amount: number, extra: Record<string, unknown> = {}) {
  const response = await finance.post('/api/payments', {
    customerId,
    method: 'bank_transfer',
    amount,
    receivedDate: '2026-03-10',
    reference: `TRX-${amount}-${Math.random()}`,
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number; number: string; unallocatedAmount: number; allocations: unknown[] };
}

const invoiceNow = async (id: number) => (await finance.get(`/api/invoices/${id}`)).json();

describe('payments and allocation', () => {
  it('keeps an over-payment as customer credit once the invoices are paid', async () => {
    const invoice = await invoiceOf(world.eastHospital, 100_000);
    const payment = await paymentOf(world.eastHospital, 120_000, { autoAllocate: true });
    expect(payment.unallocatedAmount).toBe(120_000 - 113_000);
    expect(payment.allocations).toHaveLength(1);
    expect(await invoiceNow(invoice.id)).toMatchObject({
      status: 'paid',
      openAmount: 0,
      paidAmount: 113_000,
    });
    const { rows } = await test.deps.db.query(
      "SELECT payload FROM outbox_events WHERE type = 'invoice.paid' AND (payload->>'invoiceId')::bigint = $1",
      [invoice.id],
    );
    expect(rows).toHaveLength(1);
    const credit = await test.deps.db.query(
      `SELECT sum(credit_fen - debit_fen)::bigint AS credit FROM ledger_entries
        WHERE account = 'CUSTOMER_CREDIT' AND customer_id = $1`,
      [world.eastHospital],
    );
    expect(credit.rows[0].credit).toBe(7_000);
  });

  it('pays the invoice due first when allocating automatically', async () => {
    const later = await invoiceOf(world.westHospital, 10_000, '2026-03-05');
    const earlier = await invoiceOf(world.westHospital, 10_000, '2026-03-01');
    const payment = await paymentOf(world.westHospital, 11_300);
    const response = await finance.post(`/api/payments/${payment.id}/allocations`, {});
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().allocations).toMatchObject([
      { invoiceId: earlier.id, amount: 11_300, isAutomatic: true },
    ]);
    expect((await invoiceNow(later.id)).openAmount).toBe(11_300);
  });

  it('never allocates beyond the payment’s unallocated amount or the invoice’s open amount', async () => {
    const invoice = await invoiceOf(world.eastHospital, 10_000);
    const payment = await paymentOf(world.eastHospital, 5_000);
    const beyondInvoice = await finance.post(`/api/payments/${payment.id}/allocations`, {
      allocations: [{ invoiceId: invoice.id, amount: 11_301 }],
    });
    expect(beyondInvoice.statusCode).toBe(409);
    expect(beyondInvoice.json().error.code).toBe('ALLOCATION_EXCEEDS_OPEN_AMOUNT');
    const beyondPayment = await finance.post(`/api/payments/${payment.id}/allocations`, {
      allocations: [{ invoiceId: invoice.id, amount: 5_001 }],
    });
    expect(beyondPayment.statusCode).toBe(409);
    expect(beyondPayment.json().error.code).toBe('ALLOCATION_EXCEEDS_UNALLOCATED');
    const partly = await finance.post(`/api/payments/${payment.id}/allocations`, {
      allocations: [{ invoiceId: invoice.id, amount: 5_000 }],
    });
    expect(partly.statusCode, partly.body).toBe(201);
    expect(await invoiceNow(invoice.id)).toMatchObject({ status: 'partially_paid', openAmount: 6_300 });
    // The database refuses an over-allocation even if the application did not check.
    await expect(
      test.deps.db.query(
        'UPDATE invoices SET paid_amount = paid_amount + 7000, open_amount = open_amount - 7000 WHERE id = $1',
        [invoice.id],
      ),
    ).rejects.toThrow(/invoice_open_amount/);
    await expect(
      test.deps.db.query(
        'UPDATE payments SET allocated_amount = allocated_amount + 1, unallocated_amount = unallocated_amount - 1 WHERE id = $1',
        [payment.id],
      ),
    ).rejects.toThrow(/payment_unallocated_amount/);
  });

  it('refuses to allocate a USD payment to a CNY invoice', async () => {
    await test.deps.db.query(
      "INSERT INTO exchange_rates (currency, rate_date, rate) VALUES ('USD', '2026-03-10', 7.2)",
    );
    const invoice = await invoiceOf(world.eastHospital, 10_000);
    const payment = await paymentOf(world.eastHospital, 1_000, { currency: 'USD' });
    const response = await finance.post(`/api/payments/${payment.id}/allocations`, {
      allocations: [{ invoiceId: invoice.id, amount: 100 }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('CURRENCY_MISMATCH');
  });

  it('lets 10 concurrent allocations of 10 payments settle exactly what one invoice has open', async () => {
    const invoice = await invoiceOf(world.westHospital, 100_000, '2026-03-02'); // 1,130.00 open
    const payments = await Promise.all(
      Array.from({ length: 10 }, () => paymentOf(world.westHospital, 30_000)),
    );
    const results = await Promise.all(
      payments.map((p) =>
        finance.post(`/api/payments/${p.id}/allocations`, {
          allocations: [{ invoiceId: invoice.id, amount: 30_000 }],
        }),
      ),
    );
    const codes = results.map((r) => (r.statusCode === 201 ? 'ok' : r.json().error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(3);
    expect(codes.filter((c) => c === 'ALLOCATION_EXCEEDS_OPEN_AMOUNT')).toHaveLength(7);
    expect(await invoiceNow(invoice.id)).toMatchObject({ openAmount: 23_000, paidAmount: 90_000 });

    // The same race with automatic allocation: the invoice is settled to the fen, never beyond.
    const automatic = await Promise.all(
      payments.map((p) => finance.post(`/api/payments/${p.id}/allocations`, {})),
    );
    expect(automatic.every((r) => r.statusCode === 201)).toBe(true);
    const after = await invoiceNow(invoice.id);
    expect(after).toMatchObject({ status: 'paid', openAmount: 0, paidAmount: 113_000 });
    expect(after.allocations.reduce((s: number, a: { amount: number }) => s + a.amount, 0)).toBe(113_000);
    const onPaid = await finance.post(`/api/payments/${payments[9]!.id}/allocations`, {
      allocations: [{ invoiceId: invoice.id, amount: 1 }],
    });
    expect(onPaid.statusCode).toBe(409);
    expect(onPaid.json().error.code).toBe('ALLOCATION_EXCEEDS_OPEN_AMOUNT');
  });

  it('lets 10 concurrent allocations of one payment take no more than it has', async () => {
    const invoices = [];
    for (let i = 0; i < 10; i++) invoices.push(await invoiceOf(world.westDealer, 10_000, '2026-03-03'));
    const payment = await paymentOf(world.westDealer, 50_000);
    const results = await Promise.all(
      invoices.map((inv) =>
        finance.post(`/api/payments/${payment.id}/allocations`, {
          allocations: [{ invoiceId: inv.id, amount: 11_300 }],
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(4);
    expect(
      results
        .filter((r) => r.statusCode === 409)
        .every((r) => r.json().error.code === 'ALLOCATION_EXCEEDS_UNALLOCATED'),
    ).toBe(true);
    const after = (await finance.get(`/api/payments/${payment.id}`)).json();
    expect(after).toMatchObject({ allocatedAmount: 45_200, unallocatedAmount: 4_800 });
    expect(await unbalancedJournals(test)).toEqual([]);
    expect(await receivableCheck(test, world.westDealer)).toMatchObject({
      ledger: 113_000 - 45_200,
      subledger: 113_000 - 45_200,
    });
  });

  it('books an acceptance bill with its maturity date as a note receivable', async () => {
    const missing = await finance.post('/api/payments', {
      customerId: world.eastHospital,
      method: 'acceptance_bill',
      amount: 100_000,
      reference: 'BILL-1',
    });
    expect(missing.statusCode).toBe(400);
    const bill = await paymentOf(world.eastHospital, 100_000, {
      method: 'acceptance_bill',
      maturityDate: '2026-09-10',
      reference: 'BILL-2',
    });
    const { rows } = await test.deps.db.query(
      `SELECT e.account FROM journals j JOIN ledger_entries e ON e.journal_id = j.id
        WHERE j.source_type = 'payment' AND j.source_id = $1 AND e.debit_fen > 0`,
      [bill.id],
    );
    expect(rows).toEqual([{ account: 'NOTES_RECEIVABLE' }]);
  });
});

describe('write-offs', () => {
  it('needs another user’s approval before a small remaining amount is written off', async () => {
    const invoice = await invoiceOf(world.eastHospital, 10_000);
    const payment = await paymentOf(world.eastHospital, 11_250);
    await finance.post(`/api/payments/${payment.id}/allocations`, {
      allocations: [{ invoiceId: invoice.id, amount: 11_250 }],
    });

    const cfo = apiAs(test, world.cookies.cfo);
    const requested = await cfo.post(`/api/invoices/${invoice.id}/write-offs`, {
      reason: 'bank charges deducted by the hospital',
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const writeOff = requested.json();
    expect(writeOff).toMatchObject({ status: 'requested', amount: 50 });
    expect((await invoiceNow(invoice.id)).openAmount).toBe(50);

    const own = await cfo.post(`/api/write-offs/${writeOff.id}/approve`, {});
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('SELF_APPROVAL');
    expect((await finance.post(`/api/write-offs/${writeOff.id}/approve`, {})).statusCode).toBe(403);
    // Not even SQL can record a decision by the requester.
    await expect(
      asSuperuser(
        test.database,
        "UPDATE write_offs SET status = 'rejected', decided_by = requested_by WHERE id = $1",
        [writeOff.id],
      ),
    ).rejects.toThrow(/write_off_four_eyes/);

    const approved = await apiAs(test, world.cookies.cfo2).post(`/api/write-offs/${writeOff.id}/approve`, {
      note: 'ok',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      amountCnyFen: 50,
      writtenOffOn: expect.any(String),
    });
    expect(await invoiceNow(invoice.id)).toMatchObject({
      status: 'written_off',
      openAmount: 0,
      writtenOffAmount: 50,
    });
    const { rows } = await test.deps.db.query(
      `SELECT e.account, e.debit_fen AS debit, e.credit_fen AS credit FROM journals j
         JOIN ledger_entries e ON e.journal_id = j.id WHERE j.source_type = 'write_off' AND j.source_id = $1 ORDER BY e.id`,
      [writeOff.id],
    );
    expect(rows).toEqual([
      { account: 'BAD_DEBT_EXPENSE', debit: 50, credit: 0 },
      { account: 'AR', debit: 0, credit: 50 },
    ]);
    const events = await test.deps.db.query(
      "SELECT count(*)::int AS n FROM outbox_events WHERE type = 'invoice.written_off'",
    );
    expect(events.rows[0].n).toBe(1);
  });

  it('refuses a write-off beyond the open amount and a second pending request', async () => {
    const invoice = await invoiceOf(world.eastHospital, 1_000);
    const tooMuch = await finance.post(`/api/invoices/${invoice.id}/write-offs`, {
      amount: 1_131,
      reason: 'too much',
    });
    expect(tooMuch.json().error.code).toBe('WRITE_OFF_EXCEEDS_OPEN_AMOUNT');
    expect(
      (await finance.post(`/api/invoices/${invoice.id}/write-offs`, { amount: 30, reason: 'rounding' }))
        .statusCode,
    ).toBe(201);
    const second = await finance.post(`/api/invoices/${invoice.id}/write-offs`, {
      amount: 20,
      reason: 'rounding',
    });
    expect(second.statusCode).toBe(409);
  });
});
