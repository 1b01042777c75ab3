import { describe, expect, it } from 'vitest';
import {
  allocationEntries,
  creditNoteEntries,
  invoiceEntries,
  isBalanced,
  paymentEntries,
  reversalEntries,
  writeOffEntries,
} from './ledger.rules.ts';

describe('receivable postings', () => {
  it('posts an invoice as Dr AR gross / Cr REVENUE net / Cr VAT_OUTPUT tax', () => {
    const entries = invoiceEntries(7, { netCny: 10_000, taxCny: 1_300 });
    expect(entries).toEqual([
      { account: 'AR', customerId: 7, debitFen: 11_300, creditFen: 0 },
      { account: 'REVENUE', customerId: null, debitFen: 0, creditFen: 10_000 },
      { account: 'VAT_OUTPUT', customerId: null, debitFen: 0, creditFen: 1_300 },
    ]);
    expect(isBalanced(entries)).toBe(true);
  });

  it('reverses revenue and VAT for a credit note, into SALES_RETURNS when goods came back', () => {
    expect(creditNoteEntries(7, 'adjustment', { netCny: 500, taxCny: 65 })[0]).toMatchObject({
      account: 'REVENUE',
      debitFen: 500,
    });
    const returned = creditNoteEntries(7, 'return', { netCny: 500, taxCny: 65 });
    expect(returned.map((e) => e.account)).toEqual(['SALES_RETURNS', 'VAT_OUTPUT', 'AR']);
    expect(isBalanced(returned)).toBe(true);
  });

  it('books an acceptance bill as a note receivable and a transfer as cash, both as customer credit', () => {
    expect(paymentEntries(7, 'acceptance_bill', 900)[0]!.account).toBe('NOTES_RECEIVABLE');
    expect(paymentEntries(7, 'bank_transfer', 900)[0]!.account).toBe('CASH');
    expect(paymentEntries(7, 'cash', 900)[1]).toEqual({
      account: 'CUSTOMER_CREDIT',
      customerId: 7,
      debitFen: 0,
      creditFen: 900,
    });
  });

  it('sends the CNY difference of an allocation at two rates to FX_DIFFERENCE, on the right side', () => {
    const gain = allocationEntries(7, 'payment', { sourceCny: 72_000, invoiceCny: 71_025 });
    expect(gain).toContainEqual({ account: 'FX_DIFFERENCE', customerId: null, debitFen: 0, creditFen: 975 });
    const loss = allocationEntries(7, 'payment', { sourceCny: 70_000, invoiceCny: 71_025 });
    expect(loss).toContainEqual({
      account: 'FX_DIFFERENCE',
      customerId: null,
      debitFen: 1_025,
      creditFen: 0,
    });
    expect(isBalanced(gain) && isBalanced(loss)).toBe(true);
  });

  it('posts nothing when a credit note settles an invoice of the same customer at the same CNY value', () => {
    expect(allocationEntries(7, 'credit_note', { sourceCny: 565, invoiceCny: 565 })).toEqual([]);
  });

  it('writes off as Dr BAD_DEBT_EXPENSE / Cr AR, and a reversal mirrors any journal', () => {
    const entries = writeOffEntries(7, 12);
    expect(entries.map((e) => [e.account, e.debitFen, e.creditFen])).toEqual([
      ['BAD_DEBT_EXPENSE', 12, 0],
      ['AR', 0, 12],
    ]);
    expect(reversalEntries(entries).map((e) => [e.account, e.debitFen, e.creditFen])).toEqual([
      ['BAD_DEBT_EXPENSE', 0, 12],
      ['AR', 12, 0],
    ]);
  });

  it('finds a journal with unequal sides or a two-sided entry unbalanced', () => {
    expect(isBalanced([{ account: 'AR', customerId: 1, debitFen: 10, creditFen: 0 }])).toBe(false);
    expect(
      isBalanced([
        { account: 'AR', customerId: 1, debitFen: 10, creditFen: 10 },
        { account: 'CASH', customerId: null, debitFen: 0, creditFen: 0 },
      ]),
    ).toBe(false);
  });
});
