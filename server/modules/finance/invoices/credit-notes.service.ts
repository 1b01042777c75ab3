import type {
  CreateCreditNoteRequest,
  CreditNote,
  CreditNoteKind,
  CreditNoteListQuery,
} from '../../../../contracts/finance.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events.ts';
import type { StoreResponse } from '../../../platform/idempotency.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { actorId, say } from '../finance.shared.ts';
import { creditNoteEntries } from '../ledger/ledger.rules.ts';
import { postJournal } from '../ledger/ledger.service.ts';
import { listAllocationsOfCreditNote, lockOpenInvoices } from '../payments/allocations.repository.ts';
import { applyAllocations, creditNoteSource } from '../payments/allocations.service.ts';
import * as repo from './credit-notes.repository.ts';
import {
  type CreditRequest,
  creditEverythingLeft,
  creditLine,
  type LineCredit,
} from './credit-notes.rules.ts';
import { findInvoice } from './invoices.repository.ts';

export async function listCreditNotes(
  db: Db,
  ctx: RequestContext,
  query: CreditNoteListQuery,
  maxPageSize: number,
) {
  const result = await repo.listCreditNotes(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function getCreditNote(db: Queryable, ctx: RequestContext, id: number): Promise<CreditNote> {
  const header = await repo.findCreditNote(db, ctx, id);
  if (!header) throw new AppError('NOT_FOUND');
  // One after the other: `db` may be a transaction's single connection.
  const lines = await repo.listCreditNoteLines(db, id);
  return { ...header, lines, allocations: await listAllocationsOfCreditNote(db, id) };
}

export interface CreditNoteInput {
  invoiceId: number;
  creditDate: string;
  reason: string;
  lines?: ({ invoiceLineId: number } & CreditRequest)[] | undefined;
}

function computeCredits(
  ctx: RequestContext,
  lines: repo.InvoiceLineCredits[],
  requested: ({ invoiceLineId: number } & CreditRequest)[],
  kind: CreditNoteKind,
  currency: string,
): LineCredit[] {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const seen = new Set<number>();
  return requested.map((r, index) => {
    const line = byId.get(r.invoiceLineId);
    if (!line) {
      throw new AppError(
        'INVALID_REFERENCE',
        { entity: say(ctx, 'line of this invoice', '该发票的发票行'), value: r.invoiceLineId },
        { field: `lines.${index}.invoiceLineId` },
      );
    }
    if (seen.has(r.invoiceLineId)) {
      throw new AppError(
        'VALIDATION_FAILED',
        {
          detail: say(
            ctx,
            `invoice line ${r.invoiceLineId} is listed twice`,
            `发票行 ${r.invoiceLineId} 重复出现`,
          ),
        },
        { field: `lines.${index}.invoiceLineId` },
      );
    }
    seen.add(r.invoiceLineId);
    return creditLine(line, r, kind, currency);
  });
}

/**
 * Issues a credit note against an invoice inside the caller's transaction (credit notes of
 * returns come through here too): the lines' credits, the reversing journal (Dr REVENUE or
 * SALES_RETURNS, Dr VAT_OUTPUT / Cr AR), and at once as much of it applied to its own invoice
 * as that invoice still has open. The rest stays open for the customer's other invoices.
 */
export async function issueCreditNote(
  tx: Queryable,
  ctx: RequestContext,
  input: CreditNoteInput,
  kind: CreditNoteKind,
  returnId: number | null,
): Promise<number> {
  const invoice = await findInvoice(tx, ctx, input.invoiceId, true);
  if (!invoice) {
    throw new AppError(
      'INVALID_REFERENCE',
      { entity: say(ctx, 'invoice', '发票'), value: input.invoiceId },
      { field: 'invoiceId' },
    );
  }
  if (invoice.status === 'cancelled') {
    throw new AppError('INVALID_STATUS', { entity: say(ctx, 'invoice', '发票'), status: invoice.status });
  }
  if (input.creditDate < invoice.invoiceDate) {
    throw new AppError(
      'BUSINESS_RULE',
      {
        detail: say(
          ctx,
          `the credit date is before the invoice date ${invoice.invoiceDate}`,
          `红冲日期早于开票日期 ${invoice.invoiceDate}`,
        ),
      },
      { field: 'creditDate' },
    );
  }
  const lines = await repo.listCreditableLines(tx, invoice.id);
  const requested = input.lines ?? creditEverythingLeft(lines);
  if (requested.length === 0) {
    throw new AppError('CREDIT_EXCEEDS_INVOICE', { line: say(ctx, 'every', '全部'), remaining: 0 });
  }
  const credits = computeCredits(ctx, lines, requested, kind, invoice.currency);
  const number = await nextDocumentNumber(tx, 'CN', input.creditDate);
  const id = await repo.insertCreditNote(tx, {
    number,
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    regionId: invoice.regionId,
    kind,
    returnId,
    currency: invoice.currency,
    // The red-letter invoice mirrors the original, at the original's rate.
    exchangeRate: invoice.exchangeRate,
    creditDate: input.creditDate,
    reason: input.reason,
    createdBy: actorId(ctx),
    lines: credits,
  });
  const netCny = credits.reduce((sum, c) => sum + c.netCny, 0);
  const taxCny = credits.reduce((sum, c) => sum + c.taxCny, 0);
  const journalId = await postJournal(tx, ctx, {
    businessDate: input.creditDate,
    sourceType: 'credit_note',
    sourceId: id,
    documentNumber: number,
    description: `红字发票 ${number}（冲 ${invoice.number}）`,
    entries: creditNoteEntries(invoice.customerId, kind, { netCny, taxCny }),
  });
  await repo.setCreditNoteJournal(tx, id, journalId);

  // Apply to its own invoice as far as that invoice is open.
  const source = (await creditNoteSource(tx, ctx, id))!;
  const locked = await lockOpenInvoices(tx, invoice.customerId, [invoice.id]);
  const own = locked[0];
  if (own && own.openAmount > 0) {
    const amount = Math.min(source.unallocatedAmount, own.openAmount);
    await applyAllocations(
      tx,
      ctx,
      source,
      [{ invoiceId: own.id, amount }],
      new Map([[own.id, own]]),
      input.creditDate,
      true,
    );
  }
  const created = await getCreditNote(tx, ctx, id);
  await recordAudit(tx, ctx, { action: 'create', entity: 'credit_note', entityId: id, after: created });
  await emitEvent(tx, 'credit_note.issued', {
    creditNoteId: id,
    number,
    kind,
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    regionId: invoice.regionId,
    creditDate: input.creditDate,
    netCnyFen: created.netCnyFen,
    grossCnyFen: created.grossCnyFen,
    costCnyFen: created.costCnyFen,
  });
  return id;
}

/** POST /api/credit-notes: a price allowance, or units credited without goods coming back. */
export async function createCreditNote(
  db: Db,
  ctx: RequestContext,
  input: CreateCreditNoteRequest,
  options: { store?: StoreResponse } = {},
): Promise<CreditNote> {
  return withTransaction(db, async (tx) => {
    const id = await issueCreditNote(
      tx,
      ctx,
      {
        invoiceId: input.invoiceId,
        reason: input.reason,
        creditDate: input.creditDate ?? businessDate(),
        lines: input.lines?.map((l) =>
          l.quantity !== undefined
            ? { invoiceLineId: l.invoiceLineId, quantity: l.quantity }
            : { invoiceLineId: l.invoiceLineId, netAmount: l.netAmount ?? 0 },
        ),
      },
      'adjustment',
      null,
    );
    const created = await getCreditNote(tx, ctx, id);
    await options.store?.(tx, 201, created);
    return created;
  });
}
