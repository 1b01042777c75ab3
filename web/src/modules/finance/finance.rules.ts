import type { Invoice, InvoiceStatus, InvoiceSummary } from '../../../../contracts/finance.ts';
import { sumMinor } from '../../shared/currency.ts';
import { parseYuanToFen } from '../../shared/money.ts';

const DAY_MS = 86_400_000;

/** Whole days from one business date (YYYY-MM-DD) to another; dates carry no zone, so UTC is exact. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Days an invoice with something still open is past its due date on `today` (0 when not due or settled). */
export function daysPastDue(
  invoice: Pick<InvoiceSummary, 'dueDate' | 'openAmount' | 'status'>,
  today: string,
): number {
  if (invoice.openAmount <= 0) return 0;
  if (invoice.status !== 'open' && invoice.status !== 'partially_paid') return 0;
  return Math.max(0, daysBetween(invoice.dueDate, today));
}

/** An invoice nothing was settled on can be cancelled (the server reverses its journal). */
export function canCancelInvoice(
  invoice: Pick<Invoice, 'status' | 'paidAmount' | 'creditedAmount' | 'writtenOffAmount'>,
): boolean {
  return (
    invoice.status === 'open' &&
    invoice.paidAmount === 0 &&
    invoice.creditedAmount === 0 &&
    invoice.writtenOffAmount === 0
  );
}

export function canCreditInvoice(invoice: Pick<Invoice, 'status'>): boolean {
  return invoice.status !== 'cancelled';
}

/** A write-off takes what is open, once: not while another request for the invoice awaits a decision. */
export function canRequestWriteOff(invoice: Pick<Invoice, 'status' | 'openAmount' | 'writeOffs'>): boolean {
  const isOpen = invoice.status === 'open' || invoice.status === 'partially_paid';
  return isOpen && invoice.openAmount > 0 && !invoice.writeOffs.some((w) => w.status === 'requested');
}

export const invoiceStatusColours: Record<InvoiceStatus, string> = {
  open: 'blue',
  partially_paid: 'gold',
  paid: 'green',
  written_off: 'purple',
  cancelled: 'default',
};

/** The Golden Tax VAT invoice number the server accepts. */
export const VAT_INVOICE_NUMBER = /^[0-9A-Za-z-]{8,32}$/;

export interface OpenInvoice {
  id: number;
  dueDate: string;
  openAmount: number;
}

/**
 * Spreads what is unallocated over open invoices, oldest due date first, like the server's
 * automatic allocation: each invoice gets at most its open amount.
 */
export function fillOldestFirst(invoices: readonly OpenInvoice[], available: number): Map<number, number> {
  const sorted = [...invoices].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id - b.id);
  const result = new Map<number, number>();
  let left = available;
  for (const invoice of sorted) {
    if (left <= 0) break;
    const amount = Math.min(left, invoice.openAmount);
    if (amount > 0) {
      result.set(invoice.id, amount);
      left -= amount;
    }
  }
  return result;
}

export type AllocationProblem = 'format' | 'overOpen';

export interface AllocationCheck {
  /** Minor units per invoice, only for amounts that parse and are above zero. */
  amounts: Map<number, number>;
  problems: Map<number, AllocationProblem>;
  total: number;
  isOverUnallocated: boolean;
}

/** Checks the amounts typed per invoice (yuan text) against each open amount and the payment's unallocated amount. */
export function checkAllocations(
  typed: Readonly<Record<number, string>>,
  invoices: readonly OpenInvoice[],
  unallocated: number,
): AllocationCheck {
  const amounts = new Map<number, number>();
  const problems = new Map<number, AllocationProblem>();
  for (const invoice of invoices) {
    const text = typed[invoice.id]?.trim() ?? '';
    if (!text) continue;
    const minor = parseYuanToFen(text);
    if (minor === null) problems.set(invoice.id, 'format');
    else if (minor > invoice.openAmount) problems.set(invoice.id, 'overOpen');
    else if (minor > 0) amounts.set(invoice.id, minor);
  }
  const total = sumMinor([...amounts.values()]) ?? Number.POSITIVE_INFINITY;
  return { amounts, problems, total, isOverUnallocated: total > unallocated };
}

/** One invoice line on the credit-note form: units taken back, or a price allowance in yuan text. */
export interface CreditLineDraft {
  invoiceLineId: number;
  quantity: number | null;
  allowance: string;
}

export type CreditNoteLineRequest =
  | { invoiceLineId: number; quantity: number }
  | { invoiceLineId: number; netAmount: number };

/** The credit-note lines to send: units for one mode, a net allowance for the other; lines left empty are skipped. */
export function toCreditNoteLines(
  mode: 'units' | 'allowance',
  drafts: readonly CreditLineDraft[],
): CreditNoteLineRequest[] | null {
  const lines: CreditNoteLineRequest[] = [];
  for (const draft of drafts) {
    if (mode === 'units') {
      if (draft.quantity !== null && draft.quantity > 0) {
        lines.push({ invoiceLineId: draft.invoiceLineId, quantity: draft.quantity });
      }
    } else if (draft.allowance.trim()) {
      const netAmount = parseYuanToFen(draft.allowance);
      if (netAmount === null) return null;
      if (netAmount > 0) lines.push({ invoiceLineId: draft.invoiceLineId, netAmount });
    }
  }
  return lines;
}

/** The first and last day of the month of a business date: a statement's default period. */
export function monthOf(date: string): { from: string; to: string } {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}
