import { describe, expect, it } from 'vitest';
import {
  canCancelInvoice,
  canRequestWriteOff,
  checkAllocations,
  daysPastDue,
  fillOldestFirst,
  monthOf,
  toCreditNoteLines,
} from './finance.rules.ts';

describe('daysPastDue', () => {
  it('counts the days an open invoice is past its due date', () => {
    expect(daysPastDue({ dueDate: '2026-01-31', openAmount: 100, status: 'open' }, '2026-03-02')).toBe(30);
    expect(
      daysPastDue({ dueDate: '2026-03-10', openAmount: 100, status: 'partially_paid' }, '2026-03-02'),
    ).toBe(0);
  });

  it('is zero for settled, written-off and cancelled invoices', () => {
    expect(daysPastDue({ dueDate: '2025-01-01', openAmount: 0, status: 'paid' }, '2026-03-02')).toBe(0);
    expect(daysPastDue({ dueDate: '2025-01-01', openAmount: 100, status: 'cancelled' }, '2026-03-02')).toBe(
      0,
    );
  });
});

describe('invoice actions', () => {
  it('cancels only an open invoice nothing was settled on', () => {
    const base = { status: 'open' as const, paidAmount: 0, creditedAmount: 0, writtenOffAmount: 0 };
    expect(canCancelInvoice(base)).toBe(true);
    expect(canCancelInvoice({ ...base, paidAmount: 1 })).toBe(false);
    expect(canCancelInvoice({ ...base, status: 'partially_paid' })).toBe(false);
  });

  it('requests a write-off only while none awaits a decision', () => {
    const invoice = { status: 'open' as const, openAmount: 500, writeOffs: [] };
    expect(canRequestWriteOff(invoice)).toBe(true);
    expect(canRequestWriteOff({ ...invoice, writeOffs: [{ status: 'requested' }] as never })).toBe(false);
    expect(canRequestWriteOff({ ...invoice, writeOffs: [{ status: 'rejected' }] as never })).toBe(true);
  });
});

describe('allocations', () => {
  const invoices = [
    { id: 2, dueDate: '2026-02-01', openAmount: 30_000 },
    { id: 1, dueDate: '2026-01-01', openAmount: 10_000 },
    { id: 3, dueDate: '2026-03-01', openAmount: 50_000 },
  ];

  it('fills the oldest due invoices first with what the payment has left', () => {
    expect([...fillOldestFirst(invoices, 35_000)]).toEqual([
      [1, 10_000],
      [2, 25_000],
    ]);
  });

  it('reads typed yuan exactly and flags amounts above the open amount or the payment', () => {
    const check = checkAllocations({ 1: '100.00', 2: '0.29', 3: 'abc' }, invoices, 10_000);
    expect(Object.fromEntries(check.amounts)).toEqual({ 1: 10_000, 2: 29 });
    expect(check.problems.get(3)).toBe('format');
    expect(check.total).toBe(10_029);
    expect(check.isOverUnallocated).toBe(true);
    expect(checkAllocations({ 1: '100.01' }, invoices, 99_999).problems.get(1)).toBe('overOpen');
  });
});

describe('toCreditNoteLines', () => {
  const drafts = [
    { invoiceLineId: 1, quantity: 2, allowance: '' },
    { invoiceLineId: 2, quantity: null, allowance: '15.50' },
  ];

  it('sends units or a net price allowance per line, skipping empty lines', () => {
    expect(toCreditNoteLines('units', drafts)).toEqual([{ invoiceLineId: 1, quantity: 2 }]);
    expect(toCreditNoteLines('allowance', drafts)).toEqual([{ invoiceLineId: 2, netAmount: 1550 }]);
  });

  it('refuses an allowance that is not an amount', () => {
    expect(
      toCreditNoteLines('allowance', [{ invoiceLineId: 1, quantity: null, allowance: '1.234' }]),
    ).toBeNull();
  });
});

describe('monthOf', () => {
  it('gives the calendar month of a date, leap years included', () => {
    expect(monthOf('2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthOf('2026-11-23')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });
});
