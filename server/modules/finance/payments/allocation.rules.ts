/**
 * Allocation of a payment (or an unapplied credit note) to open invoices: never more than the
 * source has unallocated, never more than an invoice has open, same currency only, and the CNY
 * moved split exactly (DOMAIN "Money").
 */
import { AppError } from '../../../platform/errors.ts';
import { cnyOfStep, cnyShare, formatMoney, splitLargestRemainder, toSafeNumber } from '../money.rules.ts';

export interface OpenInvoice {
  id: number;
  number: string;
  currency: string;
  invoiceDate: string;
  dueDate: string;
  grossAmount: number;
  grossCnyFen: number;
  openAmount: number;
}

export interface AllocationSource {
  kind: 'payment' | 'credit_note';
  number: string;
  currency: string;
  /** The payment's received date or the credit note's date. */
  date: string;
  amount: number;
  amountCnyFen: number;
  unallocatedAmount: number;
}

export interface PlannedAllocation {
  invoiceId: number;
  amount: number;
}

export interface PricedAllocation extends PlannedAllocation {
  /** CNY leaving the source. */
  sourceCny: number;
  /** CNY of receivable cleared on the invoice. */
  invoiceCny: number;
}

/** The order of automatic allocation: oldest due date first, then oldest invoice, then number order. */
export function byOldestDue(a: OpenInvoice, b: OpenInvoice): number {
  return a.dueDate.localeCompare(b.dueDate) || a.invoiceDate.localeCompare(b.invoiceDate) || a.id - b.id;
}

/**
 * Automatic allocation: the source's unallocated amount goes to the eligible invoices (same
 * currency, issued by the allocation date, something open) oldest due first, each taking what
 * it has open until the source is used up. What is left stays as customer credit.
 */
export function planAutomaticAllocation(
  source: AllocationSource,
  invoices: readonly OpenInvoice[],
  allocatedOn: string,
): PlannedAllocation[] {
  let left = source.unallocatedAmount;
  const plan: PlannedAllocation[] = [];
  const eligible = invoices
    .filter((i) => i.currency === source.currency && i.invoiceDate <= allocatedOn && i.openAmount > 0)
    .sort(byOldestDue);
  for (const invoice of eligible) {
    if (left === 0) break;
    const amount = Math.min(left, invoice.openAmount);
    plan.push({ invoiceId: invoice.id, amount });
    left -= amount;
  }
  return plan;
}

/** Refuses a requested allocation that would go beyond the source or any invoice. */
export function checkRequestedAllocations(
  source: AllocationSource,
  requested: readonly PlannedAllocation[],
  invoices: ReadonlyMap<number, OpenInvoice>,
  allocatedOn: string,
  lang: 'zh-CN' | 'en',
): void {
  const en = lang === 'en';
  const seen = new Set<number>();
  requested.forEach((r, index) => {
    if (seen.has(r.invoiceId)) {
      throw new AppError(
        'VALIDATION_FAILED',
        { detail: en ? `invoice ${r.invoiceId} is listed twice` : `发票 ${r.invoiceId} 重复出现` },
        { field: `allocations.${index}.invoiceId` },
      );
    }
    seen.add(r.invoiceId);
    const invoice = invoices.get(r.invoiceId);
    if (!invoice) {
      throw new AppError(
        'INVALID_REFERENCE',
        { entity: en ? 'open invoice of the customer' : '该客户的未结发票', value: r.invoiceId },
        { field: `allocations.${index}.invoiceId` },
      );
    }
    if (invoice.currency !== source.currency) {
      throw new AppError(
        'CURRENCY_MISMATCH',
        {
          document: source.number,
          currency: source.currency,
          invoice: invoice.number,
          invoiceCurrency: invoice.currency,
        },
        { field: `allocations.${index}.invoiceId` },
      );
    }
    if (invoice.invoiceDate > allocatedOn) {
      throw new AppError(
        'BUSINESS_RULE',
        {
          detail: en
            ? `invoice ${invoice.number} is dated ${invoice.invoiceDate}, after the allocation date ${allocatedOn}`
            : `发票 ${invoice.number} 的开票日期 ${invoice.invoiceDate} 晚于分配日期 ${allocatedOn}`,
        },
        { field: 'allocatedOn' },
      );
    }
    if (r.amount > invoice.openAmount) {
      throw new AppError(
        'ALLOCATION_EXCEEDS_OPEN_AMOUNT',
        {
          invoice: invoice.number,
          open: formatMoney(invoice.openAmount, invoice.currency),
          requested: formatMoney(r.amount, invoice.currency),
        },
        { field: `allocations.${index}.amount`, invoiceId: invoice.id, openAmount: invoice.openAmount },
      );
    }
  });
  const total = requested.reduce((sum, r) => sum + r.amount, 0);
  if (total > source.unallocatedAmount) {
    throw new AppError(
      'ALLOCATION_EXCEEDS_UNALLOCATED',
      {
        document: source.number,
        available: formatMoney(source.unallocatedAmount, source.currency),
        requested: formatMoney(total, source.currency),
      },
      { unallocatedAmount: source.unallocatedAmount },
    );
  }
}

/**
 * The CNY each allocation moves. The source gives up its CNY in proportion to what is
 * allocated (the batch's CNY is the step of the source's cumulative share, split over the
 * batch by largest remainder); each invoice clears its own cumulative share. When a source is
 * used up it has given exactly its CNY amount; when an invoice is settled it has cleared its.
 */
export function priceAllocations(
  source: AllocationSource,
  planned: readonly PlannedAllocation[],
  invoices: ReadonlyMap<number, OpenInvoice>,
): PricedAllocation[] {
  const batch = planned.reduce((sum, p) => sum + p.amount, 0);
  const allocatedBefore = source.amount - source.unallocatedAmount;
  const batchCny = cnyOfStep(allocatedBefore, batch, source.amount, source.amountCnyFen);
  const sourceShares = splitLargestRemainder(
    BigInt(batchCny),
    planned.map((p) => BigInt(p.amount)),
  );
  return planned.map((p, i) => {
    const invoice = invoices.get(p.invoiceId)!;
    const settledBefore = invoice.grossAmount - invoice.openAmount;
    // Spelled out, not spread: V8 builds `{ ...p, more }` with a runtime call per added property.
    return {
      invoiceId: p.invoiceId,
      amount: p.amount,
      sourceCny: toSafeNumber(sourceShares[i]!),
      invoiceCny: cnyOfStep(settledBefore, p.amount, invoice.grossAmount, invoice.grossCnyFen),
    };
  });
}

/** The CNY still open on a document once `settled` of its `whole` is settled. */
export function openCny(settled: number, whole: number, wholeCny: number): number {
  return wholeCny - cnyShare(settled, whole, wholeCny);
}
