import { describe, expect, it } from 'vitest';
import {
  type AllocationSource,
  checkRequestedAllocations,
  type OpenInvoice,
  planAutomaticAllocation,
  priceAllocations,
} from './allocation.rules.ts';

const invoice = (
  id: number,
  dueDate: string,
  openAmount: number,
  extra: Partial<OpenInvoice> = {},
): OpenInvoice => ({
  id,
  number: `INV-${id}`,
  currency: 'CNY',
  invoiceDate: '2026-01-01',
  dueDate,
  grossAmount: openAmount,
  grossCnyFen: openAmount,
  openAmount,
  ...extra,
});

const payment = (unallocatedAmount: number, extra: Partial<AllocationSource> = {}): AllocationSource => ({
  kind: 'payment',
  number: 'PMT-1',
  currency: 'CNY',
  date: '2026-03-01',
  amount: unallocatedAmount,
  amountCnyFen: unallocatedAmount,
  unallocatedAmount,
  ...extra,
});

describe('automatic allocation', () => {
  it('pays the oldest due invoice first and keeps what is left as customer credit', () => {
    const invoices = [
      invoice(1, '2026-03-31', 500),
      invoice(2, '2026-02-28', 300),
      invoice(3, '2026-04-30', 400),
    ];
    expect(planAutomaticAllocation(payment(1_000), invoices, '2026-03-01')).toEqual([
      { invoiceId: 2, amount: 300 },
      { invoiceId: 1, amount: 500 },
      { invoiceId: 3, amount: 200 },
    ]);
    expect(
      planAutomaticAllocation(payment(2_000), invoices, '2026-03-01').reduce((s, p) => s + p.amount, 0),
    ).toBe(1_200);
  });

  it('skips invoices in another currency or issued after the allocation date', () => {
    const invoices = [
      invoice(1, '2026-01-31', 500, { currency: 'USD' }),
      invoice(2, '2026-02-28', 300, { invoiceDate: '2026-03-05' }),
      invoice(3, '2026-04-30', 400),
    ];
    expect(planAutomaticAllocation(payment(1_000), invoices, '2026-03-01')).toEqual([
      { invoiceId: 3, amount: 400 },
    ]);
  });
});

describe('requested allocations', () => {
  const invoices = new Map([[1, invoice(1, '2026-02-28', 500)]]);

  it('refuses more than the invoice has open', () => {
    expect(() =>
      checkRequestedAllocations(
        payment(1_000),
        [{ invoiceId: 1, amount: 501 }],
        invoices,
        '2026-03-01',
        'en',
      ),
    ).toThrow(expect.objectContaining({ code: 'ALLOCATION_EXCEEDS_OPEN_AMOUNT' }));
  });

  it('refuses more than the payment has unallocated', () => {
    expect(() =>
      checkRequestedAllocations(payment(400), [{ invoiceId: 1, amount: 401 }], invoices, '2026-03-01', 'en'),
    ).toThrow(expect.objectContaining({ code: 'ALLOCATION_EXCEEDS_UNALLOCATED' }));
  });

  it('refuses an invoice in another currency, and an invoice listed twice', () => {
    const usd = new Map([[1, invoice(1, '2026-02-28', 500, { currency: 'USD' })]]);
    expect(() =>
      checkRequestedAllocations(payment(400), [{ invoiceId: 1, amount: 1 }], usd, '2026-03-01', 'en'),
    ).toThrow(expect.objectContaining({ code: 'CURRENCY_MISMATCH' }));
    expect(() =>
      checkRequestedAllocations(
        payment(400),
        [
          { invoiceId: 1, amount: 1 },
          { invoiceId: 1, amount: 1 },
        ],
        invoices,
        '2026-03-01',
        'en',
      ),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('CNY of allocations', () => {
  it('splits the CNY a USD payment gives up exactly over the invoices it pays', () => {
    // 100.00 USD received at 7.20 (720.00 CNY) pays three invoices issued at 7.1025.
    const source = payment(10_000, { currency: 'USD', amount: 10_000, amountCnyFen: 72_000 });
    const invoices = new Map(
      [1, 2, 3].map((id) => [id, invoice(id, '2026-02-28', 3_334, { currency: 'USD', grossCnyFen: 23_680 })]),
    );
    const priced = priceAllocations(
      source,
      [
        { invoiceId: 1, amount: 3_333 },
        { invoiceId: 2, amount: 3_333 },
        { invoiceId: 3, amount: 3_334 },
      ],
      invoices,
    );
    expect(priced.reduce((s, p) => s + p.sourceCny, 0)).toBe(72_000);
    // Exact 23,997.6 / 23,997.6 / 24,004.8: two leftover fen, to .8 and then the earlier .6.
    expect(priced.map((p) => p.sourceCny)).toEqual([23_998, 23_997, 24_005]);
    // The third invoice is settled in full, so it clears exactly its CNY amount.
    expect(priced[2]!.invoiceCny).toBe(23_680);
  });
});
