/**
 * The receivables ledger's postings as pure functions. Every journal is in CNY fen; an entry
 * is on one side only; a journal's debits equal its credits (the database checks it again at
 * commit).
 */
import type { CreditNoteKind, LedgerAccount, PaymentMethod } from '../../../../contracts/finance.ts';

export interface Entry {
  account: LedgerAccount;
  customerId: number | null;
  debitFen: number;
  creditFen: number;
}

/** A signed movement: positive is a debit, negative a credit. */
interface Movement {
  account: LedgerAccount;
  customerId: number | null;
  fen: number;
}

const dr = (account: LedgerAccount, fen: number, customerId: number | null = null): Movement => ({
  account,
  customerId,
  fen,
});
const cr = (account: LedgerAccount, fen: number, customerId: number | null = null): Movement => ({
  account,
  customerId,
  fen: -fen,
});

/**
 * Nets movements per account and customer, drops what nets to zero and puts each on its side.
 * Order is kept (first appearance), so journals read naturally: debits as written, then credits.
 */
export function toEntries(movements: readonly Movement[]): Entry[] {
  const net = new Map<string, Movement>();
  for (const m of movements) {
    if (!Number.isSafeInteger(m.fen)) throw new RangeError(`not a whole fen amount: ${m.fen}`);
    const key = `${m.account}/${m.customerId ?? ''}`;
    const found = net.get(key);
    if (found) found.fen += m.fen;
    else net.set(key, { ...m });
  }
  return [...net.values()]
    .filter((m) => m.fen !== 0)
    .map((m) => ({
      account: m.account,
      customerId: m.customerId,
      debitFen: Math.max(m.fen, 0),
      creditFen: Math.max(-m.fen, 0),
    }));
}

export function isBalanced(entries: readonly Entry[]): boolean {
  const debits = entries.reduce((sum, e) => sum + e.debitFen, 0);
  const credits = entries.reduce((sum, e) => sum + e.creditFen, 0);
  return debits === credits && entries.every((e) => e.debitFen > 0 !== e.creditFen > 0);
}

/** The mirror image of a journal: what it debited is credited and vice versa. */
export function reversalEntries(entries: readonly Entry[]): Entry[] {
  return entries.map((e) => ({ ...e, debitFen: e.creditFen, creditFen: e.debitFen }));
}

/** Invoice: Dr AR gross / Cr REVENUE net / Cr VAT_OUTPUT tax. */
export function invoiceEntries(customerId: number, amounts: { netCny: number; taxCny: number }): Entry[] {
  return toEntries([
    dr('AR', amounts.netCny + amounts.taxCny, customerId),
    cr('REVENUE', amounts.netCny),
    cr('VAT_OUTPUT', amounts.taxCny),
  ]);
}

/**
 * Credit note, the invoice's posting in reverse: Dr REVENUE (SALES_RETURNS for returned goods)
 * net / Dr VAT_OUTPUT tax / Cr AR gross.
 */
export function creditNoteEntries(
  customerId: number,
  kind: CreditNoteKind,
  amounts: { netCny: number; taxCny: number },
): Entry[] {
  return toEntries([
    dr(kind === 'return' ? 'SALES_RETURNS' : 'REVENUE', amounts.netCny),
    dr('VAT_OUTPUT', amounts.taxCny),
    cr('AR', amounts.netCny + amounts.taxCny, customerId),
  ]);
}

/** Payment received: Dr CASH (NOTES_RECEIVABLE for an acceptance bill) / Cr CUSTOMER_CREDIT. */
export function paymentEntries(customerId: number, method: PaymentMethod, amountCny: number): Entry[] {
  return toEntries([
    dr(method === 'acceptance_bill' ? 'NOTES_RECEIVABLE' : 'CASH', amountCny),
    cr('CUSTOMER_CREDIT', amountCny, customerId),
  ]);
}

/**
 * Allocation: the customer's credit (a payment) or an unapplied credit note pays invoices —
 * Dr CUSTOMER_CREDIT (or AR for the credit note) / Cr AR. When the source and the invoice were
 * converted at different rates, the CNY difference goes to FX_DIFFERENCE.
 */
export function allocationEntries(
  customerId: number,
  source: 'payment' | 'credit_note',
  amounts: { sourceCny: number; invoiceCny: number },
): Entry[] {
  const difference = amounts.sourceCny - amounts.invoiceCny;
  return toEntries([
    dr(source === 'payment' ? 'CUSTOMER_CREDIT' : 'AR', amounts.sourceCny, customerId),
    cr('AR', amounts.invoiceCny, customerId),
    // More CNY left the source than the invoice cleared: a gain (credit); less: a loss (debit).
    cr('FX_DIFFERENCE', difference),
  ]);
}

/** Write-off: Dr BAD_DEBT_EXPENSE / Cr AR. */
export function writeOffEntries(customerId: number, amountCny: number): Entry[] {
  return toEntries([dr('BAD_DEBT_EXPENSE', amountCny), cr('AR', amountCny, customerId)]);
}
