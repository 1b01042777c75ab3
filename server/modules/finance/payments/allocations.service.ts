/**
 * Settling invoices with payments and credit notes. The source row and the invoice rows are
 * locked (source first, then invoices in id order), the amounts are checked against what is
 * locked, and the CHECK constraints refuse anything that would still overshoot.
 */
import type { AllocateRequest, AllocationResult } from '../../../../contracts/finance.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events.ts';
import type { StoreResponse } from '../../../platform/idempotency.ts';
import { actorId, laterDate, say, violates } from '../finance.shared.ts';
import * as creditNotes from '../invoices/credit-notes.repository.ts';
import * as invoices from '../invoices/invoices.repository.ts';
import { invoiceStatusFor } from '../invoices/invoices.rules.ts';
import { allocationEntries } from '../ledger/ledger.rules.ts';
import { postJournal } from '../ledger/ledger.service.ts';
import {
  type AllocationSource,
  checkRequestedAllocations,
  openCny,
  type PlannedAllocation,
  planAutomaticAllocation,
  priceAllocations,
} from './allocation.rules.ts';
import * as repo from './allocations.repository.ts';
import * as payments from './payments.repository.ts';

export interface SourceDocument extends AllocationSource {
  id: number;
  customerId: number;
  regionId: number;
}

/**
 * Applies planned allocations of one source: allocation rows, invoice settlements, the source's
 * remaining amount, one allocation journal, and invoice.paid events. Everything is already
 * locked by the caller. Returns the new allocation ids.
 */
export async function applyAllocations(
  tx: Queryable,
  ctx: RequestContext,
  source: SourceDocument,
  plan: readonly PlannedAllocation[],
  lockedInvoices: ReadonlyMap<number, repo.LockedInvoice>,
  allocatedOn: string,
  isAutomatic: boolean,
): Promise<number[]> {
  if (plan.length === 0) return [];
  const priced = priceAllocations(source, plan, lockedInvoices);
  const isPayment = source.kind === 'payment';
  const settlements = priced.map((p) => {
    const invoice = lockedInvoices.get(p.invoiceId)!;
    const open = invoice.openAmount - p.amount;
    return {
      invoiceId: p.invoiceId,
      paid: isPayment ? p.amount : 0,
      credited: isPayment ? 0 : p.amount,
      writtenOff: 0,
      openCnyFen: openCny(invoice.grossAmount - open, invoice.grossAmount, invoice.grossCnyFen),
      status: invoiceStatusFor({
        grossAmount: invoice.grossAmount,
        openAmount: open,
        writtenOffAmount: invoice.writtenOffAmount,
      }),
    };
  });
  if ((await invoices.settleInvoices(tx, settlements)) !== settlements.length) {
    throw new AppError('CONFLICT', { detail: say(ctx, 'an invoice changed meanwhile', '发票已被修改') });
  }
  const total = priced.reduce((sum, p) => sum + p.amount, 0);
  const allocatedAfter = source.amount - source.unallocatedAmount + total;
  const leftCny = openCny(allocatedAfter, source.amount, source.amountCnyFen);
  const taken = isPayment
    ? await payments.takeFromPayment(tx, source.id, total, leftCny)
    : await creditNotes.takeFromCreditNote(tx, source.id, total, leftCny);
  if (!taken) throw new AppError('CONFLICT', { detail: source.number });

  const numbers = priced.map((p) => lockedInvoices.get(p.invoiceId)!.number).join(', ');
  const journalId = await postJournal(tx, ctx, {
    businessDate: allocatedOn,
    sourceType: 'allocation',
    sourceId: source.id,
    documentNumber: source.number,
    description: `${source.number} 核销 ${numbers}`,
    entries: allocationEntries(source.customerId, source.kind, {
      sourceCny: priced.reduce((sum, p) => sum + p.sourceCny, 0),
      invoiceCny: priced.reduce((sum, p) => sum + p.invoiceCny, 0),
    }),
  });
  const ids = await repo.insertAllocations(
    tx,
    {
      customerId: source.customerId,
      regionId: source.regionId,
      allocatedOn,
      isAutomatic,
      journalId,
      createdBy: actorId(ctx),
    },
    priced.map((p) => ({
      ...p,
      paymentId: isPayment ? source.id : null,
      creditNoteId: isPayment ? null : source.id,
    })),
  );
  for (const s of settlements.filter((s) => s.status === 'paid')) {
    const invoice = lockedInvoices.get(s.invoiceId)!;
    await emitEvent(tx, 'invoice.paid', {
      invoiceId: s.invoiceId,
      number: invoice.number,
      customerId: source.customerId,
      paidOn: allocatedOn,
      dueDate: invoice.dueDate,
      grossCnyFen: invoice.grossCnyFen,
    });
  }
  return ids;
}

/** Plans (explicit list, checked; or automatic, oldest due first) and applies allocations of one source. */
export async function allocateFromSource(
  tx: Queryable,
  ctx: RequestContext,
  source: SourceDocument,
  request: AllocateRequest,
): Promise<number[]> {
  const allocatedOn = request.allocatedOn ?? laterDate(businessDate(), source.date);
  if (allocatedOn < source.date) {
    throw new AppError(
      'BUSINESS_RULE',
      {
        detail: say(
          ctx,
          `${source.number} cannot be allocated before ${source.date}`,
          `${source.number} 不能在 ${source.date} 之前分配`,
        ),
      },
      { field: 'allocatedOn' },
    );
  }
  const requested = request.allocations;
  const locked = await repo.lockOpenInvoices(
    tx,
    source.customerId,
    requested ? requested.map((r) => r.invoiceId) : null,
  );
  const byId = new Map(locked.map((i) => [i.id, i]));
  let plan: PlannedAllocation[];
  if (requested) {
    checkRequestedAllocations(source, requested, byId, allocatedOn, ctx.lang);
    plan = requested;
  } else {
    plan = planAutomaticAllocation(source, locked, allocatedOn);
  }
  try {
    return await applyAllocations(tx, ctx, source, plan, byId, allocatedOn, !requested);
  } catch (error) {
    // The locks make these unreachable; the CHECKs are the last line if they ever are not.
    const unknown = say(ctx, 'less', '不足');
    if (violates(error, 'invoice_open_amount')) {
      throw new AppError('ALLOCATION_EXCEEDS_OPEN_AMOUNT', { invoice: '', open: unknown, requested: '' });
    }
    if (violates(error, 'payment_unallocated_amount') || violates(error, 'credit_note_open_amount')) {
      throw new AppError('ALLOCATION_EXCEEDS_UNALLOCATED', {
        document: source.number,
        available: unknown,
        requested: '',
      });
    }
    throw error;
  }
}

async function audited(
  tx: Queryable,
  ctx: RequestContext,
  source: SourceDocument,
  entity: 'payment' | 'credit_note',
  ids: number[],
  unallocatedAmount: number,
): Promise<AllocationResult> {
  const allocations = await repo.listAllocationsByIds(tx, ids);
  if (ids.length > 0) {
    await recordAudit(tx, ctx, {
      action: 'allocate',
      entity,
      entityId: source.id,
      after: { allocations, unallocatedAmount },
    });
  }
  return { sourceNumber: source.number, currency: source.currency, unallocatedAmount, allocations };
}

export async function paymentSource(
  tx: Queryable,
  ctx: RequestContext,
  paymentId: number,
): Promise<SourceDocument | undefined> {
  const payment = await payments.findPayment(tx, ctx, paymentId, true);
  if (!payment) return undefined;
  return {
    kind: 'payment',
    id: payment.id,
    number: payment.number,
    customerId: payment.customerId,
    regionId: payment.regionId,
    currency: payment.currency,
    date: payment.receivedDate,
    amount: payment.amount,
    amountCnyFen: payment.amountCnyFen,
    unallocatedAmount: payment.unallocatedAmount,
  };
}

/** POST /api/payments/:id/allocations */
export async function allocatePayment(
  db: Db,
  ctx: RequestContext,
  paymentId: number,
  request: AllocateRequest,
  options: { store?: StoreResponse } = {},
): Promise<AllocationResult> {
  return withTransaction(db, async (tx) => {
    const source = await paymentSource(tx, ctx, paymentId);
    if (!source) throw new AppError('NOT_FOUND');
    const ids = await allocateFromSource(tx, ctx, source, request);
    const left = (await payments.findPayment(tx, ctx, paymentId))!.unallocatedAmount;
    const result = await audited(tx, ctx, source, 'payment', ids, left);
    await options.store?.(tx, 201, result);
    return result;
  });
}

export async function creditNoteSource(
  tx: Queryable,
  ctx: RequestContext,
  creditNoteId: number,
): Promise<SourceDocument | undefined> {
  const note = await creditNotes.findCreditNote(tx, ctx, creditNoteId, true);
  if (!note) return undefined;
  return {
    kind: 'credit_note',
    id: note.id,
    number: note.number,
    customerId: note.customerId,
    regionId: note.regionId,
    currency: note.currency,
    date: note.creditDate,
    amount: note.grossAmount,
    amountCnyFen: note.grossCnyFen,
    unallocatedAmount: note.openAmount,
  };
}

/** POST /api/credit-notes/:id/allocations: an unapplied credit note pays other invoices. */
export async function allocateCreditNote(
  db: Db,
  ctx: RequestContext,
  creditNoteId: number,
  request: AllocateRequest,
  options: { store?: StoreResponse } = {},
): Promise<AllocationResult> {
  return withTransaction(db, async (tx) => {
    const source = await creditNoteSource(tx, ctx, creditNoteId);
    if (!source) throw new AppError('NOT_FOUND');
    const ids = await allocateFromSource(tx, ctx, source, request);
    const left = (await creditNotes.findCreditNote(tx, ctx, creditNoteId))!.openAmount;
    const result = await audited(tx, ctx, source, 'credit_note', ids, left);
    await options.store?.(tx, 201, result);
    return result;
  });
}
